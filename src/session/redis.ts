// The Redis session store (REDIS_URL): the client's options, its failure handling, and our own small store over
// node-redis: a Lua compare-and-set for writes, PEXPIRE for touch (never re-creates), end markers beside each session.
import { ClientClosedError, ClientOfflineError, createClient, type RedisClientOptions } from 'redis';
import type { Config } from '../config';
import { messageOf } from '../util/errors';
import { logToStderr, type Log } from '../util/log';
import { withTimeout } from '../util/time-limit';
import { isSessionData } from './data';
import { CommandNotSentError } from './errors';
import { RedisNewSessionLimit } from './new-session-limit';
import { endMarkerMs, recordTtlMs, type KnownEnd, type RecordStore } from './record-store';
import type { SessionStore } from './session-store';

/** Every key this app writes starts with this, so the app can share a Redis with others. */
export const KEY_PREFIX = 'sess:flow:';

/** The key /healthz writes to learn whether Redis takes writes (it expires by itself). */
export const HEALTH_KEY = `${KEY_PREFIX}healthz`;
const HEALTH_KEY_TTL_MS = 10_000;

/**
 * How long one Redis command may take before the request gives up with a 503. Redis answers in a few
 * milliseconds; this bounds a connection that is open but no longer answering (a paused server, a
 * network that dropped without a reset), which would otherwise hold the request until TCP gives up
 * (minutes). node-redis's own command timeout stops counting once a command is sent, so we keep our own.
 */
const COMMAND_TIMEOUT_MS = 1500;

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

export interface RedisStoreDeps {
  /** Where state changes and errors go (stderr by default). */
  log?: Log;
}

/**
 * Sessions in Redis, shared by every process and dyno. The client connects in the background: the app
 * starts (and answers 503 for session pages) even when Redis is down, and recovers when it comes back.
 */
export function createRedisSessionStore(config: Config & { redisUrl: string }, deps: RedisStoreDeps = {}): SessionStore {
  const log = deps.log ?? logToStderr;
  const client = createClient(redisClientOptions(config));
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
  const bounded = <T>(command: Promise<T>): Promise<T> =>
    withTimeout(command, COMMAND_TIMEOUT_MS, `redis: no answer within ${COMMAND_TIMEOUT_MS} ms`, onTimeout).catch((err: unknown) => {
      // While disconnected, node-redis refuses at once without sending (disableOfflineQueue): the command never ran.
      throw err instanceof ClientClosedError || err instanceof ClientOfflineError ? new CommandNotSentError(err) : err;
    });

  const lifetimes = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };
  const key = (id: string): string => `${KEY_PREFIX}${id}`;
  const endKey = (id: string): string => `${END_PREFIX}${id}`;
  const markerMs = endMarkerMs(config.sessionIdleMs);

  const records: RecordStore = {
    get: async (id) => {
      const json = await bounded(client.get(key(id)));
      if (json === null) return undefined;
      try {
        const data: unknown = JSON.parse(json);
        return isSessionData(data) ? data : undefined;
      } catch {
        return undefined; // a record this app did not write: no session
      }
    },
    endReason: async (id) => {
      const reason = await bounded(client.eval(END_REASON_SCRIPT, { keys: [key(id), endKey(id)] }));
      return reason === 'expired' || reason === 'startedOver' ? (reason satisfies KnownEnd) : undefined;
    },
    set: async (id, record) => {
      const ttl = recordTtlMs(record, lifetimes, Date.now());
      if (ttl <= 0) return false;
      const written = await bounded(
        client.eval(CAS_SCRIPT, {
          keys: [key(id), endKey(id)],
          arguments: [JSON.stringify(record), String(record.version), String(Math.ceil(ttl)), String(markerMs)],
        }),
      );
      return written === 1;
    },
    destroy: async (id) => {
      try {
        // The marker first: from then on no first answer can create this id, and the next page can say why it ended.
        await bounded(client.set(endKey(id), 'startedOver', { expiration: { type: 'PX', value: markerMs } }));
      } catch (err) {
        // A full Redis refuses the marker (SET needs memory), never a DEL: the session still ends, its reason unknown.
        if (!/\bOOM\b/.test(messageOf(err))) throw err;
      }
      await bounded(client.del(key(id)));
    },
    touch: async (id, record) => {
      const ttl = recordTtlMs(record, lifetimes, Date.now());
      // PEXPIRE never creates a key: a session destroyed meanwhile stays destroyed. Its end marker follows it.
      if (ttl > 0) await bounded(client.eval(TOUCH_SCRIPT, { keys: [key(id), endKey(id)], arguments: [String(Math.ceil(ttl)), String(markerMs)] }));
    },
  };

  return {
    kind: 'redis',
    records,
    ping: async () => {
      await bounded(client.ping());
    },
    // PING answers even when Redis is full; a small write is what fails under `maxmemory-policy noeviction`.
    checkWritable: async () => {
      await bounded(client.set(HEALTH_KEY, String(Date.now()), { expiration: { type: 'PX', value: HEALTH_KEY_TTL_MS } }));
    },
    sharedNewSessionLimit: (perMinute) =>
      new RedisNewSessionLimit(
        {
          incrementWithExpiry: async (key, ms) => {
            const [count] = await bounded(client.multi().incr(key).pExpire(key, ms).exec());
            return Number(count);
          },
        },
        KEY_PREFIX,
        { perMinute },
      ),
    close: () => closeClient(client),
  };
}

/**
 * End markers, beside each session key: `sess:flow:end:<id>` holds why the session ends. While the session lives it
 * holds 'expired' and outlives the session key by the marker time (both clocks are restarted together), so once the
 * session key has timed out the marker still says so; start over sets it to 'startedOver' for the marker time and
 * deletes the session key. A session key is created only where neither key exists, so an ended id is never reused.
 */
export const END_PREFIX = `${KEY_PREFIX}end:`;

/** 'expired' or 'startedOver' when the session key is gone and its marker says why; nil otherwise. KEYS = key, end key. */
const END_REASON_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
return redis.call('GET', KEYS[2])
`;

/** Restarts a live session's clock and its marker's; never creates either. KEYS = key, end key; ARGV = TTL ms, marker ms. */
const TOUCH_SCRIPT = `
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 1 then
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[1]) + tonumber(ARGV[2]))
end
return 0
`;

/**
 * The compare-and-set, run inside Redis so nothing can come between the check and the write (every worker
 * and dyno shares the one Redis). Version 1 creates only when neither the key nor its end marker exists;
 * any other version writes only over the version before it. A record destroyed by start over is absent, so
 * nothing brings it back. The marker is written with the record ('expired', outliving it by the marker time).
 * KEYS = key, end key; ARGV = record JSON, its version, TTL in ms, marker ms. Returns 1 when written, 0 when not.
 */
const CAS_SCRIPT = `
local current = redis.call('GET', KEYS[1])
local version = tonumber(ARGV[2])
if version == 1 then
  if current or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
else
  if not current then return 0 end
  local ok, stored = pcall(cjson.decode, current)
  if not ok or type(stored) ~= 'table' or stored.version ~= version - 1 then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('SET', KEYS[2], 'expired', 'PX', tonumber(ARGV[3]) + tonumber(ARGV[4]))
return 1
`;

type Client = ReturnType<typeof createClient>;

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
