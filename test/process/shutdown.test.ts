// A deploy drops nothing: keep-alive clients looping against the built server across a SIGTERM (one process, two workers).
import { once } from 'node:events';
import { appendFileSync } from 'node:fs';
import { connect } from 'node:net';
import { DRAIN_IDLE_MS } from '../../src/http/http-server';
import { ensureBuilt, killServer, startServer, type ServerProcess } from '../support/built-server';
import { keepAliveLoad, type LoadFigures } from '../support/keep-alive-load';
import { eventually, freePort } from '../support/redis';

const SECRET = 'shutdown-test-secret-that-is-long-enough-0123';
// SHUTDOWN_CLIENTS=50 reproduces the measurement; 30 keeps `npm test` quick on two cores.
const CLIENTS = Number(process.env.SHUTDOWN_CLIENTS ?? 30);

let server: ServerProcess | undefined;

beforeAll(() => ensureBuilt(), 60_000);
afterEach(async () => {
  const workers = [...(server?.output() ?? '').matchAll(/worker (\d+)\)/g)].map((m) => Number(m[1]));
  await killServer(server, workers);
});

interface Run {
  figures: LoadFigures;
  code: number | null;
  exitMs: number;
  output: string;
}

/** Starts the server, loads it with keep-alive clients, sends SIGTERM mid-load, and waits for it to exit. */
async function sigtermUnderLoad(env: Record<string, string>, listeners: number): Promise<Run> {
  const port = await freePort();
  const started = startServer({ PORT: String(port), SESSION_SECRET: SECRET, ...env });
  server = started;
  await eventually(() => Promise.resolve(expect(started.output().match(/listening on/g) ?? []).toHaveLength(listeners)));

  let signalAt = 0;
  let exited = false;
  void started.exited.then(() => (exited = true));
  const load = keepAliveLoad(
    { base: `http://127.0.0.1:${port}`, path: '/', clients: CLIENTS, maxPauseMs: 20, limitMs: 15_000 },
    () => signalAt,
    () => exited,
  );
  // Every client mid-loop on a kept-alive connection: a few requests each, reused connections among them.
  await eventually(() => Promise.resolve(expect(load.figures.answeredOnReused).toBeGreaterThan(CLIENTS * 3)), 10_000);
  signalAt = Date.now();
  started.child.kill('SIGTERM');
  const { code, at } = await started.exited;
  const figures = await load.done;
  const run = { figures, code, exitMs: at - signalAt, output: started.output() };
  // The figures for the record (README / the lead's note): SHUTDOWN_FIGURES=file appends one JSON line a run.
  if (process.env.SHUTDOWN_FIGURES) {
    appendFileSync(process.env.SHUTDOWN_FIGURES, `${JSON.stringify({ env, code, exitMs: run.exitMs, ...figures })}\n`);
  }
  return run;
}

function expectNothingDropped(run: Run): void {
  expect(run.figures.resetsOnReused).toBe(0);
  expect(run.figures.other).toEqual([]);
  expect(run.figures.closeAfterSignal).toBeGreaterThan(0);
  expect(Object.keys(run.figures.statuses)).toEqual(['200']);
  expect(run.code).toBe(0);
  expect(run.exitMs).toBeLessThan(10_000);
}

test('one process: SIGTERM under keep-alive load answers every request on a kept connection, says Connection: close, exits 0', async () => {
  expectNothingDropped(await sigtermUnderLoad({}, 1));
}, 30_000);

test('two cluster workers: the primary passes SIGTERM on; no reset on a kept connection; it exits 0 after its workers', async () => {
  const run = await sigtermUnderLoad({ WEB_CONCURRENCY: '2', SESSION_MODE: 'cookie' }, 2);
  expectNothingDropped(run);
  expect(run.output).toContain('every worker has finished');
}, 30_000);

test('a request sent on an idle kept-alive connection just after SIGTERM is answered, with Connection: close (regression: ECONNRESET)', async () => {
  const port = await freePort();
  const started = startServer({ PORT: String(port), SESSION_SECRET: SECRET });
  server = started;
  await eventually(() => Promise.resolve(expect(started.output()).toContain('listening on')));

  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const closed = once(socket, 'close');
  const ask = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n';
  socket.write(ask);
  await eventually(() => Promise.resolve(expect(received).toContain('</html>')));
  expect(received).toMatch(/^HTTP\/1\.1 200/);
  expect(received.toLowerCase()).toContain('connection: keep-alive');

  received = '';
  started.child.kill('SIGTERM');
  await eventually(() => Promise.resolve(expect(started.output()).toContain('SIGTERM received')));
  await new Promise((resolve) => setTimeout(resolve, 200)); // the connection sits idle after the signal: Node's close() reset it here
  socket.write(ask);
  await closed; // the server closes it after the answer
  expect(received).toMatch(/^HTTP\/1\.1 200/);
  expect(received.toLowerCase()).toContain('connection: close');
  expect(received).toContain('</html>');
  expect((await started.exited).code).toBe(0);
}, 20_000);

test('an idle kept-alive connection that sends nothing more is closed after a short while, and the process exits 0', async () => {
  const port = await freePort();
  const started = startServer({ PORT: String(port), SESSION_SECRET: SECRET });
  server = started;
  await eventually(() => Promise.resolve(expect(started.output()).toContain('listening on')));
  const socket = connect(port, '127.0.0.1');
  const closed = once(socket, 'close');
  socket.on('data', () => undefined);
  socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const signalAt = Date.now();
  started.child.kill('SIGTERM');
  await closed;
  const { code, at } = await started.exited;
  expect(code).toBe(0);
  expect(at - signalAt).toBeGreaterThanOrEqual(DRAIN_IDLE_MS - 100);
  expect(at - signalAt).toBeLessThan(DRAIN_IDLE_MS + 3000);
}, 20_000);
