// The settings chosen for speed keep the outside the same: templates cached in production, no ETag on
// pages (they differ per session), static files still served with their own validators.
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { helmetOptions } from '../../src/http/security';
import { closeApps, testApp, testConfig } from '../support/app';

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

  // The security headers are helmet's, with our options: exactly what helmet sends on its own, in production
  // (with upgrade-insecure-requests) and not, and no X-Powered-By.
  it.each(['production', 'development'] as const)('sends exactly the security headers helmet sends (%s)', async (nodeEnv) => {
    const reference = express();
    reference.disable('x-powered-by');
    reference.use(helmet(helmetOptions(testConfig({ nodeEnv }))));
    reference.get('/', (_req, res) => {
      res.send('ok');
    });
    const expected = (await request(reference).get('/').expect(200)).headers;
    const actual = (await request(testApp({ nodeEnv })).get('/').expect(200)).headers;
    const names = Object.keys(expected).filter((name) => !['content-type', 'content-length', 'date', 'connection', 'etag', 'keep-alive'].includes(name));
    expect(names.length).toBeGreaterThanOrEqual(12);
    for (const name of names) expect([name, actual[name]]).toEqual([name, expected[name]]);
    expect(actual['x-powered-by']).toBeUndefined();
  });
});

