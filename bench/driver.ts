// The load driver, run as its own process (pinned apart from the server): virtual users doing the journey,
// or a plain page (for the floors), or making idle sessions (for the memory check). Prints one JSON result.
import http from 'node:http';
import { treeCpuMicros } from './proc';

export type DriverMode = 'journey' | 'page' | 'sessions';

export interface DriverOptions {
  mode: DriverMode;
  port: number;
  users: number;
  /** journey/page: measured seconds (after warmUpSeconds). */
  seconds: number;
  warmUpSeconds: number;
  /** sessions mode: how many sessions to make. */
  count: number;
  /** The server's processes: their CPU time is read around the measured window. */
  serverPids: number[];
  /** journey mode: stop after this many journeys in all (for instruction counts under valgrind). */
  journeyLimit?: number;
}

export interface DriverResult {
  mode: DriverMode;
  users: number;
  seconds: number;
  journeys: number;
  requests: number;
  errors: number;
  leaks: number;
  /** The first few errors, to say what went wrong. */
  errorSamples: string[];
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  serverCpuMicros: number;
  /** Mean body size of the 200 pages seen (the floors answer a page this size). */
  meanPageBytes: number;
  /** sessions mode: the cookies made, oldest first. */
  cookies?: string[];
}

interface Reply {
  status: number;
  location: string | undefined;
  setCookie: string | undefined;
  body: string;
}

const COOKIE_NAME = 'flow.sid';

class Stats {
  requests = 0;
  errors = 0;
  leaks = 0;
  journeys = 0;
  pageBytes = 0;
  pages = 0;
  errorSamples: string[] = [];
  latencies: number[] = [];
  recording = false;

  error(what: string): void {
    if (!this.recording) return;
    this.errors++;
    if (this.errorSamples.length < 5) this.errorSamples.push(what);
  }
}

/** One virtual user: its own keep-alive connection (one socket) and its own cookie jar. */
class User {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cookie: string | undefined;

  constructor(
    private readonly port: number,
    private readonly stats: Stats,
  ) {}

  /** The Cookie header this user sends now ('' when it holds none). */
  cookieHeader(): string {
    return this.cookie ?? '';
  }

  /** Every cookie the server set (the session's, the CSRF cookie, a notice), as a browser keeps them. */
  private keepCookies(setCookies: readonly string[]): void {
    if (setCookies.length === 0) return;
    const jar = new Map((this.cookie ?? '').split('; ').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair] as const));
    for (const line of setCookies) {
      const pair = line.split(';', 1)[0] ?? '';
      const name = pair.slice(0, pair.indexOf('='));
      if (pair.endsWith('=') || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0\b/i.test(line)) jar.delete(name);
      else jar.set(name, pair);
    }
    this.cookie = jar.size === 0 ? undefined : [...jar.values()].join('; ');
  }

  request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Reply> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const start = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          const stats = this.stats;
          if (stats.recording) {
            stats.requests++;
            stats.latencies.push(ms);
          }
          const setCookie = res.headers['set-cookie']?.find((c) => c.startsWith(`${COOKIE_NAME}=`));
          this.keepCookies(res.headers['set-cookie'] ?? []);
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200 && stats.recording) {
            stats.pages++;
            stats.pageBytes += Buffer.byteLength(text);
          }
          resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookie, body: text });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

const TOKEN = /name="_csrf" value="([^"]+)"/;
/** Every answer the bench sends carries this mark, so any answer on a page can be traced to its user. */
const MARK = /bnch(\d+)q(\d+)z/g;

function tokenOf(reply: Reply): string {
  const token = TOKEN.exec(reply.body)?.[1];
  if (!token) throw new Error(`no _csrf token (status ${reply.status})`);
  return token;
}

/** Counts answers on the page that belong to anyone but this user's current journey. */
function countLeaks(body: string, own: string): number {
  let leaks = 0;
  for (const match of body.matchAll(MARK)) if (match[0] !== own) leaks++;
  return leaks;
}

function expectStatus(reply: Reply, status: number, what: string, location?: string): void {
  if (reply.status !== status) throw new Error(`${what}: status ${reply.status}, expected ${status}`);
  if (location !== undefined && reply.location !== location) {
    throw new Error(`${what}: went to ${reply.location ?? 'nowhere'}, expected ${location}`);
  }
}

/** One complete pass: seven requests, every answer unique to this user and journey, every reply checked. */
async function journey(user: User, userIndex: number, journeyIndex: number, stats: Stats): Promise<void> {
  const mark = `bnch${userIndex}q${journeyIndex}z`;
  const answers = { firstName: `Ada ${mark}`, lastName: `Lovelace-${mark}`, favoriteColor: `teal ${mark}` };
  const check = (reply: Reply): Reply => {
    const leaks = countLeaks(reply.body, mark);
    if (leaks > 0 && stats.recording) stats.leaks += leaks;
    return reply;
  };

  const home = check(await user.request('GET', '/'));
  expectStatus(home, 200, 'GET /');
  const page1 = check(await user.request('GET', '/page1'));
  expectStatus(page1, 200, 'GET /page1');
  const post1 = await user.request('POST', '/page1', {
    firstName: answers.firstName,
    lastName: answers.lastName,
    _csrf: tokenOf(page1),
  });
  expectStatus(post1, 303, 'POST /page1', '/page2');
  const page2 = check(await user.request('GET', '/page2'));
  expectStatus(page2, 200, 'GET /page2');
  if (!page2.body.includes(answers.firstName)) throw new Error('GET /page2: own first name missing from the footer');
  const post2 = await user.request('POST', '/page2', { favoriteColor: answers.favoriteColor, _csrf: tokenOf(page2) });
  expectStatus(post2, 303, 'POST /page2', '/page3');
  const page3 = check(await user.request('GET', '/page3'));
  expectStatus(page3, 200, 'GET /page3');
  for (const value of Object.values(answers)) {
    if (!page3.body.includes(value)) throw new Error(`GET /page3: own answer "${value}" missing`);
  }
  const end = await user.request('POST', '/start-over', { _csrf: tokenOf(page3) });
  expectStatus(end, 303, 'POST /start-over', '/');
  if (stats.recording) stats.journeys++;
}

async function runUsers(options: DriverOptions, stats: Stats, work: (user: User, index: number, n: number) => Promise<void>) {
  const users = Array.from({ length: options.users }, () => new User(options.port, stats));
  let started = 0;
  const warmUpEnd = Date.now() + options.warmUpSeconds * 1000;
  const end = warmUpEnd + options.seconds * 1000;
  let cpuStart = 0;
  const startRecording = setTimeout(() => {
    stats.recording = true;
    cpuStart = treeCpuMicros(options.serverPids);
  }, options.warmUpSeconds * 1000);
  let cpuEnd = 0;
  const stopRecording = setTimeout(
    () => {
      stats.recording = false;
      cpuEnd = treeCpuMicros(options.serverPids);
    },
    options.warmUpSeconds * 1000 + options.seconds * 1000,
  );
  await Promise.all(
    users.map(async (user, index) => {
      for (let n = 0; Date.now() < end && started < (options.journeyLimit ?? Infinity); n++) {
        started++;
        try {
          await work(user, index, n);
        } catch (err) {
          stats.error(err instanceof Error ? err.message : String(err));
          user.cookie = undefined; // start the next journey clean
        }
      }
      user.close();
    }),
  );
  clearTimeout(startRecording);
  clearTimeout(stopRecording);
  if (stats.recording) {
    // Every user finished before the timer fired: the window ends now.
    stats.recording = false;
    cpuEnd = treeCpuMicros(options.serverPids);
  }
  return cpuEnd - cpuStart;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 1000) / 1000;
}

async function runTimed(options: DriverOptions): Promise<DriverResult> {
  const stats = new Stats();
  const serverCpuMicros = await runUsers(options, stats, async (user, index, n) => {
    if (options.mode === 'journey') {
      await journey(user, index, n, stats);
      return;
    }
    const reply = await user.request('GET', '/');
    expectStatus(reply, 200, 'GET /');
  });
  const sorted = Float64Array.from(stats.latencies).sort();
  return {
    mode: options.mode,
    users: options.users,
    seconds: options.seconds,
    journeys: stats.journeys,
    requests: stats.requests,
    errors: stats.errors,
    leaks: stats.leaks,
    errorSamples: stats.errorSamples,
    latencyMs: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: percentile(sorted, 100) },
    serverCpuMicros,
    meanPageBytes: stats.pages > 0 ? Math.round(stats.pageBytes / stats.pages) : 0,
  };
}

/** Makes `count` idle sessions: a cookieless GET /page1, then its first answers (reading stores nothing). */
async function makeSessions(options: DriverOptions): Promise<DriverResult> {
  const stats = new Stats();
  stats.recording = true;
  const cookies: string[] = new Array<string>(options.count);
  let next = 0;
  const users = Array.from({ length: options.users }, () => new User(options.port, stats));
  await Promise.all(
    users.map(async (user) => {
      while (next < options.count) {
        const index = next++;
        user.cookie = undefined;
        try {
          const page = await user.request('GET', '/page1');
          expectStatus(page, 200, 'GET /page1');
          const reply = await user.request('POST', '/page1', { firstName: 'Idle', lastName: `Visitor${index}`, _csrf: tokenOf(page) });
          expectStatus(reply, 303, 'POST /page1');
          if (!reply.setCookie) throw new Error('POST /page1 made no session');
          cookies[index] = user.cookieHeader();
        } catch (err) {
          stats.error(err instanceof Error ? err.message : String(err));
        }
      }
      user.close();
    }),
  );
  return {
    mode: 'sessions',
    users: options.users,
    seconds: 0,
    journeys: 0,
    requests: stats.requests,
    errors: stats.errors,
    leaks: 0,
    errorSamples: stats.errorSamples,
    latencyMs: { p50: 0, p90: 0, p99: 0, max: 0 },
    serverCpuMicros: 0,
    meanPageBytes: 0,
    cookies,
  };
}

/** Asks, for each cookie, whether the server still holds its session (a held session sets no new cookie). */
export async function sessionsHeld(port: number, cookies: readonly string[]): Promise<boolean[]> {
  const stats = new Stats();
  const user = new User(port, stats);
  const held: boolean[] = [];
  for (const cookie of cookies) {
    user.cookie = cookie;
    const reply = await user.request('GET', '/page1');
    held.push(reply.status === 200 && reply.setCookie === undefined);
  }
  user.close();
  return held;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as DriverOptions;
  const result = options.mode === 'sessions' ? await makeSessions(options) : await runTimed(options);
  process.stdout.write(JSON.stringify(result));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`driver failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
