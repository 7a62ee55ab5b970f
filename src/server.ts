// Entry point: reads the config, then either runs the workers (WEB_CONCURRENCY > 1) or serves the app itself.
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { CANNOT_START_EXIT_CODE, planWorkers, runPrimary } from './cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { createHttpServer, drainable } from './http/http-server';
import { storeKindFor } from './session/session-store';
import { logToStderr } from './util/log';

/** Heroku sends SIGTERM and kills the process 30 s later; finish well before that. */
const SHUTDOWN_GRACE_MS = 10_000;

const log = (line: string): void => void process.stdout.write(line);
const warn = logToStderr;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      warn(`Cannot start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/**
 * Listens on PORT and, on SIGTERM/SIGINT, stops taking connections, answers every request that still comes
 * on an open one (saying `Connection: close`), closes the store and exits; after SHUTDOWN_GRACE_MS it stops waiting.
 */
function serve(config: Config): void {
  const app = createApp(config);
  // Its timeouts stop a client that sends its headers or body a byte at a time from holding a connection.
  const server = createHttpServer(app);
  const drain = drainable(server);
  server.on('error', (err: NodeJS.ErrnoException) => {
    // Only listening can fail here (a busy port, a port below 1024 without the right, a HOST not of this machine): one line, no stack trace.
    warn(`Cannot start: ${listenFailure(err, config.port, config.host)}\n`);
    process.exit(CANNOT_START_EXIT_CODE);
  });
  server.listen({ port: config.port, host: config.host }, () => {
    const { port } = server.address() as AddressInfo;
    const where = cluster.isWorker ? `, worker ${process.pid}` : '';
    log(`Session flow listening on ${urlOf(config.host, port)} (${config.nodeEnv}, sessions in ${storeKindFor(config)}${where})\n`);
  });

  let stopping = false;
  function shutdown(signal: string): void {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: answering the requests on open connections, then exiting\n`);
    setTimeout(() => {
      warn(`shutdown took longer than ${SHUTDOWN_GRACE_MS / 1000} s; exiting\n`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    drain()
      .then(() => app.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** Where to open the app: HOST's address, or, listening on every interface, localhost (and the machine's other addresses). */
function urlOf(host: string | undefined, port: number): string {
  if (host === undefined) return `http://localhost:${port}, and on every other address of this machine`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** What went wrong when listening, said for whoever set PORT (or HOST). */
function listenFailure(err: NodeJS.ErrnoException, port: number, host: string | undefined): string {
  switch (err.code) {
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `HOST ${host ?? ''} is not an address of this machine. Set HOST to one of its addresses (127.0.0.1 for this machine only), or leave it unset for every address.`;
    case 'EADDRINUSE':
      return `port ${port} is already in use by another program. Stop it, or set PORT to a free port.`;
    case 'EACCES':
      return `no permission to listen on port ${port} (ports below 1024 need special rights). Set PORT to a port from 1024 up.`;
    default:
      return `could not listen on port ${port} (${err.code ?? err.message}). Check the PORT setting.`;
  }
}

const config = readConfig();
if (cluster.isPrimary) {
  const plan = planWorkers(config);
  if (plan.warning !== undefined) warn(`warning: ${plan.warning}\n`);
  if (config.secretIsGenerated) {
    warn('warning: SESSION_SECRET is not set, so a random one was made for this run; sessions end when the server restarts.\n');
  }
  if (plan.workers > 1) {
    runPrimary({
      workers: plan.workers,
      // A generated secret must be the same in every worker, or each would reject the others' cookies.
      env: config.secretIsGenerated ? { SESSION_SECRET: config.sessionSecrets.join(',') } : {},
      graceMs: SHUTDOWN_GRACE_MS + 2000,
      log,
    });
  } else {
    serve(config);
  }
} else {
  serve(config);
}
