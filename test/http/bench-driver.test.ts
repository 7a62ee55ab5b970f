// The bench's memory check counts idle sessions that its driver makes (bench/driver.ts): each must be a session of its
// own, held by the store, in production's settings (Secure `__Host-` cookies), or the figures count nothing.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { makeSessions, sessionsHeld } from '../../bench/driver';
import { loadConfig } from '../../src/config';
import { quietApp, TEST_SECRET } from '../support/app';

describe.each([
  ['production (__Host-flow.sid)', 'production', /^__Host-flow\.sid=/],
  ['development (flow.sid)', 'development', /^flow\.sid=/],
] as const)('the bench driver makes idle sessions: %s', (_name, nodeEnv, cookiePattern) => {
  const config = { ...loadConfig({ NODE_ENV: nodeEnv, SESSION_SECRET: TEST_SECRET, NEW_SESSIONS_PER_MINUTE: '0' }), logRequests: false };
  const app = quietApp(config);
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  });

  test('one distinct session per count, each held', async () => {
    const result = await makeSessions({ mode: 'sessions', port, users: 3, count: 12, seconds: 0, warmUpSeconds: 0, serverPids: [] });
    expect(result.errorSamples).toEqual([]);
    expect(result.errors).toBe(0);
    const cookies = result.cookies ?? [];
    expect(cookies).toHaveLength(12);
    for (const cookie of cookies) expect(cookie).toMatch(cookiePattern);
    expect(new Set(cookies).size).toBe(12); // a visitor's second first answer would join its first session
    expect(await sessionsHeld(port, cookies)).toEqual(cookies.map(() => true));
  });
});
