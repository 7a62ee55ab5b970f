// `npm run bench`: starts the built app (and Redis, and the floors: bare Express, plain node:http, the Flask
// lesson app under gunicorn) on a free port, drives each scenario with
// bench/driver.ts on the other core, and (a full run, or --write) writes docs/performance.json and docs/PERFORMANCE.md.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sessionsHeld, type DriverOptions, type DriverResult } from './driver';
import { freePort, processTree, rssBytes } from './proc';
import { renderMarkdown, type BenchReport, type InstructionsResult, type InterleavedResult, type InterleavedSide, type MemoryResult, type ScenarioResult } from './report';

const root = path.resolve(__dirname, '..', '..', '..');
const driverJs = path.join(__dirname, 'driver.js');
/** The Flask floor is Python: it runs from the source tree (the TypeScript floors run from their build). */
const flaskFloorDir = path.join(root, 'bench', 'floors');

export interface Settings {
  seconds: number;
  longSeconds: number;
  warmUpSeconds: number;
  sessions: number[];
  only: string | undefined;
  serverJs: string;
  write: boolean;
  /** Memory: how long the server is left idle after the sessions are made, for V8 to give memory back. */
  settleSeconds: number;
  /** Interleaved floor comparison: how many turns each server gets, and how long each turn is measured. */
  slices: number;
  sliceSeconds: number;
  /** Instruction counts under valgrind: warm-up and measured journeys (one user); off with --no-instructions. */
  instructions: { warmJourneys: number; measuredJourneys: number } | undefined;
  /** The Flask lesson app as a floor (its scenario and its turns in the interleaved run); off with --no-flask or BENCH_FLASK=off. */
  flask: boolean;
}

export function readSettings(argv: string[]): Settings {
  const flag = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index === -1 ? undefined : argv[index + 1];
  };
  const quick = argv.includes('--quick');
  const only = flag('only') ?? process.env.BENCH_ONLY;
  const seconds = Number(flag('seconds') ?? process.env.BENCH_SECONDS ?? (quick ? 5 : 20));
  return {
    seconds,
    // The leak and error check at 50 users runs longer (the issue asks for 60 s).
    longSeconds: Number(flag('long-seconds') ?? process.env.BENCH_LONG_SECONDS ?? (quick ? seconds : 60)),
    warmUpSeconds: quick ? 1 : 3,
    sessions: quick ? [10_000, 20_000] : [10_000, 100_000],
    only,
    serverJs: path.resolve(flag('server') ?? process.env.BENCH_SERVER ?? path.join(root, 'dist', 'server.js')),
    // Only a full run replaces the committed results: a smoke run (--quick) or a part (--only) writes
    // nothing unless --write asks for it. --no-write always wins.
    write: !argv.includes('--no-write') && (argv.includes('--write') || (!quick && only === undefined)),
    settleSeconds: Number(flag('settle-seconds') ?? process.env.BENCH_SETTLE_SECONDS ?? (quick ? 30 : 120)),
    slices: Number(flag('slices') ?? process.env.BENCH_SLICES ?? (quick ? 4 : 10)),
    sliceSeconds: Number(flag('slice-seconds') ?? process.env.BENCH_SLICE_SECONDS ?? (quick ? 2 : 3)),
    instructions: argv.includes('--no-instructions') ? undefined : quick ? { warmJourneys: 20, measuredJourneys: 60 } : { warmJourneys: 40, measuredJourneys: 120 },
    flask: !argv.includes('--no-flask') && process.env.BENCH_FLASK !== 'off',
  };
}

const SECRET = 'bench-secret-that-is-long-enough-0123456789abcdef';


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} did not come up within ${ms} ms`);
}

export interface Server {
  process: ChildProcess;
  pid: number;
  port: number;
  logLines: () => number;
  stop(): Promise<void>;
}

/** Starts a node script (pinned to one core when `core` is given) and waits until `readyPath` answers. */
export async function startNode(
  script: string,
  env: Record<string, string>,
  options: { core?: number; readyPath: string; productionFlags?: boolean },
): Promise<Server> {
  const port = await freePort();
  // The app runs with the Procfile's node flags, as on Heroku; BENCH_NODE_ARGS (e.g. "--cpu-prof
  // --cpu-prof-dir=/tmp/prof") adds to them, for every server the bench starts.
  const nodeArgs = [
    ...(options.productionFlags === true ? procfileNodeFlags() : []),
    ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    script,
  ];
  return startCommand(process.execPath, nodeArgs, { ...env, PORT: String(port) }, port, options);
}

/**
 * Starts a command that serves on `port` (pinned to one core when `core` is given: taskset execs the command, so
 * the pid is the server's own, and any process it forks inherits the core) and waits until `readyPath` answers.
 */
async function startCommand(
  command: string,
  commandArgs: string[],
  env: Record<string, string>,
  port: number,
  options: { core?: number; readyPath: string },
): Promise<Server> {
  const args = options.core === undefined ? commandArgs : ['-c', String(options.core), command, ...commandArgs];
  const child = spawn(options.core === undefined ? command : 'taskset', args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The request log goes to a pipe, as on Heroku; we count its lines (one per request).
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 10) lines++;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(async () => (await get(port, options.readyPath)).status === 200, commandArgs[commandArgs.length - 1] ?? command);
  return {
    process: child,
    pid: child.pid ?? 0, // taskset execs the command, so this is the server's own pid
    port,
    logLines: () => lines,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(12_000)]);
    },
  };
}

/**
 * Every feature on, as shipped, but the per-address limit on new sessions: the driver is one address that makes
 * thousands of sessions a minute, which that limit exists to refuse.
 */
export const APP_ENV = { NODE_ENV: 'production', SESSION_SECRET: SECRET, NEW_SESSIONS_PER_MINUTE: '0' };

export function startApp(settings: Settings, env: Record<string, string>, core?: number, productionFlags = true): Promise<Server> {
  return startNode(settings.serverJs, { ...APP_ENV, ...env }, { core, readyPath: '/healthz', productionFlags });
}

/** The node flags the Procfile's web process runs with (the heap limits), so the bench measures what Heroku runs. */
export function procfileNodeFlags(): string[] {
  const web = /^web:\s*node\s+(.*?)\s*dist\/server\.js\s*$/m.exec(readFileSync(path.join(root, 'Procfile'), 'utf8'));
  return web?.[1]?.split(/\s+/).filter(Boolean) ?? [];
}

/** Python must not leave __pycache__ in the source tree; the key is the Flask floor's own (it signs its cookie). */
const FLASK_ENV = { PYTHONDONTWRITEBYTECODE: '1', FLASK_SECRET_KEY: SECRET };

/**
 * Why the Flask floor cannot run here, or undefined when it can: it needs `gunicorn`, and Flask in the Python that
 * gunicorn runs (`--check-config` loads the app and exits).
 */
export function flaskMissing(settings: Settings): string | undefined {
  if (!settings.flask) return 'not asked for (--no-flask)';
  if (!spawnSyncOk('gunicorn', ['--version'])) return 'gunicorn is not installed here';
  const check = ['--check-config', '--chdir', flaskFloorDir, 'flask_lesson:app'];
  if (!spawnSyncOk('gunicorn', check, FLASK_ENV)) return "gunicorn cannot load bench/floors/flask_lesson.py (is Flask installed for gunicorn's python3?)";
  return undefined;
}

/**
 * The Flask lesson app as the lesson deploys it: gunicorn, one sync worker (one request at a time; it closes the
 * connection after each), on `core`. Its CPU is the master's and the worker's (the driver reads both).
 */
export async function startFlask(core?: number): Promise<Server> {
  const port = await freePort();
  const args = ['-w', '1', '-k', 'sync', '-b', `127.0.0.1:${port}`, '--log-level', 'warning', '--chdir', flaskFloorDir, 'flask_lesson:app'];
  return startCommand('gunicorn', args, FLASK_ENV, port, { core, readyPath: '/' });
}

async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
        socket.on('data', (data) => {
          resolve(data.toString().startsWith('+PONG'));
          socket.destroy();
        });
        socket.on('error', () => resolve(false));
      }),
    'redis-server',
  );
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    },
  };
}

export function runDriver(options: DriverOptions, core?: number): Promise<DriverResult> {
  const args = [driverJs, JSON.stringify(options)];
  const child = spawn(core === undefined ? process.execPath : 'taskset', core === undefined ? args : ['-c', String(core), process.execPath, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`driver exited with ${code}`));
      else resolve(JSON.parse(out) as DriverResult);
    });
  });
}

export function timedOptions(server: Server, mode: 'journey' | 'flask-journey' | 'page', users: number, seconds: number, settings: Settings): DriverOptions {
  return { mode, port: server.port, users, seconds, warmUpSeconds: settings.warmUpSeconds, count: 0, serverPids: processTree(server.pid) };
}

function scenario(name: string, description: string, result: DriverResult, logLines?: number): ScenarioResult {
  return {
    name,
    description,
    users: result.users,
    seconds: result.seconds,
    journeysPerSecond: round(result.journeys / result.seconds, 1),
    requestsPerSecond: round(result.requests / result.seconds, 0),
    latencyMs: result.latencyMs,
    errors: result.errors,
    leaks: result.leaks,
    errorSamples: result.errorSamples,
    cpuMicrosPerRequest: result.requests > 0 ? round(result.serverCpuMicros / result.requests, 1) : 0,
    meanPageBytes: result.meanPageBytes,
    logLines,
  };
}

function skipped(name: string, description: string, reason: string): ScenarioResult {
  return { name, description, skipped: reason };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function print(result: ScenarioResult): void {
  if (result.skipped !== undefined) {
    process.stdout.write(`${result.name.padEnd(22)} skipped: ${result.skipped}\n`);
    return;
  }
  const l = result.latencyMs;
  process.stdout.write(
    `${result.name.padEnd(22)} ${String(result.journeysPerSecond).padStart(7)} journeys/s ${String(result.requestsPerSecond).padStart(6)} req/s` +
      `  p50 ${l?.p50} p90 ${l?.p90} p99 ${l?.p99} ms  errors ${result.errors} leaks ${result.leaks}  cpu ${result.cpuMicrosPerRequest} µs/req\n`,
  );
  for (const sample of result.errorSamples ?? []) process.stdout.write(`    error: ${sample}\n`);
}

const wanted = (settings: Settings, name: string) => settings.only === undefined || name.startsWith(settings.only);

async function embeddedScenarios(settings: Settings, results: ScenarioResult[]): Promise<void> {
  for (const users of [1, 10, 50]) {
    const name = `embedded-${users}`;
    if (!wanted(settings, name)) continue;
    const server = await startApp(settings, {}, 0);
    try {
      const seconds = users === 50 ? settings.longSeconds : settings.seconds;
      const linesBefore = server.logLines();
      const result = await runDriver(timedOptions(server, 'journey', users, seconds, settings), 1);
      await sleep(200); // the last log lines
      const row = scenario(name, `embedded store, 1 process on core 0, driver on core 1, ${users} users`, result, server.logLines() - linesBefore);
      results.push(row);
      print(row);
    } finally {
      await server.stop();
    }
  }
}

/** The store kind /healthz reports: a build without Redis support says "memory" even with REDIS_URL set. */
async function storeKind(server: Server): Promise<string> {
  const health = JSON.parse((await get(server.port, '/healthz')).body) as { store?: { kind?: string } };
  return health.store?.kind ?? 'unknown';
}

async function redisScenarios(settings: Settings, results: ScenarioResult[]): Promise<void> {
  const plan = [
    ...[1, 10, 50].map((users) => ({ name: `redis-${users}`, users, workers: 1, core: 0 })),
    { name: 'redis-1worker-unpinned', users: 50, workers: 1, core: undefined as number | undefined },
    { name: 'redis-2workers-unpinned', users: 50, workers: 2, core: undefined },
  ].filter((p) => wanted(settings, p.name));
  if (plan.length === 0) return;
  const redis = await startRedis();
  try {
    for (const p of plan) {
      const where = p.core === undefined ? `${p.workers} worker(s), unpinned, driver unpinned` : '1 process on core 0, driver on core 1';
      const description = `Redis store, ${where}, ${p.users} users`;
      const server = await startApp(settings, { REDIS_URL: redis.url, WEB_CONCURRENCY: String(p.workers) }, p.core);
      try {
        if ((await storeKind(server)) !== 'redis') {
          results.push(skipped(p.name, description, 'this build has no Redis store'));
        } else if (p.workers > 1 && !(await hasWorkers(server, p.workers))) {
          results.push(skipped(p.name, description, `this build does not start ${p.workers} workers`));
        } else {
          const result = await runDriver(timedOptions(server, 'journey', p.users, settings.seconds, settings), p.core === undefined ? undefined : 1);
          results.push(scenario(p.name, description, result));
        }
        print(results[results.length - 1] as ScenarioResult);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await redis.stop();
  }
}

async function hasWorkers(server: Server, workers: number): Promise<boolean> {
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    if (processTree(server.pid).length >= workers + 1) return true;
    await sleep(100);
  }
  return false;
}

async function floorScenarios(settings: Settings, results: ScenarioResult[], pageBytes: number): Promise<void> {
  await flaskScenario(settings, results);
  for (const floor of ['express', 'http']) {
    const name = `floor-${floor}-50`;
    if (!wanted(settings, name)) continue;
    const script = path.join(__dirname, 'floors', `${floor}.js`);
    const server = await startNode(script, { NODE_ENV: 'production', FLOOR_PAGE_BYTES: String(pageBytes) }, { core: 0, readyPath: '/' });
    try {
      const result = await runDriver(timedOptions(server, 'page', 50, settings.seconds, settings), 1);
      const label = floor === 'express' ? 'bare Express' : 'plain node:http';
      const row = scenario(name, `${label}, a ${pageBytes}-byte page, core 0, driver on core 1, 50 users`, result);
      results.push(row);
      print(row);
    } finally {
      await server.stop();
    }
  }
}

/** The Flask lesson app on its own: its journeys (five requests each), 50 users, core 0. */
async function flaskScenario(settings: Settings, results: ScenarioResult[]): Promise<void> {
  const name = 'floor-flask-50';
  if (!wanted(settings, name)) return;
  const description = 'the Flask lesson app (5-request journeys), gunicorn, 1 sync worker, core 0, driver on core 1, 50 users';
  const missing = flaskMissing(settings);
  if (missing !== undefined) {
    results.push(skipped(name, description, missing));
  } else {
    const server = await startFlask(0);
    try {
      results.push(scenario(name, description, await runDriver(timedOptions(server, 'flask-journey', 50, settings.seconds, settings), 1)));
    } finally {
      await server.stop();
    }
  }
  print(results[results.length - 1] as ScenarioResult);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * The app (journeys), the bare-Express floor (a page of the app's mean size) and, where it can run, the Flask
 * lesson app (its own journeys) side by side on core 0, the driver on core 1 taking them in turns, `slices` turns
 * each of `sliceSeconds`, 50 users: background load falls on all alike. The figures are the medians of the turns:
 * CPU per request against the floor, and journeys per second against Flask's.
 */
async function interleavedFloor(settings: Settings, pageBytes: number): Promise<InterleavedResult | undefined> {
  if (!wanted(settings, 'interleaved')) return undefined;
  const users = 50;
  const flaskSkipped = flaskMissing(settings);
  if (flaskSkipped !== undefined) process.stdout.write(`interleaved-50: the Flask lesson app skipped: ${flaskSkipped}\n`);
  const servers: Partial<Record<Side, Server>> = {};
  const turns = { app: new Turns(), floor: new Turns(), flask: new Turns() };
  let errors = 0;
  let leaks = 0;
  try {
    servers.app = await startApp(settings, {}, 0);
    servers.floor = await startNode(path.join(__dirname, 'floors', 'express.js'), { NODE_ENV: 'production', FLOOR_PAGE_BYTES: String(pageBytes) }, { core: 0, readyPath: '/' });
    if (flaskSkipped === undefined) servers.flask = await startFlask(0);
    const sides = SIDES.filter((side) => servers[side] !== undefined);
    const sliceSettings = { ...settings, warmUpSeconds: 1 };
    for (let slice = 0; slice < settings.slices; slice++) {
      // Who goes first turns round, so none always follows another's garbage or cache state.
      const order = [...sides.slice(slice % sides.length), ...sides.slice(0, slice % sides.length)];
      for (const side of order) {
        const server = servers[side];
        if (server === undefined) continue;
        const mode = side === 'app' ? 'journey' : side === 'flask' ? 'flask-journey' : 'page';
        const result = await runDriver(timedOptions(server, mode, users, settings.sliceSeconds, sliceSettings), 1);
        errors += result.errors;
        leaks += result.leaks;
        for (const sample of result.errorSamples) process.stdout.write(`    ${side} error: ${sample}\n`);
        turns[side].add(result);
      }
    }
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
  const app = turns.app.side();
  const floor = turns.floor.side();
  const flask = servers.flask === undefined ? undefined : turns.flask.side();
  const result: InterleavedResult = {
    users,
    slices: settings.slices,
    sliceSeconds: settings.sliceSeconds,
    pageBytes,
    app,
    floor,
    ratio: floor.medianCpuMicros > 0 ? round(app.medianCpuMicros / floor.medianCpuMicros, 2) : 0,
    errors,
    leaks,
  };
  if (flask === undefined) {
    result.flaskSkipped = flaskSkipped ?? 'not run';
  } else {
    result.flask = flask;
    if (flask.medianJourneysPerSecond) result.journeyRatio = round((app.medianJourneysPerSecond ?? 0) / flask.medianJourneysPerSecond, 2);
  }
  process.stdout.write(
    `interleaved-50: app ${app.medianCpuMicros} µs/req (${app.turns.join(' ')}), floor ${floor.medianCpuMicros} µs/req (${floor.turns.join(' ')}): ${result.ratio}×, errors ${errors} leaks ${leaks}\n`,
  );
  if (flask !== undefined) {
    process.stdout.write(
      `interleaved-50: journeys/s app ${app.medianJourneysPerSecond} (${app.journeyTurns?.join(' ')}), Flask ${flask.medianJourneysPerSecond} (${flask.journeyTurns?.join(' ')}): ` +
        `${result.journeyRatio ?? '?'}× Flask's; Flask ${flask.medianCpuMicros} µs/req (${flask.turns.join(' ')})\n`,
    );
  }
  return result;
}

type Side = 'app' | 'floor' | 'flask';
const SIDES: readonly Side[] = ['app', 'floor', 'flask'];

/** One server's turns in the interleaved run: CPU per request, requests and journeys per second of each. */
class Turns {
  readonly cpu: number[] = [];
  readonly requests: number[] = [];
  readonly journeys: number[] = [];

  add(result: DriverResult): void {
    if (result.requests === 0) return;
    this.cpu.push(round(result.serverCpuMicros / result.requests, 1));
    this.requests.push(round(result.requests / result.seconds, 0));
    this.journeys.push(round(result.journeys / result.seconds, 1));
  }

  side(): InterleavedSide {
    const side: InterleavedSide = { medianCpuMicros: round(median(this.cpu), 1), turns: this.cpu, medianRequestsPerSecond: round(median(this.requests), 0) };
    if (this.journeys.some((j) => j > 0)) {
      side.medianJourneysPerSecond = round(median(this.journeys), 1);
      side.journeyTurns = this.journeys;
    }
    return side;
  }
}

/** The app's mean page size, for the floors, when no scenario above measured it (a short run, 1 user). */
async function measurePageBytes(settings: Settings): Promise<number> {
  const server = await startApp(settings, {}, 0);
  try {
    return (await runDriver(timedOptions(server, 'journey', 1, 2, { ...settings, warmUpSeconds: 0.5 }), 1)).meanPageBytes;
  } finally {
    await server.stop();
  }
}

/** Runs bench/instructions.sh; resolves to the instructions per request, or a reason it could not count. */
function countInstructions(settings: Settings, env: Record<string, string>): Promise<number | string> {
  const plan = settings.instructions;
  if (plan === undefined) return Promise.resolve('not asked for (--no-instructions)');
  const script = path.join(root, 'bench', 'instructions.sh');
  const child = spawn('bash', [script, root, String(plan.warmJourneys), String(plan.measuredJourneys), '1'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      const count = /instructions per request: (\d+)/.exec(out)?.[1];
      if (code === 0 && count !== undefined) resolve(Number(count));
      else resolve(code === 3 ? 'valgrind is not installed here' : `failed (exit ${code}): ${err.trim().split('\n').slice(-2).join(' ')}`);
    });
  });
}

/**
 * Instructions per request (callgrind) of the app as the Procfile runs it and of the bare-Express floor; when the
 * Procfile gives node flags, also of the app on Node's defaults (the flags' price). The counts run side by side:
 * load does not change an instruction count.
 */
async function instructionCounts(settings: Settings, pageBytes: number): Promise<InstructionsResult | undefined> {
  if (!wanted(settings, 'instructions') || settings.instructions === undefined) return undefined;
  if (!spawnSyncOk('valgrind', ['--version'])) {
    process.stdout.write('instructions: skipped, valgrind is not installed here\n');
    return { skipped: 'valgrind is not installed here', ...settings.instructions };
  }
  const flags = procfileNodeFlags();
  const [app, floor, appDefaults] = await Promise.all([
    countInstructions(settings, {}),
    countInstructions(settings, { FLOOR: 'express', PAGE_BYTES: String(pageBytes) }),
    flags.length > 0 ? countInstructions(settings, { NODE_FLAGS: ' ' }) : Promise.resolve(undefined),
  ]);
  const result: InstructionsResult = { ...settings.instructions, pageBytes, nodeFlags: flags.join(' ') };
  if (typeof app === 'number') result.app = app;
  else result.skipped = `app: ${app}`;
  if (typeof floor === 'number') result.floor = floor;
  else result.skipped = `${result.skipped ?? ''} floor: ${floor}`.trim();
  if (typeof appDefaults === 'number') result.appNodeDefaults = appDefaults;
  if (result.app !== undefined && result.floor !== undefined) result.ratio = round(result.app / result.floor, 2);
  process.stdout.write(
    `instructions per request: app ${result.app ?? '?'}${result.appNodeDefaults === undefined ? '' : ` (Node's defaults: ${result.appNodeDefaults})`}, floor ${result.floor ?? '?'}: ${result.ratio ?? '?'}×${result.skipped ? ` (${result.skipped})` : ''}\n`,
  );
  return result;
}

function spawnSyncOk(command: string, args: string[], env: Record<string, string> = {}): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', env: { ...process.env, ...env } });
    return true;
  } catch {
    return false;
  }
}

async function makeSessions(server: Server, count: number): Promise<DriverResult> {
  const options: DriverOptions = { mode: 'sessions', port: server.port, users: 50, seconds: 0, warmUpSeconds: 0, count, serverPids: [server.pid] };
  return runDriver(options, 1);
}

/** RSS with 0, then each of settings.sessions idle sessions, the app started with or without the Procfile's flags. */
async function idleSessionsRss(settings: Settings, productionFlags: boolean): Promise<IdleRss> {
  const server = await startApp(settings, {}, 0, productionFlags);
  const rss: MemoryResult['rss'] = [{ sessions: 0, rssMB: mb(rssBytes(server.pid)) }];
  let errors = 0;
  try {
    let made = 0;
    for (const target of settings.sessions) {
      const result = await makeSessions(server, target - made);
      errors += result.errors;
      for (const sample of result.errorSamples) process.stdout.write(`    error: ${sample}\n`);
      made = target;
      await sleep(1000);
      rss.push({ sessions: made, rssMB: mb(rssBytes(server.pid)) });
      process.stdout.write(`memory${productionFlags ? '' : " (Node's default heap)"}: ${made} idle sessions, RSS ${rss[rss.length - 1]?.rssMB} MB\n`);
    }
    const settled = await settledRss(server.pid, settings.settleSeconds);
    process.stdout.write(`memory${productionFlags ? '' : " (Node's default heap)"}: idle for ${settled.afterSeconds} s, RSS ${settled.rssMB} MB\n`);
    return { rss, errors, settled };
  } finally {
    await server.stop();
  }
}

type IdleRss = Pick<MemoryResult, 'rss' | 'errors' | 'settled'>;

/**
 * Resident size once the server has been left idle: V8's memory reducer gives back the heap the creation burst
 * grew, some seconds after allocation stops (when, depends on the heap's settings). Samples every 2 s for up to
 * `seconds`, and stops early once RSS has fallen below 3/4 of its first sample and two samples agree within 1 MB.
 */
async function settledRss(pid: number, seconds: number): Promise<{ rssMB: number; afterSeconds: number }> {
  const first = mb(rssBytes(pid));
  let previous = first;
  let lowest = { rssMB: first, afterSeconds: 0 };
  for (let waited = 2; waited <= seconds; waited += 2) {
    await sleep(2000);
    const now = mb(rssBytes(pid));
    if (now < lowest.rssMB) lowest = { rssMB: now, afterSeconds: waited };
    if (now < first * 0.75 && Math.abs(now - previous) <= 1) break;
    previous = now;
  }
  return lowest;
}

async function memoryScenarios(settings: Settings): Promise<MemoryResult | undefined> {
  if (!wanted(settings, 'memory')) return undefined;
  const flags = procfileNodeFlags();
  const shipped = await idleSessionsRss(settings, true);
  // The flags' price in memory: the same sessions on Node's default heap sizing.
  const defaults = flags.length > 0 ? await idleSessionsRss(settings, false) : undefined;
  return { ...shipped, nodeFlags: flags.join(' '), nodeDefaults: defaults, bound: await boundCheck(settings) };
}

/**
 * With MEMORY_STORE_MAX_SESSIONS=B, make 4B sessions: the newest B must all be held and the older ones gone.
 * Sessions are made by 50 users at once, so the order near the edge is fuzzy: we check clear of it.
 */
async function boundCheck(settings: Settings): Promise<MemoryResult['bound']> {
  const bound = 5000;
  const made = bound * 4;
  const margin = 200;
  const server = await startApp(settings, { MEMORY_STORE_MAX_SESSIONS: String(bound) }, 0);
  try {
    await makeSessions(server, bound);
    const rssAtBound = mb(rssBytes(server.pid));
    const result = await makeSessions(server, made - bound);
    const rssAfter = mb(rssBytes(server.pid));
    const cookies = result.cookies ?? [];
    // Held first: asking about a dropped session makes a new one, which pushes out the oldest held one.
    const newest = cookies.slice(cookies.length - bound + margin);
    const older = cookies.slice(cookies.length - bound - margin - 500, cookies.length - bound - margin);
    const newestHeld = (await sessionsHeld(server.port, newest)).filter(Boolean).length;
    const olderHeld = (await sessionsHeld(server.port, older)).filter(Boolean).length;
    const holds = newestHeld === newest.length && olderHeld === 0;
    process.stdout.write(
      `bound ${bound}: made ${made}; newest ${newest.length} held: ${newestHeld}; ${older.length} older held: ${olderHeld}; RSS ${rssAtBound} → ${rssAfter} MB\n`,
    );
    return { bound, made, newestChecked: newest.length, newestHeld, olderChecked: older.length, olderHeld, rssAtBoundMB: rssAtBound, rssAfterMB: rssAfter, holds };
  } finally {
    await server.stop();
  }
}

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

function machine(): BenchReport['machine'] {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: Number(execFileSync('nproc').toString().trim()),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
}

/** `--render-only`: rewrites docs/PERFORMANCE.md from docs/performance.json and bench/notes.md, running nothing. */
function renderOnly(): void {
  const docs = path.join(root, 'docs');
  const report = JSON.parse(readFileSync(path.join(docs, 'performance.json'), 'utf8')) as BenchReport;
  const notesFile = path.join(root, 'bench', 'notes.md');
  writeFileSync(path.join(docs, 'PERFORMANCE.md'), renderMarkdown(report, existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : ''));
}

async function main(): Promise<void> {
  if (process.argv.includes('--render-only')) {
    renderOnly();
    return;
  }
  const settings = readSettings(process.argv.slice(2));
  if (!existsSync(settings.serverJs)) throw new Error(`${settings.serverJs} not found: run npm run build first`);
  const started = new Date();
  const loadBefore = machine().loadAverage;
  const results: ScenarioResult[] = [];
  await embeddedScenarios(settings, results);
  await redisScenarios(settings, results);
  const pageBytes = results.find((r) => r.meanPageBytes)?.meanPageBytes ?? (await measurePageBytes(settings));
  await floorScenarios(settings, results, pageBytes);
  const interleaved = await interleavedFloor(settings, pageBytes);
  const memory = await memoryScenarios(settings);
  // Last, and side by side: instruction counts are not disturbed by load, but would disturb the timed runs.
  const instructions = await instructionCounts(settings, pageBytes);
  const report: BenchReport = {
    date: started.toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    settings: { seconds: settings.seconds, longSeconds: settings.longSeconds, warmUpSeconds: settings.warmUpSeconds, appEnv: { NEW_SESSIONS_PER_MINUTE: APP_ENV.NEW_SESSIONS_PER_MINUTE } },
    machine: { ...machine(), loadAverageBefore: loadBefore },
    scenarios: results,
    interleaved,
    instructions,
    memory,
  };
  if (settings.write) {
    const docs = path.join(root, 'docs');
    mkdirSync(docs, { recursive: true });
    writeFileSync(path.join(docs, 'performance.json'), `${JSON.stringify(report, null, 2)}\n`);
    const notesFile = path.join(root, 'bench', 'notes.md');
    const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '';
    writeFileSync(path.join(docs, 'PERFORMANCE.md'), renderMarkdown(report, notes));
    process.stdout.write('wrote docs/performance.json and docs/PERFORMANCE.md\n');
  } else {
    process.stdout.write('nothing written (a --quick, --only or --no-write run); --write replaces docs/PERFORMANCE.md with these results\n');
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
