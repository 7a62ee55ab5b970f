// HOST: the built server listens on every interface by default, and on the one address HOST names when it is set.
import net from 'node:net';
import { ensureBuilt, killServer, startServer, type ServerProcess } from '../support/built-server';
import { freePort } from '../support/redis';

const SECRET = 'host-test-secret-that-is-long-enough-0123456789';

let server: ServerProcess | undefined;

beforeAll(() => ensureBuilt(), 60_000);
afterEach(() => killServer(server));

/** Resolves with the log line once the server listens (or rejects with its output if it exits first). */
async function listening(started: ServerProcess): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const line = /^Session flow listening on .*$/m.exec(started.output())?.[0];
    if (line !== undefined) return line;
    if (started.child.exitCode !== null) throw new Error(`the server exited:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server did not listen within 10 s:\n${started.output()}`);
}

/** Whether a TCP connection to host:port is accepted (within a second). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

// On Linux all of 127.0.0.0/8 is this machine, so 127.0.0.2 stands for "another address of this machine".
const linuxOnly = process.platform === 'linux' ? test : test.skip;

linuxOnly('with HOST unset the server listens on every address, and says so', async () => {
  const port = await freePort();
  server = startServer({ PORT: String(port), SESSION_SECRET: SECRET });
  expect(await listening(server)).toBe(`Session flow listening on http://localhost:${port}, and on every other address of this machine (test, sessions in memory)`);
  expect(await accepts('127.0.0.1', port)).toBe(true);
  expect(await accepts('127.0.0.2', port)).toBe(true);
}, 20_000);

linuxOnly('with HOST=127.0.0.1 it listens there only, and its log line shows that address', async () => {
  const port = await freePort();
  server = startServer({ PORT: String(port), SESSION_SECRET: SECRET, HOST: '127.0.0.1' });
  expect(await listening(server)).toBe(`Session flow listening on http://127.0.0.1:${port} (test, sessions in memory)`);
  expect(await accepts('127.0.0.1', port)).toBe(true);
  expect(await accepts('127.0.0.2', port)).toBe(false);
}, 20_000);

test('a HOST that is not an address of this machine: one clear line naming HOST, and a non-zero exit', async () => {
  server = startServer({ PORT: String(await freePort()), SESSION_SECRET: SECRET, HOST: '192.0.2.1' }); // TEST-NET-1: nobody's
  const { code } = await server.exited;
  expect(code).toBe(78); // CANNOT_START_EXIT_CODE: the cluster's primary does not restart it
  expect(server.stderr().trim()).toBe(
    'Cannot start: HOST 192.0.2.1 is not an address of this machine. Set HOST to one of its addresses (127.0.0.1 for this machine only), or leave it unset for every address.',
  );
}, 20_000);
