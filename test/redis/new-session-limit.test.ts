// The limit on new sessions with Redis: one count per address shared by every app instance, in keys that expire.
import { KEY_PREFIX } from '../../src/session/redis';
import { windowOf } from '../../src/http/new-session-limit';
import { behindProxy, firstAnswersFrom, inAFreshMinute } from '../support/limits';
import { closeRedisApps, connectedRedisApp, directClient, startRedis, type RedisClient, type RedisServer } from '../support/redis';

let redis: RedisServer;
let inspector: RedisClient | undefined;

beforeAll(async () => {
  redis = await startRedis();
  inspector = await directClient(redis);
});

beforeEach(() => inAFreshMinute(), 10_000); // may wait up to 5 s for the next minute

afterEach(closeRedisApps);

afterAll(async () => {
  inspector?.destroy();
  await redis.stop();
});

const ADDRESS = '203.0.113.20';

test('two app instances on one Redis share one count per address', async () => {
  const [a, b] = (await Promise.all([connectedRedisApp(redis.url, { newSessionsPerMinute: 4 }), connectedRedisApp(redis.url, { newSessionsPerMinute: 4 })])).map(
    behindProxy,
  ) as [Awaited<ReturnType<typeof connectedRedisApp>>, Awaited<ReturnType<typeof connectedRedisApp>>];

  // Four new sessions from one address, spread over both instances (page from one, answers to the other).
  for (let i = 0; i < 4; i++) {
    const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
    expect((await firstAnswersFrom(ADDRESS, first, second)).res.status).toBe(303);
  }
  // The fifth is refused by either instance: neither has seen more than two on its own.
  for (const app of [a, b]) {
    const { res } = await firstAnswersFrom(ADDRESS, app);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.text).toContain('Too many new visitors from your network');
  }
  // Another address is unaffected, on either instance.
  expect((await firstAnswersFrom('198.51.100.20', a)).res.status).toBe(303);
  expect((await firstAnswersFrom('198.51.100.20', b)).res.status).toBe(303);

  // The count is one key per address and minute, under the app's prefix, which expires just after its minute.
  const keys = await inspector!.keys(`${KEY_PREFIX}rl:${ADDRESS}:*`);
  expect(keys).toHaveLength(1);
  const window = Number(keys[0]!.split(':').at(-1));
  expect(Math.abs(window - windowOf(Date.now()).index)).toBeLessThanOrEqual(1);
  const ttl = await inspector!.pTTL(keys[0]!);
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(65_000);
});

test('0 turns the limit off and writes no counter', async () => {
  const app = behindProxy(await connectedRedisApp(redis.url, { newSessionsPerMinute: 0 }));
  for (let i = 0; i < 10; i++) expect((await firstAnswersFrom('203.0.113.21', app)).res.status).toBe(303);
  expect(await inspector!.keys(`${KEY_PREFIX}rl:203.0.113.21:*`)).toEqual([]);
});
