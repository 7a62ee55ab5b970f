// The load driver, run as its own process (pinned apart from the server): virtual users doing the journey,
// or the Flask lesson app's journey, or a plain page (for the floors), or making idle sessions (for the memory
// check). Prints one JSON result.
import http from 'node:http';
import { treeCpuMicros } from './proc';

/**
 * journey: our lesson journey (seven requests); flask-journey: the Flask lesson app's (five requests, see
 * flaskJourney); page: GET / over and over (the node floors); sessions: make idle sessions.
 */
export type DriverMode = 'journey' | 'flask-journey' | 'page' | 'sessions';

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
  /** Stop after this many journeys (journey modes) or pages (page mode) in all (for instruction counts under valgrind). */
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
  /** The Set-Cookie that gave (or cleared) the session id, if any. */
  setCookie: string | undefined;
  body: string;
}

/** The session cookie: `flow.sid`, or `__Host-flow.sid` where cookies are Secure (production's default, as the bench runs). */
const SESSION_COOKIE = /^(__Host-)?flow\.sid$/;

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

/** True when a Set-Cookie line removes its cookie (Max-Age=0, an Expires in the past, or an empty value). */
function clears(line: string, value: string): boolean {
  if (value === '' || /;\s*max-age=0/i.test(line)) return true;
  const expires = /;\s*expires=([^;]+)/i.exec(line)?.[1];
  return expires !== undefined && Date.parse(expires) <= Date.now();
}

/**
 * One virtual user: its own keep-alive connection (one socket) and its own cookie jar (every cookie the app
 * sets: the session id, and whatever else it uses, such as a CSRF cookie or a one-time notice).
 */
class User {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly port: number,
    private readonly stats: Stats,
  ) {}

  /** `name=value` of the session cookie, or undefined. */
  get sessionCookie(): string | undefined {
    for (const [name, value] of this.cookies) if (SESSION_COOKIE.test(name)) return `${name}=${value}`;
    return undefined;
  }

  /** Forgets every cookie: the next request is a new visitor's (a new browser). */
  forgetCookies(): void {
    this.cookies.clear();
  }

  /** Sets the jar to one `name=value` pair (for sessionsHeld). */
  useOnly(pair: string): void {
    this.cookies.clear();
    const eq = pair.indexOf('=');
    this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }

  request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Reply> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
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
          let setCookie: string | undefined;
          for (const line of res.headers['set-cookie'] ?? []) {
            const pair = line.split(';', 1)[0] ?? '';
            const eq = pair.indexOf('=');
            if (eq <= 0) continue;
            const name = pair.slice(0, eq).trim();
            const value = pair.slice(eq + 1).trim();
            if (SESSION_COOKIE.test(name)) setCookie = line;
            if (clears(line, value)) this.cookies.delete(name);
            else this.cookies.set(name, value);
          }
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

/**
 * A journey's answers, each carrying the mark of this user and journey, and `check`, which counts on a reply any
 * answer marked for someone else (a leak).
 */
function marked(userIndex: number, journeyIndex: number, stats: Stats) {
  const mark = `bnch${userIndex}q${journeyIndex}z`;
  const answers = { firstName: `Ada ${mark}`, lastName: `Lovelace-${mark}`, favoriteColor: `teal ${mark}` };
  const check = (reply: Reply): Reply => {
    const leaks = countLeaks(reply.body, mark);
    if (leaks > 0 && stats.recording) stats.leaks += leaks;
    return reply;
  };
  return { mark, answers, check };
}

/** One complete pass: seven requests, every answer unique to this user and journey, every reply checked. */
async function journey(user: User, userIndex: number, journeyIndex: number, stats: Stats): Promise<void> {
  const { answers, check } = marked(userIndex, journeyIndex, stats);

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

/**
 * The Flask lesson app's journey (bench/floors/flask_lesson.py), five requests as its pages lead a visitor: the
 * name form, its POST (which stores the names and answers with the colour form itself, 200), the colour's POST
 * (200, "Now I know" with all three), "Start over" (a GET that clears the session, 302 to /) and the home page.
 * That app has no CSRF token to read; its session is Flask's signed cookie, kept in the user's jar like ours.
 */
async function flaskJourney(user: User, userIndex: number, journeyIndex: number, stats: Stats): Promise<void> {
  const { mark, answers, check } = marked(userIndex, journeyIndex, stats);

  const page1 = check(await user.request('GET', '/page1'));
  expectStatus(page1, 200, 'GET /page1');
  if (!page1.body.includes('action="/page2"')) throw new Error('GET /page1: no form to /page2');
  const page2 = check(await user.request('POST', '/page2', { firstName: answers.firstName, lastName: answers.lastName }));
  expectStatus(page2, 200, 'POST /page2');
  if (!page2.body.includes(answers.firstName)) throw new Error('POST /page2: own first name missing from the footer');
  const page3 = check(await user.request('POST', '/page3', { favoriteColor: answers.favoriteColor }));
  expectStatus(page3, 200, 'POST /page3');
  for (const value of Object.values(answers)) {
    if (!page3.body.includes(value)) throw new Error(`POST /page3: own answer "${value}" missing`);
  }
  const end = await user.request('GET', '/startOver');
  expectStatus(end, 302, 'GET /startOver');
  if (end.location === undefined || new URL(end.location, 'http://127.0.0.1/').pathname !== '/') {
    throw new Error(`GET /startOver: went to ${end.location ?? 'nowhere'}, expected /`);
  }
  const home = check(await user.request('GET', '/'));
  expectStatus(home, 200, 'GET /');
  if (home.body.includes(mark)) throw new Error('GET /: answers still shown after start over');
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
          user.cookies.clear(); // start the next journey clean
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
    if (options.mode === 'flask-journey') {
      await flaskJourney(user, index, n, stats);
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

/**
 * One idle session holding the first step's answers, made by a new visitor (no cookie at all: a browser's first
 * answers would otherwise join the session its earlier first answer made, docs/SESSIONS.md): GET /page1 for the
 * form and its CSRF cookie, then POST /page1 (303), and the session cookie it is given is kept.
 */
async function makeOneSession(user: User, index: number): Promise<string> {
  user.forgetCookies();
  const answers = { firstName: `Idle ${index}`, lastName: `Visitor-${index}` };
  const page = await user.request('GET', '/page1');
  expectStatus(page, 200, 'GET /page1');
  const reply = await user.request('POST', '/page1', { ...answers, _csrf: tokenOf(page) });
  expectStatus(reply, 303, 'POST /page1', '/page2');
  const cookie = user.sessionCookie;
  if (cookie === undefined) throw new Error('POST /page1 made no session');
  return cookie;
}

/** Makes `count` idle sessions, each with page 1 answered (see makeOneSession). */
export async function makeSessions(options: DriverOptions): Promise<DriverResult> {
  const stats = new Stats();
  stats.recording = true;
  const cookies: string[] = new Array<string>(options.count);
  let next = 0;
  const users = Array.from({ length: options.users }, () => new User(options.port, stats));
  await Promise.all(
    users.map(async (user) => {
      while (next < options.count) {
        const index = next++;
        try {
          cookies[index] = await makeOneSession(user, index);
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

/**
 * Asks, for each session cookie, whether the server still holds its session: GET /page2 shows the page (200)
 * only to a visitor whose page 1 answers are stored; anyone else is sent back to page 1.
 */
export async function sessionsHeld(port: number, cookies: readonly string[]): Promise<boolean[]> {
  const stats = new Stats();
  const user = new User(port, stats);
  const held: boolean[] = [];
  for (const cookie of cookies) {
    user.useOnly(cookie);
    const reply = await user.request('GET', '/page2');
    held.push(reply.status === 200);
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
