// The Redis client's options (TLS for rediss://, fail-fast, reconnection): pure, no redis-server needed.
import { loadConfig } from '../../src/config';
import { MAX_RECONNECT_DELAY_MS, redisClientOptions, reconnectDelay, type RedisSettings } from '../../src/session/redis-client';

const settings = (redisUrl: string, env: Record<string, string> = {}): RedisSettings => {
  const config = loadConfig({ NODE_ENV: 'test', REDIS_URL: redisUrl, ...env });
  return { ...config, redisUrl };
};

describe('redis client options', () => {
  test('rediss:// gets TLS without certificate verification by default (Heroku Key-Value Store is self-signed)', () => {
    const options = redisClientOptions(settings('rediss://:pw@example.com:6380'));
    expect(options.url).toBe('rediss://:pw@example.com:6380');
    expect(options.socket).toMatchObject({ tls: true, rejectUnauthorized: false });
    expect(options.socket).not.toHaveProperty('ca');
  });

  test('REDIS_TLS_REJECT_UNAUTHORIZED=true verifies the certificate against the system CAs', () => {
    const options = redisClientOptions(settings('rediss://example.com:6380', { REDIS_TLS_REJECT_UNAUTHORIZED: 'true' }));
    expect(options.socket).toMatchObject({ tls: true, rejectUnauthorized: true });
  });

  test('REDIS_TLS_CA verifies the certificate against that CA, even written on one line with \\n', () => {
    const pem = '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----';
    const options = redisClientOptions(settings('rediss://example.com:6380', { REDIS_TLS_CA: pem }));
    expect(options.socket).toMatchObject({
      tls: true,
      rejectUnauthorized: true,
      ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    });
  });

  test('redis:// gets no TLS options at all', () => {
    const options = redisClientOptions(settings('redis://localhost:6379'));
    expect(options.socket).not.toHaveProperty('tls');
    expect(options.socket).not.toHaveProperty('rejectUnauthorized');
  });

  test('commands fail at once while disconnected instead of waiting in a queue', () => {
    expect(redisClientOptions(settings('redis://localhost:6379')).disableOfflineQueue).toBe(true);
  });

  test('reconnection never gives up, and waits longer each time up to a cap', () => {
    const delays = [0, 1, 2, 3, 10, 100, 10_000].map(reconnectDelay);
    expect(delays.every((d) => d >= 50 && d < MAX_RECONNECT_DELAY_MS + 100)).toBe(true);
    expect(reconnectDelay(0)).toBeLessThan(200);
    expect(reconnectDelay(10_000)).toBeGreaterThanOrEqual(MAX_RECONNECT_DELAY_MS);
  });

  test('a REDIS_TLS_REJECT_UNAUTHORIZED that is not true or false is refused at start', () => {
    expect(() => settings('rediss://example.com', { REDIS_TLS_REJECT_UNAUTHORIZED: 'yes please' })).toThrow(/true or false/);
  });
});
