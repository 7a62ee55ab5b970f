// Cache-Control: no-store on every page, redirect and error page; static files keep their caching.
import request from 'supertest';
import { closeApps, completeJourney, submit, testApp } from '../support/app';
import { rawPost } from '../support/hostile';

afterAll(closeApps);

test('pages, redirects and error pages say no-store', async () => {
  const agent = request.agent(testApp());
  const responses = [
    await agent.get('/'),
    await agent.get('/page1'),
    await agent.get('/page3'), // 303 to the first question
    await agent.get('/nowhere'), // 404
    await agent.get('/nothing-here.css'), // 404 for a file-like URL that passed through express.static
    await agent.post('/page1').type('form').send({ firstName: 'A', lastName: 'B' }), // 403: no token
    await rawPost(agent, { path: '/page1', contentType: 'application/json', body: '{}' }), // 415
    await rawPost(agent, { path: '/page1', contentType: 'application/x-www-form-urlencoded', body: 'x'.repeat(9000) }), // 413
    await submit(agent, '/page1', { firstName: '', lastName: '' }), // 422
    await submit(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' }), // 303
    await agent.get('/healthz'),
  ];
  expect(responses.map((r) => r.status)).toEqual([200, 200, 303, 404, 404, 403, 415, 413, 422, 303, 200]);
  for (const res of responses) expect([res.status, res.headers['cache-control']]).toEqual([res.status, 'no-store']);

  await completeJourney(agent);
  const summary = await agent.get('/page3').expect(200);
  expect(summary.headers['cache-control']).toBe('no-store');
});

test('static files keep their caching (an hour in production, revalidated in development)', async () => {
  const production = await request(testApp({ nodeEnv: 'production' })).get('/style.css').expect(200);
  expect(production.headers['cache-control']).toBe('public, max-age=3600');
  const development = await request(testApp()).get('/style.css').expect(200);
  expect(development.headers['cache-control']).toBe('public, max-age=0');
});
