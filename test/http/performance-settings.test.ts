// The settings chosen for speed keep the outside the same: templates cached in production, no ETag on
// pages (they differ per session), static files still served with their own validators.
import request from 'supertest';
import { closeApps, testApp } from '../support/app';

afterAll(closeApps);

describe('settings chosen for speed', () => {
  it('keeps compiled templates in production and re-reads them in development', () => {
    expect(testApp({ nodeEnv: 'production' }).enabled('view cache')).toBe(true);
    expect(testApp({ nodeEnv: 'development' }).enabled('view cache')).toBe(false);
  });

  it('sends no ETag with a page', async () => {
    const res = await request(testApp()).get('/').expect(200);
    expect(res.headers.etag).toBeUndefined();
  });

  it('still serves the stylesheet, with an ETag and a cache lifetime in production', async () => {
    const res = await request(testApp({ nodeEnv: 'production' })).get('/style.css').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/css/);
    expect(res.headers.etag).toBeDefined();
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers an unknown file-like URL with the 404 page', async () => {
    const res = await request(testApp()).get('/nothing-here.css').expect(404);
    expect(res.text).toContain('Page not found');
  });
});
