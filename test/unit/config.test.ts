import { ConfigError, loadConfig } from '../../src/config';

const longSecret = 'a'.repeat(32);

describe('loadConfig', () => {
  test('refuses to start in production without SESSION_SECRET, and names the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET is required in production/);
  });

  test('refuses a production secret shorter than 32 characters', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET.*shorter than 32/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: `${longSecret},short` })).toThrow(/number 2/);
  });

  test('accepts a long production secret', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: longSecret });
    expect(config.sessionSecrets).toEqual([longSecret]);
    expect(config.secretIsGenerated).toBe(false);
  });

  test('splits comma-separated secrets for rotation, first one first', () => {
    const config = loadConfig({ SESSION_SECRET: ` new-${longSecret} , old-${longSecret} ,` });
    expect(config.sessionSecrets).toEqual([`new-${longSecret}`, `old-${longSecret}`]);
  });

  test('makes a random secret per start in development', () => {
    const a = loadConfig({});
    const b = loadConfig({});
    expect(a.secretIsGenerated).toBe(true);
    expect(a.sessionSecrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(a.sessionSecrets[0]).not.toBe(b.sessionSecrets[0]);
  });

  test('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      sessionIdleMs: 30 * 60_000,
      redisUrl: undefined,
      webConcurrency: 1,
    });
    expect(config.cookieName).not.toBe('connect.sid');
  });

  test('bounds the memory store at 48 MB by default, and reads MEMORY_STORE_MAX_MB', () => {
    expect(loadConfig({}).memoryStoreMaxBytes).toBe(48 * 1024 * 1024);
    expect(loadConfig({ MEMORY_STORE_MAX_MB: '16' }).memoryStoreMaxBytes).toBe(16 * 1024 * 1024);
    expect(() => loadConfig({ MEMORY_STORE_MAX_MB: '0' })).toThrow(/^MEMORY_STORE_MAX_MB must be/);
  });

  test('listens on every interface unless HOST names one address (an IP address or a host name)', () => {
    expect(loadConfig({}).host).toBeUndefined();
    expect(loadConfig({ HOST: '' }).host).toBeUndefined();
    expect(loadConfig({ HOST: ' 127.0.0.1 ' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
    expect(loadConfig({ HOST: 'my-box.example.org' }).host).toBe('my-box.example.org');
    for (const bad of ['http://localhost', 'localhost:3000', '[::1]', '-dash.example', 'a b']) {
      expect(() => loadConfig({ HOST: bad })).toThrow(/^HOST must be an IP address or a host name/);
    }
  });

  test('reads PORT, SESSION_IDLE_MINUTES and WEB_CONCURRENCY', () => {
    const config = loadConfig({ PORT: '8080', SESSION_IDLE_MINUTES: '5', WEB_CONCURRENCY: '2' });
    expect(config).toMatchObject({ port: 8080, sessionIdleMs: 5 * 60_000, webConcurrency: 2 });
  });

  test.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['WEB_CONCURRENCY', '1.5'],
  ])('rejects %s=%s with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name} must be`));
  });

  test('accepts redis:// and rediss:// URLs and refuses others', () => {
    expect(loadConfig({ REDIS_URL: 'redis://localhost:6379' }).redisUrl).toBe('redis://localhost:6379');
    expect(loadConfig({ REDIS_URL: 'rediss://h:p@example:6380' }).redisUrl).toBe('rediss://h:p@example:6380');
    expect(loadConfig({ REDIS_URL: '' }).redisUrl).toBeUndefined();
    expect(() => loadConfig({ REDIS_URL: 'http://localhost' })).toThrow(/REDIS_URL/);
  });

  test.each([
    [{}, false],
    [{ DYNO: 'web.1' }, 1],
    [{ DYNO: 'web.1', TRUST_PROXY: 'false' }, false],
    [{ TRUST_PROXY: '0' }, false],
    [{ TRUST_PROXY: '2' }, 2],
    [{ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8, 192.0.2.7' }, ['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.7']],
  ] as [Record<string, string>, unknown][])('TRUST_PROXY from %j is %j', (env, expected) => {
    expect(loadConfig(env).trustProxy).toEqual(expected);
  });

  test.each(['true', 'yes', '10.0.0.0/33', '10.0.0.1/8/8', 'proxy.example', ',', '-1', '99'])('refuses TRUST_PROXY=%s, saying what it takes', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^TRUST_PROXY/);
  });

  test('PUBLIC_ORIGIN is an origin without a path', () => {
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://Forms.Example.org:443' }).publicOrigin).toBe('https://forms.example.org');
    expect(loadConfig({}).publicOrigin).toBeUndefined();
    for (const bad of ['forms.example.org', 'ftp://forms.example.org', 'https://forms.example.org/app', 'https://u:p@forms.example.org']) {
      expect(() => loadConfig({ PUBLIC_ORIGIN: bad })).toThrow(/^PUBLIC_ORIGIN must be/);
    }
  });

  test('SECURE_COOKIES: on in production (the __Host- name), off elsewhere, either way when set', () => {
    const secret = { SESSION_SECRET: 'a-production-secret-that-is-long-enough-0123' };
    expect(loadConfig({ NODE_ENV: 'production', ...secret })).toMatchObject({ secureCookies: true, cookieName: '__Host-flow.sid' });
    expect(loadConfig({ NODE_ENV: 'production', SECURE_COOKIES: 'off', ...secret })).toMatchObject({ secureCookies: false, cookieName: 'flow.sid' });
    expect(loadConfig({})).toMatchObject({ secureCookies: false, cookieName: 'flow.sid' });
    expect(loadConfig({ SECURE_COOKIES: 'on' })).toMatchObject({ secureCookies: true, cookieName: '__Host-flow.sid' });
  });
});
