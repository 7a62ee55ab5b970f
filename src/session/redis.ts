// The Redis session store (REDIS_URL): the client's options, its failure handling, and our own small store over
// node-redis: a Lua compare-and-set for writes, PEXPIRE for touch (never re-creates), DEL for destroy.
import { createClient, type RedisClientOptions } from 'redis';
import type { Config } from '../config';
import { messageOf } from '../util/errors';
import { logToStderr, type Log } from '../util/log';
import { withTimeout } from '../util/time-limit';
import { isSessionData } from './data';
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
  const bounded = <T>(command: Promise<T>): Promise<T> => withTimeout(command, COMMAND_TIMEOUT_MS, `redis: no answer within ${COMMAND_TIMEOUT_MS} ms`, onTimeout);

  const lifetimes = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };
  const key = (id: string): string => `${KEY_PREFIX}${id}`;
  // A key lives this much longer than its session: the last part of its time to live is the end marker (see MARKER).
  const marker = String(endMarkerMs(config.sessionIdleMs));

  const records: RecordStore = {
    get: async (id) => {
      const json = await bounded(client.eval(GET_SCRIPT, { keys: [key(id)], arguments: [marker] }));
      if (typeof json !== 'string') return undefined;
      try {
        const data: unknown = JSON.parse(json);
        return isSessionData(data) ? data : undefined;
      } catch {
        return undefined; // a record this app did not write: no session
      }
    },
    endReason: async (id) => {
      const reason = await bounded(client.eval(END_REASON_SCRIPT, { keys: [key(id)], arguments: [marker, EXPIRED_MARKER] }));
      return reason === 'expired' || reason === 'startedOver' ? (reason satisfies KnownEnd) : undefined;
    },
    set: async (id, record) => {
      const ttl = recordTtlMs(record, lifetimes, Date.now());
      if (ttl <= 0) return false;
      const written = await bounded(
        client.eval(CAS_SCRIPT, { keys: [key(id)], arguments: [JSON.stringify(record), String(record.version), String(Math.ceil(ttl)), marker] }),
      );
      return written === 1;
    },
    destroy: async (id) => {
      try {
        // SET replaces the record in one step, so nothing can be written between its end and its marker.
        await bounded(client.set(key(id), STARTED_OVER_MARKER, { expiration: { type: 'PX', value: Number(marker) } }));
      } catch (err) {
        // A full Redis refuses the marker (SET needs memory), never a DEL: the session still ends, its reason unknown.
        if (!/^OOM\b/.test(messageOf(err))) throw err;
        await bounded(client.del(key(id)));
      }
    },
    touch: async (id, record) => {
      const ttl = recordTtlMs(record, lifetimes, Date.now());
      // Restarts only a live session's clock: never creates a key, never revives an end marker.
      if (ttl > 0) await bounded(client.eval(TOUCH_SCRIPT, { keys: [key(id)], arguments: [String(Math.ceil(ttl)), marker] }));
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
 * End markers. A session key's time to live is its session's (idle, cut short by the absolute end) plus `marker` ms:
 * while the key's PTTL is above `marker` the session is live; in its last `marker` ms it is an ended session kept
 * only to say it expired (its data is replaced by EXPIRED_MARKER the first time the app sees it so). Start over
 * replaces the record with STARTED_OVER_MARKER for `marker` ms. Every script below treats both as no session.
 */
const STARTED_OVER_MARKER = '{"ended":"startedOver"}';
const EXPIRED_MARKER = '{"ended":"expired"}';

/** The record while its session is live, else nil. KEYS[1] = key; ARGV[1] = marker ms. */
const GET_SCRIPT = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl >= 0 and ttl <= tonumber(ARGV[1]) then return false end
return redis.call('GET', KEYS[1])
`;

/**
 * Why a key holds no live session: 'startedOver' or 'expired' while its marker lasts, else nil. An expired record's
 * data is replaced by the marker, keeping its time to live. KEYS[1] = key; ARGV = marker ms, EXPIRED_MARKER.
 */
const END_REASON_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then return false end
local ok, stored = pcall(cjson.decode, current)
if ok and type(stored) == 'table' and (stored.ended == 'startedOver' or stored.ended == 'expired') then return stored.ended end
local ttl = redis.call('PTTL', KEYS[1])
if ttl >= 0 and ttl <= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 'expired'
end
return false
`;

/** Restarts a live session's clock (TTL + marker); leaves a marker or a missing key alone. KEYS[1]; ARGV = TTL ms, marker ms. */
const TOUCH_SCRIPT = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl > tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2])) end
return 0
`;

/**
 * The compare-and-set, run inside Redis so nothing can come between the check and the write (every worker
 * and dyno shares the one Redis). Version 1 creates only when the key is absent (an end marker counts as
 * present, so an ended id is never reused); any other version writes only over the live version before it. A
 * record destroyed by start over is a marker, so nothing brings it back.
 * KEYS[1] = key; ARGV = record JSON, its version, TTL in ms, marker ms. Returns 1 when written, 0 when not.
 */
const CAS_SCRIPT = `
local current = redis.call('GET', KEYS[1])
local version = tonumber(ARGV[2])
if version == 1 then
  if current then return 0 end
else
  if not current then return 0 end
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl >= 0 and ttl <= tonumber(ARGV[4]) then return 0 end
  local ok, stored = pcall(cjson.decode, current)
  if not ok or type(stored) ~= 'table' or stored.version ~= version - 1 then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[3]) + tonumber(ARGV[4]))
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
