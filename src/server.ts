// Entry point: reads the config, then either runs the workers (WEB_CONCURRENCY > 1) or serves the app itself.
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { planWorkers, runPrimary } from './cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { createHttpServer } from './http/http-server';
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

/** Listens on PORT and, on SIGTERM/SIGINT, finishes the requests in flight, closes the store and exits. */
function serve(config: Config): void {
  const app = createApp(config);
  // Its timeouts stop a client that sends its headers or body a byte at a time from holding a connection.
  const server = createHttpServer(app);
  server.listen(config.port, () => {
    const { port } = server.address() as AddressInfo;
    const where = cluster.isWorker ? `, worker ${process.pid}` : '';
    log(`Session flow listening on http://localhost:${port} (${config.nodeEnv}, sessions in ${storeKindFor(config)}${where})\n`);
  });

  let stopping = false;
  function shutdown(signal: string): void {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: finishing in-flight requests\n`);
    const force = setTimeout(() => {
      warn('shutdown took too long; exiting\n');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeIdleConnections(); // keep-alive connections with no request in flight
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
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
