// Starts the built app (dist/server.js) as a child process in production mode on a free port, as Heroku would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const entry = path.join(root, 'dist', 'server.js');

/** Fixed so that a second server can read the first one's cookies (see the "expired" state in the tour). */
export const E2E_SESSION_SECRET = 'e2e-secret-that-is-long-enough-0123456789abcdef';

export interface RunningServer {
  /** http://localhost:PORT, no trailing slash. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Bounds the wait for the "listening" line: a server that does not start fails the suite, not hangs it. */
const START_TIMEOUT_MS = 10_000;

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first (npm run test:e2e does).`);
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    // PORT=0: the OS picks a free port, and the server prints it.
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', SESSION_SECRET: E2E_SESSION_SECRET, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForListening(child);
  return { url, stop: () => stopChild(child) };
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // keep draining the request log so the pipe never fills
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${String(code)} before listening:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
