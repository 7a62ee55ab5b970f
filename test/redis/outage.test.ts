// Redis going away is a normal event: session pages answer 503 promptly, nothing dies, and it heals by itself.
import request from 'supertest';
import { csrfFrom } from '../support/app';
import { closeRedisApps, connectedRedisApp, eventually, freePort, redisApp, RedisServer, startRedis } from '../support/redis';
import { Visitor } from '../support/visitor';

afterEach(closeRedisApps);

test('Redis stopped mid-flow: session pages and /healthz answer 503, other pages work; Redis back: all works, no restart', async () => {
  const redis = await startRedis();
  try {
    const app = await connectedRedisApp(redis.url);
    const visitor = new Visitor();
    const page1 = await visitor.submit(app, '/page1', { firstName: 'Ada', lastName: 'Lovelace' });
    expect(page1.status).toBe(303);
    const page2 = await visitor.get(app, '/page2');
    expect(page2.status).toBe(200);

    await redis.stop();

    const blocked = await visitor.get(app, '/page2');
    expect(blocked.status).toBe(503);
    expect(blocked.text).toContain('Try again in a moment');
    expect(blocked.headers['retry-after']).toBe('5');
    // A POST whose session can't be read or saved never gets its success redirect.
    const post = await visitor.post(app, '/page2', { favoriteColor: 'teal', _csrf: csrfFrom(page2.text) });
    expect(post.status).toBe(503);
    expect((await request(app).get('/healthz')).status).toBe(503);
    // Pages that need no session: static files, and the home page for a visitor without a cookie.
    expect((await request(app).get('/style.css')).status).toBe(200);
    expect((await request(app).get('/')).status).toBe(200);

    await redis.start(); // same port; started empty, as a Redis without persistence would be
    await eventually(async () => {
      expect((await request(app).get('/healthz')).status).toBe(200);
    });
    // The old session went with the old Redis: the visitor is told and starts again, then finishes.
    const back = await visitor.get(app, '/page2');
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/page1');
    expect((await visitor.get(app, '/page1')).text).toContain('Your session expired.');
    expect((await visitor.submit(app, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
    expect((await visitor.submit(app, '/page2', { favoriteColor: 'teal' })).status).toBe(303);
    expect((await visitor.get(app, '/page3')).text).toContain('teal');

    expect(app.logs.filter((line) => line.includes('unavailable'))).toHaveLength(1); // not one line per retry
    expect(app.logs.at(-1)).toBe('redis: connected again\n');
  } finally {
    await redis.stop();
  }
});

test('a Redis that stops answering gives 503s instead of hanging; when it answers again the session carries on', async () => {
  const redis = await startRedis();
  try {
    const app = await connectedRedisApp(redis.url);
    const visitor = new Visitor();
    await visitor.submit(app, '/page1', { firstName: 'Grace', lastName: 'Hopper' });
    const page2 = await visitor.get(app, '/page2');

    redis.pause(); // the connection stays open; nothing answers
    const post = await visitor.post(app, '/page2', { favoriteColor: 'navy', _csrf: csrfFrom(page2.text) });
    expect(post.status).toBe(503);
    expect((await request(app).get('/healthz')).status).toBe(503);

    redis.resume();
    await eventually(async () => {
      expect((await request(app).get('/healthz')).status).toBe(200);
    });
    const again = await visitor.get(app, '/page2');
    expect(again.status).toBe(200);
    expect(again.text).toContain('Hopper');
    expect(again.text).not.toContain('navy'); // the refused POST stored nothing
  } finally {
    redis.resume();
    await redis.stop();
  }
});

test('an app started while Redis is down serves 503s, then works once Redis starts', async () => {
  const redis = new RedisServer(await freePort()); // nothing listening there yet
  try {
    const app = redisApp(redis.url);
    expect((await request(app).get('/healthz')).status).toBe(503);
    // Reading a page needs no store (nothing is stored before the first answer); storing an answer does.
    expect((await request(app).get('/page1')).status).toBe(200);
    expect((await request(app).get('/')).status).toBe(200);
    const early = new Visitor();
    expect((await early.submit(app, '/page1', { firstName: 'Alan', lastName: 'Turing' })).status).toBe(503);

    await redis.start();
    await eventually(async () => {
      expect((await request(app).get('/healthz')).status).toBe(200);
    });
    const visitor = new Visitor();
    expect((await visitor.submit(app, '/page1', { firstName: 'Alan', lastName: 'Turing' })).status).toBe(303);
  } finally {
    await redis.stop();
  }
});
