// Two app instances sharing one Redis: a visitor's requests may land on either, and a restart loses nothing.
import { KEY_PREFIX } from '../../src/session/redis';
import { closeRedisApps, connectedRedisApp, directClient, startRedis, type RedisClient, type RedisServer } from '../support/redis';
import { Visitor } from '../support/visitor';
import { csrfFrom } from '../support/app';

let redis: RedisServer;
let inspector: RedisClient | undefined;

beforeAll(async () => {
  redis = await startRedis();
  inspector = await directClient(redis);
});

afterEach(closeRedisApps);

afterAll(async () => {
  inspector?.destroy();
  await redis.stop();
});

test("one visitor's requests alternate between two instances, CSRF included", async () => {
  const [a, b] = await Promise.all([connectedRedisApp(redis.url), connectedRedisApp(redis.url)]);
  const visitor = new Visitor();

  // The page (and its token) comes from one instance, the POST goes to the other.
  const page1 = await visitor.submit(a, '/page1', { firstName: 'Ada', lastName: 'Lovelace' }, b);
  expect(page1.status).toBe(303);
  expect(page1.headers.location).toBe('/page2');

  const page2 = await visitor.submit(b, '/page2', { favoriteColor: 'teal' }, a);
  expect(page2.headers.location).toBe('/page3');

  const summary = await visitor.get(b, '/page3');
  expect(summary.status).toBe(200);
  expect(summary.text).toContain('Lovelace');
  expect(summary.text).toContain('teal');

  // A wrong token is refused by either instance, and changes nothing.
  const forged = await visitor.post(a, '/page1', { firstName: 'Mallory', lastName: 'X', _csrf: 'not-the-token' });
  expect(forged.status).toBe(403);
  expect((await visitor.get(b, '/page3')).text).not.toContain('Mallory');

  // Start over on one instance ends the session on both.
  const oldCookie = visitor.cookie;
  const startOver = await visitor.post(b, '/start-over', { _csrf: csrfFrom(summary.text) });
  expect(startOver.status).toBe(303);
  const stale = new Visitor();
  stale.cookie = oldCookie;
  const afterward = await stale.get(a, '/page3');
  expect(afterward.status).toBe(303);
  expect(afterward.headers.location).toBe('/page1');
});

test('many visitors over both instances each keep only their own answers', async () => {
  const apps = await Promise.all([connectedRedisApp(redis.url), connectedRedisApp(redis.url)]);
  const visitors = Array.from({ length: 12 }, (_, i) => ({ visitor: new Visitor(), name: `Visitor${i}` }));

  await Promise.all(
    visitors.map(async ({ visitor, name }, i) => {
      const [first, second] = i % 2 === 0 ? apps : ([apps[1], apps[0]] as const);
      expect((await visitor.submit(first, '/page1', { firstName: name, lastName: `Family${i}` }, second)).status).toBe(303);
      expect((await visitor.submit(second, '/page2', { favoriteColor: `colour${i}` }, first)).status).toBe(303);
    }),
  );

  for (const [i, { visitor, name }] of visitors.entries()) {
    const summary = await visitor.get(apps[i % 2 === 0 ? 1 : 0], '/page3');
    expect(summary.status).toBe(200);
    const shown = summary.text.match(/Visitor\d+|Family\d+|colour\d+/g) ?? [];
    expect(new Set(shown)).toEqual(new Set([name, `Family${i}`, `colour${i}`]));
  }
});

test('an app restarted on the same Redis still has the session', async () => {
  const before = await connectedRedisApp(redis.url);
  const visitor = new Visitor();
  await visitor.submit(before, '/page1', { firstName: 'Grace', lastName: 'Hopper' });
  await before.close();

  const after = await connectedRedisApp(redis.url);
  const page2 = await visitor.get(after, '/page2');
  expect(page2.status).toBe(200);
  expect(page2.text).toContain('Hopper');
});

test("session keys carry the app's prefix, expire after the idle timeout, and each visit restarts the clock", async () => {
  const app = await connectedRedisApp(redis.url, { sessionIdleMs: 20 * 60_000 });
  const db = inspector;
  if (!db) throw new Error('no Redis client');
  const visitor = new Visitor();
  await visitor.submit(app, '/page1', { firstName: 'Alan', lastName: 'Turing' });

  const keys = await db.keys(`${KEY_PREFIX}*`);
  const values = await Promise.all(keys.map((k) => db.get(k)));
  const key = keys[values.findIndex((value) => value?.includes('Turing'))];
  expect(key).toBeDefined();
  expect(await db.ttl(key ?? '')).toBeGreaterThan(20 * 60 - 30);
  expect(await db.ttl(key ?? '')).toBeLessThanOrEqual(20 * 60);

  // Pretend the visitor has been idle for most of the timeout; a page view that changes nothing resets it.
  await db.expire(key ?? '', 60);
  expect((await visitor.get(app, '/page2')).status).toBe(200);
  expect(await db.ttl(key ?? '')).toBeGreaterThan(20 * 60 - 30);
});
