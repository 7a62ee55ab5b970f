// /healthz when Redis is full under `maxmemory-policy noeviction`: PING still works, writes don't, so 503; 200 again once there is room.
import request from 'supertest';
import { RedisNewSessionLimit } from '../../src/http/new-session-limit';
import { closeRedisApps, connectedRedisApp, eventually, directClient, startRedis, type RedisClient, type RedisServer } from '../support/redis';

let redis: RedisServer;
let filler: RedisClient | undefined;

beforeAll(async () => {
  redis = await startRedis(['--maxmemory', '2mb', '--maxmemory-policy', 'noeviction']);
  filler = await directClient(redis);
});

afterEach(closeRedisApps);

afterAll(async () => {
  filler?.destroy();
  await redis.stop();
});

const MAX_KEYS_PER_SIZE = 1000; // 1000 x 16 kB is far past 2 MB: each loop ends by OOM long before this

/**
 * Writes filler keys until Redis refuses even a small one with OOM; returns the keys written. Large values
 * first, then smaller ones: a refused large command's own buffer counts while it waits, so a small write may
 * still fit after it.
 */
async function fillUntilOom(round = 0): Promise<string[]> {
  const keys: string[] = [];
  for (const size of [16 * 1024, 1024, 64]) {
    const value = 'x'.repeat(size);
    let refused = false;
    for (let i = 0; i < MAX_KEYS_PER_SIZE && !refused; i++) {
      const key = `filler:${round}:${size}:${i}`;
      try {
        await filler!.set(key, value);
        keys.push(key);
      } catch (err) {
        expect(String(err)).toMatch(/OOM/);
        refused = true;
      }
    }
    if (!refused) throw new Error(`Redis took ${MAX_KEYS_PER_SIZE} filler keys of ${size} bytes without refusing: is maxmemory set?`);
  }
  return keys;
}

test('full Redis: /healthz answers 503 and says writes are refused; after the filler goes, 200 by itself', async () => {
  const app = await connectedRedisApp(redis.url);
  const before = await request(app).get('/healthz');
  expect(before.status).toBe(200);
  expect(before.body).toEqual({ status: 'ok', store: { kind: 'redis', reachable: true, writable: true } });

  const keys = await fillUntilOom();
  expect(keys.length).toBeGreaterThan(0);

  // Redis counts its clients' buffers in its used memory, so a refused write may leave room again a moment later
  // (seen on a loaded machine): the filling goes on, a few rounds at most, until the app's own probe meets it full.
  let full = await request(app).get('/healthz');
  for (let round = 1; round <= 3 && full.status !== 503; round++) {
    keys.push(...(await fillUntilOom(round)));
    full = await request(app).get('/healthz');
  }
  expect(full.status).toBe(503);
  expect(full.body).toEqual({ status: 'unavailable', problem: 'store refuses writes', store: { kind: 'redis', reachable: true, writable: false } });
  expect(full.headers['cache-control']).toBe('no-store');
  expect(await filler!.ping()).toBe('PONG'); // reachable all along: PING alone would have said 200
  // The limit on new sessions can't count on a full Redis either: it lets the visitor through (the session
  // write that follows answers 503), rather than calling everyone over the limit.
  expect(await new RedisNewSessionLimit({ incrementWithExpiry: app.store.incrementWithExpiry! }, { perMinute: 1 }).take('203.0.113.30')).toEqual({ allowed: true });

  await filler!.del(keys); // DEL needs no memory, so it works on a full Redis
  await eventually(async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.store.writable).toBe(true);
  });
});

test('the probe key expires by itself', async () => {
  const app = await connectedRedisApp(redis.url);
  expect((await request(app).get('/healthz')).status).toBe(200);
  const ttl = await filler!.pTTL('sess:flow:healthz');
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(10_000);
});
