// Entry point: reads the config, builds the app, listens on PORT, and shuts down gracefully on SIGTERM/SIGINT.
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createHttpServer } from './http/http-server';

/** Heroku sends SIGTERM and kills the process 30 s later; finish well before that. */
const SHUTDOWN_GRACE_MS = 10_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Cannot start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

const config = readConfig();
if (config.secretIsGenerated) {
  process.stderr.write(
    'warning: SESSION_SECRET is not set, so a random one was made for this run; sessions end when the server restarts.\n',
  );
}

const app = createApp(config);
// Its timeouts stop a client that sends its headers or body a byte at a time from holding a connection.
const server = createHttpServer(app);
server.listen(config.port, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`Session flow listening on http://localhost:${port} (${config.nodeEnv})\n`);
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal} received: finishing in-flight requests\n`);
  const force = setTimeout(() => {
    process.stderr.write('shutdown took too long; exiting\n');
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
