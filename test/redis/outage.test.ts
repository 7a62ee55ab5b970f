// Redis going away is a normal event: session pages answer 503 promptly, nothing dies, and it heals by itself.
import request from 'supertest';
import { csrfFrom } from '../support/app';
import { closeRedisApps, connectedRedisApp, directClient, eventually, freePort, redisApp, RedisServer, startRedis } from '../support/redis';
import { answerOrder } from '../support/trust';
import { Visitor } from '../support/visitor';

/** Each test's own redis-server, stopped after it (before its apps are closed: a frozen one would hold their goodbyes). */
const started: RedisServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((redis) => redis.stop()));
  await closeRedisApps();
});

async function ownRedis(args: readonly string[] = []): Promise<RedisServer> {
  const redis = await startRedis(args);
  started.push(redis);
  return redis;
}

test('Redis stopped mid-flow: session pages and /healthz answer 503, other pages work; Redis back: all works, no restart', async () => {
  const redis = await ownRedis();
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
  // The old session went with the old Redis: the visitor is told, without a reason the app does not know, and
  // starts again, then finishes.
  const back = await visitor.get(app, '/page2');
  expect(back.status).toBe(303);
  expect(back.headers.location).toBe('/page1');
  const told = (await visitor.get(app, '/page1')).text;
  expect(told).toContain('We could not find your session.');
  expect(told).not.toContain('expired');
  expect((await visitor.submit(app, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
  expect((await visitor.submit(app, '/page2', { favoriteColor: 'teal' })).status).toBe(303);
  expect((await visitor.get(app, '/page3')).text).toContain('teal');

  expect(app.logs.filter((line) => line.includes('unavailable'))).toHaveLength(1); // not one line per retry
  expect(app.logs.at(-1)).toBe('redis: connected again\n');
}, 15_000); // waits for a restart and a reconnection (backoff up to 2 s)

test('a Redis that stops answering gives 503s instead of hanging; when it answers again the session carries on', async () => {
  const redis = await ownRedis();
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
}, 15_000); // waits for a reconnection (backoff up to 2 s)

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
}, 15_000); // waits for a restart and a reconnection (backoff up to 2 s)

// Issue 21.3: a write that timed out may still have been stored; the app reads the record back before answering.
describe('a Redis that stalls after the session loaded', () => {
  /** Runs `stall` just before the app's next write, and sends the write only once what `stall` returns has settled. */
  function beforeNextWrite(app: { store: { records?: { set: (id: string, r: never) => Promise<boolean> } } }, stall: () => unknown): void {
    const records = app.store.records!;
    const realSet = records.set.bind(records);
    records.set = async (id, record) => {
      records.set = realSet;
      await stall();
      return realSet(id, record);
    };
  }

  /** The app's next write goes to a frozen Redis (no answer within the 1.5 s limit), which wakes `ms` later and runs it. */
  function freezeNextWrite(app: Parameters<typeof beforeNextWrite>[0], redis: RedisServer, ms: number): void {
    beforeNextWrite(app, () => {
      redis.pause();
      setTimeout(() => redis.resume(), ms);
    });
  }

  test('paused past the time limit, then going on: the answer was stored, and the visitor is told so (303), not 503', async () => {
    const redis = await ownRedis();
    const app = await connectedRedisApp(redis.url);
    const visitor = new Visitor();
    await visitor.submit(app, '/page1', { firstName: 'Grace', lastName: 'Hopper' });
    const page2 = await visitor.get(app, '/page2');
    freezeNextWrite(app, redis, 2000);
    const post = await visitor.post(app, '/page2', { favoriteColor: 'navy', _csrf: csrfFrom(page2.text) });
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe('/page3');
    expect((await visitor.get(app, '/page3')).text).toContain('navy');
  }, 15_000);

  test('"Place order" stalled the same way goes to the done page; the order is never lost behind an empty first question', async () => {
    const redis = await ownRedis();
    const app = await connectedRedisApp(redis.url);
    const visitor = new Visitor();
    await answerOrder(visitor, app, 'collection');
    const check = await visitor.get(app, '/order/check');
    freezeNextWrite(app, redis, 2000);
    const placed = await visitor.post(app, '/order/check', { _csrf: csrfFrom(check.text) });
    expect(placed.status).toBe(303);
    expect(placed.headers.location).toBe('/order/done');
    // Sent again (a visitor who pressed the button twice): still the done page.
    const again = await visitor.post(app, '/order/check', { _csrf: csrfFrom(check.text) });
    expect(again.headers.location).toBe('/order/done');
    expect((await visitor.get(app, '/order/done')).text).toContain('Order placed');
  }, 15_000);

  test('writes held back past the time limit and dropped (CLIENT PAUSE WRITE): 503 saying the answer was not saved, nothing stored', async () => {
    const redis = await ownRedis();
    const admin = await directClient(redis);
    try {
      const app = await connectedRedisApp(redis.url);
      const visitor = new Visitor();
      await visitor.submit(app, '/page1', { firstName: 'Grace', lastName: 'Hopper' });
      const page2 = await visitor.get(app, '/page2');
      let paused: Promise<unknown> = Promise.resolve();
      // The write is sent only once Redis has acknowledged the pause, so it is always held back.
      beforeNextWrite(app, () => (paused = admin.sendCommand(['CLIENT', 'PAUSE', '2500', 'WRITE'])));
      const post = await visitor.post(app, '/page2', { favoriteColor: 'navy', _csrf: csrfFrom(page2.text) });
      await paused;
      expect(post.status).toBe(503);
      expect(post.text).toContain('cannot be reached');
      expect(post.text).toContain('Your last answer was not saved.');
      expect(post.text).toContain('The answers you gave before are still kept.');
      await eventually(async () => {
        expect((await request(app).get('/healthz')).status).toBe(200);
      });
      const page = (await visitor.get(app, '/page2')).text;
      expect(page).toContain('Hopper');
      expect(page).not.toContain('navy');
    } finally {
      admin.destroy();
    }
  }, 15_000);

  test('statistical: 6 answers stalled past the time limit: none is answered 503 while stored', async () => {
    const redis = await ownRedis();
    const app = await connectedRedisApp(redis.url);
    const deadline = Date.now() + 30_000;
    let wrong = 0;
    let trials = 0;
    for (; trials < 6 && Date.now() < deadline; trials++) {
      const visitor = new Visitor();
      await visitor.submit(app, '/page1', { firstName: `Grace${trials}`, lastName: 'Hopper' });
      const page2 = await visitor.get(app, '/page2');
      await eventually(async () => {
        expect((await request(app).get('/healthz')).status).toBe(200);
      });
      freezeNextWrite(app, redis, 1600 + 200 * (trials % 3));
      const post = await request(app)
        .post('/page2')
        .set('Cookie', visitor.cookie ?? '')
        .type('form')
        .send({ favoriteColor: `colour${trials}`, _csrf: csrfFrom(page2.text) });
      redis.resume();
      const stored = (await visitor.get(app, '/page3')).text.includes(`colour${trials}`);
      if ((post.status === 303) !== stored) wrong++;
    }
    expect(trials).toBeGreaterThanOrEqual(3);
    expect(wrong).toBe(0);
  }, 40_000);
});

// Issue 21.9: the 503 page says what is true: full or unreachable, and nothing about answers it cannot vouch for.
describe('what the 503 page says', () => {
  test('Redis full (noeviction): "full", the last answer not saved, the earlier ones kept; a newcomer is told nothing was stored', async () => {
    const redis = await ownRedis(['--maxmemory-policy', 'noeviction']);
    const filler = await directClient(redis);
    try {
      const app = await connectedRedisApp(redis.url);
      const visitor = new Visitor();
      await visitor.submit(app, '/page1', { firstName: 'Grace', lastName: 'Hopper' });
      const page2 = await visitor.get(app, '/page2');
      const newcomer = new Visitor();
      const newcomerPage = await newcomer.get(app, '/page1');
      // Full: a limit below what Redis already uses, so every write that needs memory is refused (OOM), deterministically.
      await filler.configSet('maxmemory', '1');
      await expect(filler.set('probe', 'x'.repeat(300))).rejects.toThrow(/OOM/);
      const post = await visitor.post(app, '/page2', { favoriteColor: 'navy', _csrf: csrfFrom(page2.text) });
      expect(post.status).toBe(503);
      expect(post.text).toContain('is full just now');
      expect(post.text).not.toContain('cannot be reached');
      expect(post.text).toContain('Your last answer was not saved.');
      expect(post.text).toContain('The answers you gave before are still kept.');

      const first = await newcomer.post(app, '/page1', { firstName: 'Alan', lastName: 'Turing', _csrf: csrfFrom(newcomerPage.text) });
      expect(first.status).toBe(503);
      expect(first.text).toContain('is full just now');
      expect(first.text).toContain('Nothing you sent was stored.');
      expect(first.text).not.toContain('still kept');
      expect(first.text).not.toContain('safe');
    } finally {
      filler.destroy();
    }
  }, 20_000);

  test('Redis down: "cannot be reached", and no word that the answers are safe (it may come back empty)', async () => {
    const redis = await ownRedis();
    const app = await connectedRedisApp(redis.url);
    const visitor = new Visitor();
    await visitor.submit(app, '/page1', { firstName: 'Grace', lastName: 'Hopper' });
    await redis.stop();
    const page = await visitor.get(app, '/page2');
    expect(page.status).toBe(503);
    expect(page.text).toContain('cannot be reached');
    expect(page.text).not.toContain('safe');
    expect(page.text).not.toContain('still kept');
  });
});
