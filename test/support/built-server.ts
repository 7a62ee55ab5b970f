// The built server (dist/server.js) as a child process: built once if stale, started with its own settings, stopped.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const root = path.join(__dirname, '..', '..');

/** True when dist/ is missing or older than a source file (tsc rewrites every output file when it builds). */
function buildIsStale(): boolean {
  const built = (() => {
    try {
      return statSync(path.join(root, 'dist/server.js')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' });
  return sources.some((file) => statSync(path.join(root, 'src', file)).mtimeMs > built);
}

/**
 * The same build `npm start` and Heroku use; skipped when dist/ is up to date (as in .ci/run, which builds
 * first). A directory lock keeps two test files (in parallel jest workers) from writing dist/ at once.
 */
export function ensureBuilt(): void {
  const lock = path.join(root, 'dist.building');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} held for 60 s: remove it if no build is running`);
      execFileSync('sleep', ['0.2']);
    }
  }
  try {
    if (buildIsStale()) {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
    }
  } finally {
    rmdirSync(lock);
  }
}

export interface ServerProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) and the time it took from `since`. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts dist/server.js with `env` (plus PATH); NODE_ENV defaults to test (no request log). */
export function startServer(env: Record<string, string>): ServerProcess {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    err += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    at: Date.now(),
  }));
  return { child, output: () => out, stderr: () => err, exited };
}

/** Kills a server (and its workers, if `pids` are given) that a test left running. */
export async function killServer(server: ServerProcess | undefined, pids: number[] = []): Promise<void> {
  if (server === undefined || server.child.exitCode !== null || server.child.signalCode !== null) return;
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  server.child.kill('SIGKILL');
  await server.exited;
}
