// Test helpers for Redis: a private redis-server on a free port (started and stopped by the test), and apps using it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { createClient } from 'redis';
import type { App } from '../../src/app';
import type { Config } from '../../src/config';
import { createRedisSessionStore } from '../../src/session/redis';
import type { SessionStore } from '../../src/session/session-store';
import { quietApp, testConfig } from './app';

const INSTALL_HINT =
  'redis-server is needed for the Redis tests and was not found. Install it with ' +
  '`sudo apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis` (macOS); `.ci/run` installs it by itself. (`npm test` skips these suites when it is missing, except in CI.)';

export class RedisServer {
  private process: ChildProcess | undefined;

  /** `args`: more redis-server options, e.g. ['--maxmemory', '2mb']. */
  constructor(
    readonly port: number,
    private readonly args: readonly string[] = [],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server (again, after stop()) on this server's port; resolves once it accepts connections. */
  async start(): Promise<void> {
    // No persistence: a restart starts empty, and nothing is written to disk.
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...this.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within 5 s:\n${output}`)), 5000);
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(err.code === 'ENOENT' ? new Error(INSTALL_HINT) : err);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${output}`));
      });
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** Stops redis-server and waits until it has exited. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL'); // an outage, not a tidy shutdown
    await exited;
  }

  /** Freezes the server: connections stay open but nothing answers (like a network that stopped delivering). */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }
}

/** A redis-server of our own on a free port, already started; `args` are further redis-server options. */
export async function startRedis(args: readonly string[] = []): Promise<RedisServer> {
  const server = new RedisServer(await freePort(), args);
  await server.start();
  return server;
}

export type RedisClient = ReturnType<typeof createClient>;

/** A plain client of `server`, for a test to look at (or fill) Redis itself; it stays quiet when the server goes away. */
export async function directClient(server: RedisServer): Promise<RedisClient> {
  const client = createClient({ url: server.url });
  client.on('error', () => undefined); // the server goes away at the end of the file
  return client.connect();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const apps: App[] = [];

export type RedisApp = App & { logs: string[]; store: SessionStore };

/**
 * An app whose sessions live in this Redis; what its store logs is kept in `logs`. Closed by closeRedisApps.
 * Its client connects in the background: see connectedRedisApp to wait for that.
 */
export function redisApp(redisUrl: string, overrides: Partial<Config> = {}): RedisApp {
  const config = { ...testConfig(overrides), redisUrl };
  const logs: string[] = [];
  const store = createRedisSessionStore(config, { log: (line) => logs.push(line) });
  const app = quietApp(config, { sessionStore: store });
  apps.push(app);
  return Object.assign(app, { logs, store });
}

/** An app whose store has connected (until then, session pages answer 503). */
export async function connectedRedisApp(redisUrl: string, overrides: Partial<Config> = {}): Promise<RedisApp> {
  const app = redisApp(redisUrl, overrides);
  await eventually(() => app.store.ping());
  return app;
}

/** Retries `check` until it passes: at most `limitMs` (bounded, for a store that reconnects with backoff). */
export async function eventually(check: () => Promise<void>, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export async function closeRedisApps(): Promise<void> {
  await Promise.all(apps.splice(0).map((app) => app.close()));
}
