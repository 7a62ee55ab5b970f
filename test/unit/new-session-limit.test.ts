// The limit on new sessions per address: counting, the minute's end, 0 = off, bounded memory, and Redis failing open.
import { addressKey, MemoryNewSessionLimit, RedisNewSessionLimit, windowOf, type LimitCommands } from '../../src/http/new-session-limit';

/** A clock the test moves; starts 10 s into a minute. */
function clock(start = 1_000 * 60_000 + 10_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function takeMany(limit: { take(a: string): Promise<{ allowed: boolean }> }, address: string, n: number) {
  const verdicts = [];
  for (let i = 0; i < n; i++) verdicts.push(await limit.take(address));
  return verdicts;
}

describe('windowOf', () => {
  test('numbers whole minutes and says how long the current one has left', () => {
    expect(windowOf(60_000 * 5)).toEqual({ index: 5, msLeft: 60_000 });
    expect(windowOf(60_000 * 5 + 59_999)).toEqual({ index: 5, msLeft: 1 });
  });
});

describe('MemoryNewSessionLimit', () => {
  test('allows the limit per minute per address, then refuses with the seconds left in the minute', async () => {
    const time = clock();
    const limit = new MemoryNewSessionLimit({ perMinute: 3, now: time.now });
    expect((await takeMany(limit, '10.0.0.1', 3)).every((v) => v.allowed)).toBe(true);
    expect(await limit.take('10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(await limit.take('10.0.0.2')).toEqual({ allowed: true }); // other addresses are unaffected
  });

  test('a new minute starts a new count', async () => {
    const time = clock();
    const limit = new MemoryNewSessionLimit({ perMinute: 2, now: time.now });
    await takeMany(limit, 'a', 2);
    expect((await limit.take('a')).allowed).toBe(false);
    time.advance(49_999);
    expect(await limit.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(1);
    expect((await takeMany(limit, 'a', 2)).every((v) => v.allowed)).toBe(true);
    expect((await limit.take('a')).allowed).toBe(false);
  });

  test('0 turns the limit off', async () => {
    const limit = new MemoryNewSessionLimit({ perMinute: 0 });
    expect((await takeMany(limit, 'a', 1000)).every((v) => v.allowed)).toBe(true);
    expect(limit.size).toBe(0);
  });

  test('memory is bounded: at most maxAddresses counted a minute, and the map is dropped when the minute moves', async () => {
    const time = clock();
    const limit = new MemoryNewSessionLimit({ perMinute: 1, now: time.now, maxAddresses: 100 });
    for (let i = 0; i < 1000; i++) expect((await limit.take(`addr${i}`)).allowed).toBe(true);
    expect(limit.size).toBe(100);
    expect((await limit.take('addr0')).allowed).toBe(false); // those counted are still limited
    expect((await limit.take('addr999')).allowed).toBe(true); // past the bound: let through, uncounted
    time.advance(60_000);
    await limit.take('late');
    expect(limit.size).toBe(1);
  });
});

describe('RedisNewSessionLimit (with a fake Redis)', () => {
  function fakeRedis() {
    const counts = new Map<string, number>();
    const calls: { key: string; ms: number }[] = [];
    const commands: LimitCommands = {
      incrementWithExpiry: (key, ms) => {
        calls.push({ key, ms });
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        return Promise.resolve(n);
      },
    };
    return { commands, calls };
  }

  test('one key per address and minute (the store adds its prefix), expiring just after the minute; refuses past the limit', async () => {
    const time = clock();
    const redis = fakeRedis();
    const limit = new RedisNewSessionLimit(redis.commands, { perMinute: 2, now: time.now });
    expect((await takeMany(limit, '10.0.0.1', 2)).every((v) => v.allowed)).toBe(true);
    expect(await limit.take('10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(redis.calls[0]).toEqual({ key: 'rl:10.0.0.1:1000', ms: 50_000 + 5_000 });
    time.advance(50_000);
    expect(await limit.take('10.0.0.1')).toEqual({ allowed: true });
    expect(redis.calls.at(-1)?.key).toBe('rl:10.0.0.1:1001');
  });

  test('0 turns it off without a Redis command', async () => {
    const redis = fakeRedis();
    const limit = new RedisNewSessionLimit(redis.commands, { perMinute: 0 });
    expect((await takeMany(limit, 'a', 10)).every((v) => v.allowed)).toBe(true);
    expect(redis.calls).toHaveLength(0);
  });

  test('fails open when Redis fails: the session write that follows answers 503 itself', async () => {
    const limit = new RedisNewSessionLimit({ incrementWithExpiry: () => Promise.reject(new Error('OOM')) }, { perMinute: 1 });
    expect(await limit.take('a')).toEqual({ allowed: true });
  });
});

describe('addressKey: what is counted for a client address', () => {
  test.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:127.0.0.1', '127.0.0.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:DB8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    [undefined, 'unknown'],
    ['', 'unknown'],
    ['not an address', 'unknown'],
    ['x'.repeat(5000), 'unknown'],
  ])('%s counts as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });

  test('every address of one IPv6 /64 shares a count; the next /64 has its own', () => {
    expect(addressKey('2001:db8:a:b::1')).toBe(addressKey('2001:db8:a:b:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:a:b::1')).not.toBe(addressKey('2001:db8:a:c::1'));
  });
});
