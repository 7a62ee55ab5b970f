// The Redis session store (REDIS_URL): our own small store over node-redis (the client's plumbing is redis-client.ts):
// a Lua compare-and-set for writes, PEXPIRE for touch (never re-creates), DEL for destroy, and a counter command.
import type { Config } from '../config';
import { messageOf } from '../util/errors';
import { logToStderr, type Log } from '../util/log';
import { ClientClosedError, ClientOfflineError } from 'redis';
import { isSessionData } from './data';
import { CommandNotSentError } from './errors';
import { endMarkerMs, recordTtlMs, type KnownEnd, type RecordStore } from './record-store';
import { connectRedis } from './redis-client';
import type { SessionStore } from './session-store';

/** Every key this app writes starts with this, so the app can share a Redis with others. */
export const KEY_PREFIX = 'sess:flow:';

/** The key /healthz writes to learn whether Redis takes writes (it expires by itself). */
export const HEALTH_KEY = `${KEY_PREFIX}healthz`;
const HEALTH_KEY_TTL_MS = 10_000;

export interface RedisStoreDeps {
  /** Where state changes and errors go (stderr by default). */
  log?: Log;
}

/**
 * Sessions in Redis, shared by every process and dyno. The client connects in the background: the app
 * starts (and answers 503 for session pages) even when Redis is down, and recovers when it comes back.
 */
export function createRedisSessionStore(config: Config & { redisUrl: string }, deps: RedisStoreDeps = {}): SessionStore {
  const connection = connectRedis(config, deps.log ?? logToStderr);
  const { client, close } = connection;
  const bounded = <T>(command: Promise<T>): Promise<T> =>
    connection.bounded(command).catch((err: unknown) => {
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
    // INCR and PEXPIRE in one MULTI (the limit on new sessions counts with it: sess:flow:rl:…).
    incrementWithExpiry: async (counter, ms) => {
      const [count] = await bounded(client.multi().incr(key(counter)).pExpire(key(counter), ms).exec());
      return Number(count);
    },
    close,
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
