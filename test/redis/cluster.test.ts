// The built server with WEB_CONCURRENCY=2 and Redis: two workers share the port and the sessions; a dead one is replaced.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { ensureBuilt, root } from '../support/built-server';
import { eventually, freePort, startRedis, type RedisServer } from '../support/redis';
import { Visitor } from '../support/visitor';

let redis: RedisServer;
let server: ChildProcess;
let output = '';
let base = '';

/** The pids of workers that said they are listening, in order. */
const listeningWorkers = (): number[] => [...output.matchAll(/listening on .*worker (\d+)\)/g)].map((m) => Number(m[1]));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  ensureBuilt(); // the same build `npm start` and Heroku use
  redis = await startRedis();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['dist/server.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test', // no request log
      PORT: String(port),
      REDIS_URL: redis.url,
      WEB_CONCURRENCY: '2',
      SESSION_SECRET: 'cluster-test-secret-that-is-long-enough-0123',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(() => Promise.resolve(expect(listeningWorkers()).toHaveLength(2)));
}, 60_000);

afterAll(async () => {
  if (server.exitCode === null && server.signalCode === null) {
    for (const pid of listeningWorkers()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    server.kill('SIGKILL');
    await once(server, 'exit');
  }
  await redis.stop();
});

test('with two workers, a visitor completes the journey on a new connection per request, CSRF included', async () => {
  const [first, second] = listeningWorkers();
  expect(first).not.toBe(second);

  const visitor = new Visitor({ fresh: true }); // a new connection each time: the primary hands them out in turn
  expect((await visitor.submit(base, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
  expect((await visitor.submit(base, '/page2', { favoriteColor: 'teal' })).status).toBe(303);
  for (let i = 0; i < 4; i++) {
    const summary = await visitor.get(base, '/page3');
    expect(summary.status).toBe(200);
    expect(summary.text).toContain('Lovelace');
  }
});

test('a worker that dies is replaced, and sessions survive it', async () => {
  const visitor = new Visitor({ fresh: true });
  await visitor.submit(base, '/page1', { firstName: 'Grace', lastName: 'Hopper' });

  const [victim] = listeningWorkers();
  process.kill(victim ?? 0, 'SIGKILL');
  await eventually(() => Promise.resolve(expect(listeningWorkers()).toHaveLength(3)));
  expect(output).toContain(`worker ${victim} died (SIGKILL)`);

  for (let i = 0; i < 4; i++) {
    const page2 = await visitor.get(base, '/page2');
    expect(page2.status).toBe(200);
    expect(page2.text).toContain('Hopper');
  }
});

test('SIGTERM to the primary stops every worker, and the primary exits cleanly', async () => {
  const workers = listeningWorkers().filter(isAlive);
  expect(workers).toHaveLength(2);
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  expect(code).toBe(0);
  expect(workers.filter(isAlive)).toEqual([]);
  expect(output).toContain('every worker has finished');
});
