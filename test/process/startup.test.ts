// A server that cannot listen says so in one line naming the port and PORT, and exits non-zero (one process and a cluster).
import net from 'node:net';
import { ensureBuilt, killServer, startServer, type ServerProcess } from '../support/built-server';
import { freePort } from '../support/redis';

const SECRET = 'startup-test-secret-that-is-long-enough-01234';

let busy: net.Server;
let port: number;
let server: ServerProcess | undefined;

beforeAll(async () => {
  ensureBuilt();
  port = await freePort();
  busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(port, resolve)); // every address, as the app listens
}, 60_000);

afterEach(async () => {
  const workers = [...(server?.output() ?? '').matchAll(/worker (\d+) started/g)].map((m) => Number(m[1]));
  await killServer(server, workers);
});

afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

function expectOneClearLine(stderr: string): void {
  const lines = stderr.trim().split('\n');
  expect(new Set(lines).size).toBe(1); // the same line from each worker at most
  expect(lines[0]).toBe(`Cannot start: port ${port} is already in use by another program. Stop it, or set PORT to a free port.`);
  expect(stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(stderr).not.toContain('Unhandled');
}

test('a busy port: one clear line naming the port and PORT, no stack trace, a non-zero exit', async () => {
  server = startServer({ PORT: String(port), SESSION_SECRET: SECRET });
  const { code } = await server.exited;
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  expectOneClearLine(server.stderr());
}, 20_000);

test('a busy port with two workers: the primary stops (no restart loop) and exits non-zero', async () => {
  const startedAt = Date.now();
  server = startServer({ PORT: String(port), SESSION_SECRET: SECRET, WEB_CONCURRENCY: '2', SESSION_MODE: 'cookie' });
  const { code, at } = await server.exited;
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  expect(at - startedAt).toBeLessThan(10_000);
  expectOneClearLine(server.stderr());
  expect(server.output()).not.toContain('starting a new one');
}, 20_000);
