// Issue 10's five defects, measured from outside against a built server (dist/server.js of any checkout), so the
// same script gives the "before" and "after" figures. Usage: `npm run build && tsc -p tsconfig.bench.json &&
// node dist/.bench/bench/defects.js [--server path/to/dist/server.js] [--trials 20]`. Needs redis-server.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './proc';

const SECRET = 'defects-secret-that-is-long-enough-0123456789';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

const serverJs = path.resolve(flag('server') ?? path.join(__dirname, '..', '..', 'server.js'));
const trials = Number(flag('trials') ?? 20);


async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`${what}: not ready within 10 s`);
}

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(port: number, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** A browser-like visitor: keeps every cookie the app sets, reads `_csrf` from pages. */
class Visitor {
  readonly jar = new Map<string, string>();
  constructor(readonly port: number) {}

  cookie(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res: Res): void {
    for (const line of res.headers['set-cookie'] ?? []) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a.trim()));
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async get(urlPath: string): Promise<Res> {
    const res = await send(this.port, 'GET', urlPath, { Cookie: this.cookie() });
    this.keep(res);
    return res;
  }

  async post(urlPath: string, fields: Record<string, string>): Promise<Res> {
    const body = new URLSearchParams(fields).toString();
    const res = await send(this.port, 'POST', urlPath, { Cookie: this.cookie(), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)) }, body);
    this.keep(res);
    return res;
  }

  async submit(urlPath: string, fields: Record<string, string>): Promise<Res> {
    const page = await this.get(urlPath);
    return this.post(urlPath, { ...fields, _csrf: csrfOf(page.body) });
  }

  copy(): Visitor {
    const other = new Visitor(this.port);
    for (const [k, v] of this.jar) other.jar.set(k, v);
    return other;
  }
}

function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

/** A POST whose headers go out now and whose body goes out when `release` is called; resolves with the status. */
function heldPost(port: number, urlPath: string, cookie: string, fields: Record<string, string>): { release(): void; status: Promise<number> } {
  const body = new URLSearchParams(fields).toString();
  const socket = net.connect(port, '127.0.0.1');
  socket.write(
    `POST ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
  );
  const status = new Promise<number>((resolve) => {
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
  });
  return { release: () => socket.write(body), status };
}

async function startRedis(): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  return { port, child };
}

async function redisCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.endsWith('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(text.trim()));
    socket.on('error', reject);
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  });
}

async function dbsize(port: number): Promise<number> {
  return Number((await redisCommand(port, 'DBSIZE')).replace(':', ''));
}

async function startApp(env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [serverJs], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', SESSION_SECRET: SECRET, PORT: String(port), NEW_SESSIONS_PER_MINUTE: '0', ...env },
    stdio: 'ignore',
  });
  await waitFor(async () => (await send(port, 'GET', '/healthz')).status === 200, 'app');
  return { port, child };
}

type Store = 'memory' | 'redis';

async function measure(store: Store, redisPort: number): Promise<Record<string, string | number>> {
  const env: Record<string, string> = store === 'redis' ? { REDIS_URL: `redis://127.0.0.1:${redisPort}` } : { MEMORY_STORE_MAX_SESSIONS: '1000' };
  const app = await startApp(env);
  const port = app.port;
  const out: Record<string, string | number> = {};
  try {
    if (store === 'redis') await redisCommand(redisPort, 'FLUSHALL');

    // 1. Flood: 2,000 anonymous HEADs of /page1 (the memory store holds at most 1,000 sessions here).
    const victim = new Visitor(port);
    await victim.submit('/page1', { firstName: 'Victim', lastName: 'Kept' });
    const keysBefore = store === 'redis' ? await dbsize(redisPort) : 0;
    for (let i = 0; i < 2000; i += 20) await Promise.all(Array.from({ length: 20 }, () => send(port, 'HEAD', '/page1')));
    if (store === 'redis') out['flood: Redis keys added by 2,000 anonymous HEADs'] = (await dbsize(redisPort)) - keysBefore;
    out["flood: visitor's answers survive (1,000-session bound)"] = (await victim.get('/page2')).body.includes('Kept') ? 'yes' : 'no';

    // 2. Stale cookie: a signed cookie whose session is gone, on /, a 404 and a refused POST.
    if (store === 'redis') {
      const stale = new Visitor(port);
      await stale.submit('/page1', { firstName: 'Old', lastName: 'Gone' });
      await redisCommand(redisPort, 'FLUSHALL');
      const cookie = stale.cookie();
      await send(port, 'GET', '/', { Cookie: cookie });
      await send(port, 'GET', '/nowhere', { Cookie: cookie });
      await send(port, 'POST', '/page1', { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '9' }, 'firstName');
      out['stale cookie: Redis keys written by 3 requests'] = await dbsize(redisPort);
    }

    // 3. Start over during a slow answer: does the old cookie reach the old answers afterwards?
    let resurrected = 0;
    let slowAnswered303 = 0;
    for (let t = 0; t < trials; t++) {
      const v = new Visitor(port);
      await v.submit('/page1', { firstName: 'Ada', lastName: 'Lovelace' });
      const page2 = await v.get('/page2');
      const old = v.copy();
      const held = heldPost(port, '/page2', old.cookie(), { favoriteColor: 'teal', _csrf: csrfOf(page2.body) });
      await sleep(30);
      await v.post('/start-over', { _csrf: csrfOf(page2.body) });
      held.release();
      if ((await held.status) === 303) slowAnswered303++;
      if ((await old.get('/page1')).body.includes('Lovelace')) resurrected++;
    }
    out[`start over: old session resurrected (of ${trials})`] = resurrected;
    out[`start over: slow POST answered 303 (of ${trials})`] = slowAnswered303;

    // 4a. Two tabs, slow body: tab A's POST held while tab B's completes.
    let lostSlow = 0;
    for (let t = 0; t < trials; t++) {
      const v = new Visitor(port);
      await v.submit('/page1', { firstName: 'Ada', lastName: 'Lovelace' });
      await v.submit('/page2', { favoriteColor: 'teal' });
      const p1 = await v.get('/page1');
      const held = heldPost(port, '/page1', v.cookie(), { firstName: `TabA${t}`, lastName: 'Lovelace', _csrf: csrfOf(p1.body) });
      await sleep(30);
      await v.submit('/page2', { favoriteColor: `TabB${t}` });
      held.release();
      await held.status;
      const summary = (await v.get('/page3')).body;
      if (!summary.includes(`TabA${t}`) || !summary.includes(`TabB${t}`)) lostSlow++;
    }
    out[`two tabs, slow body: trials with a lost answer (of ${trials})`] = lostSlow;

    // 4b. Two tabs, plain concurrency: both POSTs sent at once.
    const plainTrials = trials * 5;
    let lostPlain = 0;
    for (let t = 0; t < plainTrials; t++) {
      const v = new Visitor(port);
      await v.submit('/page1', { firstName: 'Ada', lastName: 'Lovelace' });
      await v.submit('/page2', { favoriteColor: 'teal' });
      const token = csrfOf((await v.get('/page1')).body);
      const a = v.copy();
      const b = v.copy();
      await Promise.all([a.post('/page1', { firstName: `TabA${t}`, lastName: 'Lovelace', _csrf: token }), b.post('/page2', { favoriteColor: `TabB${t}`, _csrf: token })]);
      const summary = (await v.get('/page3')).body;
      if (!summary.includes(`TabA${t}`) || !summary.includes(`TabB${t}`)) lostPlain++;
    }
    out[`two tabs, plain concurrency: trials with a lost answer (of ${plainTrials})`] = lostPlain;

    // 5. Cache-Control on pages that show answers.
    const v = new Visitor(port);
    await v.submit('/page1', { firstName: 'Ada', lastName: 'Lovelace' });
    out['Cache-Control on /page2 with answers'] = (await v.get('/page2')).headers['cache-control'] ?? '(none)';
  } finally {
    app.child.kill('SIGTERM');
  }
  return out;
}

async function main(): Promise<void> {
  const redis = await startRedis();
  try {
    await waitFor(async () => (await redisCommand(redis.port, 'PING')) === '+PONG', 'redis-server');
    for (const store of ['memory', 'redis'] as const) {
      const figures = await measure(store, redis.port);
      process.stdout.write(`\n${store}:\n`);
      for (const [name, value] of Object.entries(figures)) process.stdout.write(`  ${name}: ${value}\n`);
    }
  } finally {
    redis.child.kill('SIGKILL');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
