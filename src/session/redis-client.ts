// The Redis client's plumbing (REDIS_URL): its options (TLS included), connecting in the background and reconnecting,
// every command bounded in time, logging an outage once, and closing without hanging. No session knowledge here.
import { createClient, type RedisClientOptions } from 'redis';
import type { Config } from '../config';
import { messageOf } from '../util/errors';
import type { Log } from '../util/log';
import { withTimeout } from '../util/time-limit';

/**
 * How long one Redis command may take before the request gives up with a 503. Redis answers in a few
 * milliseconds; this bounds a connection that is open but no longer answering (a paused server, a
 * network that dropped without a reset), which would otherwise hold the request until TCP gives up
 * (minutes). node-redis's own command timeout stops counting once a command is sent, so we keep our own.
 */
export const COMMAND_TIMEOUT_MS = 1500;

/** Longest wait between two reconnection attempts: an outage is noticed within this once Redis is back. */
export const MAX_RECONNECT_DELAY_MS = 2000;

export type RedisSettings = Pick<Config, 'redisUrl' | 'redisTlsRejectUnauthorized' | 'redisTlsCa'> & { redisUrl: string };

/** Pure: the options the Redis client gets for these settings (tested on its own). */
export function redisClientOptions(settings: RedisSettings): RedisClientOptions {
  const tls = settings.redisUrl.startsWith('rediss://');
  const verify = settings.redisTlsRejectUnauthorized || settings.redisTlsCa !== undefined;
  return {
    url: settings.redisUrl,
    // While disconnected, commands fail at once (a 503) instead of queueing until Redis is back.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5000,
      reconnectStrategy: reconnectDelay, // never gives up: the app heals by itself when Redis returns
      ...(tls
        ? {
            tls: true as const,
            // Heroku's Key-Value Store serves a self-signed certificate, which verification would refuse.
            // The link is still encrypted, but not authenticated: see the README to verify against a CA.
            rejectUnauthorized: verify,
            ...(settings.redisTlsCa === undefined ? {} : { ca: settings.redisTlsCa }),
          }
        : {}),
    },
  };
}

/** Capped exponential backoff with jitter, so many processes don't all reconnect in step. */
export function reconnectDelay(retries: number): number {
  const jitter = Math.floor(Math.random() * 100);
  return Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) + jitter;
}

export type Client = ReturnType<typeof createClient>;

export interface RedisConnection {
  readonly client: Client;
  /** `command` held to COMMAND_TIMEOUT_MS; past it the connection is dropped and made afresh. */
  readonly bounded: <T>(command: Promise<T>) => Promise<T>;
  readonly close: () => Promise<void>;
}

/**
 * A client for these settings that connects in the background: the app starts (and answers 503 for session pages)
 * even when Redis is down, and recovers when it comes back.
 */
export function connectRedis(settings: RedisSettings, log: Log): RedisConnection {
  const client = createClient(redisClientOptions(settings));
  const connect = (): void => {
    client.connect().catch((err: unknown) => log(`redis: gave up connecting: ${messageOf(err)}\n`));
  };
  const connection = watchConnection(client, log);
  connect();

  /**
   * A command with no answer in time means the connection can't be trusted: replies come in order, so
   * everything after it would wait too. Drop it and connect afresh; until then commands fail at once.
   */
  const onTimeout = (): void => {
    if (!client.isReady) return; // already reconnecting
    connection.note(`no answer within ${COMMAND_TIMEOUT_MS} ms; reconnecting`);
    client.destroy();
    connect();
  };
  return {
    client,
    bounded: (command) => withTimeout(command, COMMAND_TIMEOUT_MS, `redis: no answer within ${COMMAND_TIMEOUT_MS} ms`, onTimeout),
    close: () => closeClient(client),
  };
}

/**
 * The 'error' listener is what keeps the process alive: an EventEmitter's 'error' with no listener
 * throws. Each reconnection attempt reports an error, so only the start and end of an outage are logged.
 */
function watchConnection(client: Client, log: Log): { note(problem: string): void } {
  let lastError: string | undefined;
  const note = (problem: string): void => {
    if (lastError === undefined) log(`redis: unavailable (${problem}); retrying every ${MAX_RECONNECT_DELAY_MS / 1000} s at most\n`);
    lastError = problem;
  };
  client.on('error', (err: unknown) => note(messageOf(err)));
  client.on('ready', () => {
    log(lastError === undefined ? 'redis: connected\n' : 'redis: connected again\n');
    lastError = undefined;
  });
  return { note };
}

/** Waits briefly for commands in flight, then moves on: a hung Redis must not hold up a shutdown. */
async function closeClient(client: Client): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    client.destroy(); // stops the reconnection attempts
    return;
  }
  await withTimeout(client.close(), COMMAND_TIMEOUT_MS, 'redis: close timed out').catch(() => undefined);
}
