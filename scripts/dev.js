// `npm run dev`: builds, serves, and reloads on changes to src/ and views/; Ctrl-C stops every process it started.
// Two children: `tsc --watch` (src/ → dist/) and the server, restarted here when dist/ or views/ change.
// The server starts only after the first build has finished, so a fresh clone (no dist/ yet) works.
// A server that stops by itself (a journey mistake at start-up, say) waits for the next save instead of ending the
// run. Across restarts the visitor keeps their place: one secret for the whole run (unless SESSION_SECRET is set),
// and the embedded store saves its sessions to a git-ignored file when the server stops and loads them when it starts.
// (Not `node --watch-path=dist --watch-path=views`: Node 20 passes the second path on to the child, which
// then watches too, and every change restarts the server twice.)
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, watch } = require('node:fs');
const path = require('node:path');
const { clearTimeout, setTimeout } = require('node:timers');

const root = path.join(__dirname, '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const STOP_GRACE_MS = 5000; // after SIGTERM, how long a child may take before it is killed
const SETTLE_MS = 300; // tsc writes many files for one change: restart once they have all landed

// The server's environment for this run: one secret made here (so a restart does not end every session), and the
// file the embedded store keeps its sessions in between restarts (development only; the config refuses it in production).
const serverEnv = {
  ...process.env,
  SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(32).toString('hex'),
  MEMORY_STORE_FILE: process.env.MEMORY_STORE_FILE || path.join(root, '.dev-sessions.json'),
};
if (!process.env.SESSION_SECRET) process.stdout.write('dev: SESSION_SECRET is not set; using one secret for this whole dev run\n');

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;

function start(args, options = {}) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: options.stdio ?? 'inherit', env: options.env ?? process.env });
  children.push(child);
  child.on('exit', (code, signal) => {
    children.splice(children.indexOf(child), 1);
    if (stopping || child.restarting) return;
    // The server may stop on a mistake (a journey that does not check at start-up): wait for the next save.
    if (options.onOwnExit) {
      options.onOwnExit(code, signal);
      return;
    }
    // The compiler ending on its own ends the whole dev run: no half-running state.
    process.stderr.write(`dev: ${path.basename(args[args.length - 1])} stopped (${signal ?? `exit code ${code}`}); stopping the rest\n`);
    stop(code === 0 ? 1 : (code ?? 1));
  });
  return child;
}

/** Stops every child (SIGTERM, then SIGKILL after a grace period) and exits once all have exited. */
function stop(exitCode) {
  stopping = true;
  const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
  if (alive.length === 0) process.exit(exitCode);
  let left = alive.length;
  const force = setTimeout(() => alive.forEach((child) => child.kill('SIGKILL')), STOP_GRACE_MS);
  for (const child of alive) {
    child.once('exit', () => {
      left -= 1;
      if (left === 0) {
        clearTimeout(force);
        process.exit(exitCode);
      }
    });
    child.kill('SIGTERM');
  }
}

// Ctrl-C in a terminal also sends SIGINT to the children themselves; either way, we wait for them to exit.
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));

// 1. tsc in watch mode; its first "Watching for file changes" line means the first build is in dist/.
const compiler = start([tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { stdio: ['ignore', 'pipe', 'inherit'] });
let serverStarted = false;
compiler.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!serverStarted && !stopping && /Watching for file changes/.test(chunk.toString())) {
    serverStarted = true;
    if (!existsSync(path.join(root, 'dist', 'server.js'))) {
      process.stderr.write('dev: the first build produced no dist/server.js; fix the errors above and run `npm run dev` again\n');
      stop(1);
      return;
    }
    // 2. The server, restarted whenever the compiled code or a template changes.
    const startServer = () =>
      start(['dist/server.js'], {
        env: serverEnv,
        onOwnExit: (code, signal) => {
          process.stderr.write(`dev: the server stopped (${signal ?? `exit code ${code}`}); fix the mistake above and save: it starts again\n`);
        },
      });
    let server = startServer();
    let timer;
    const restart = () => {
      if (stopping || server.restarting) return; // the server that starts next reads the latest files anyway
      process.stdout.write('dev: a file changed; restarting the server\n');
      const old = server;
      if (old.exitCode !== null || old.signalCode !== null) {
        server = startServer(); // it had stopped on a mistake: start it again
        return;
      }
      old.restarting = true;
      old.once('exit', () => {
        if (!stopping) server = startServer();
      });
      old.kill('SIGTERM');
    };
    for (const dir of ['dist', 'views']) {
      watch(path.join(root, dir), { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(restart, SETTLE_MS);
      });
    }
  }
});
