// The Redis session store (REDIS_URL): our own small store over node-redis (the client's plumbing is redis-client.ts):
// a Lua compare-and-set for writes, PEXPIRE for touch (never re-creates), DEL for destroy, and a counter command.
import type { Config } from '../config';
import { logToStderr, type Log } from '../util/log';
import { isSessionData } from './data';
import { recordTtlMs, type RecordStore } from './record-store';
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
  const { client, bounded, close } = connectRedis(config, deps.log ?? logToStderr);

  const lifetimes = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };
  const key = (id: string): string => `${KEY_PREFIX}${id}`;

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
    set: async (id, record) => {
      const ttl = recordTtlMs(record, lifetimes, Date.now());
      if (ttl <= 0) return false;
      const written = await bounded(
        client.eval(CAS_SCRIPT, { keys: [key(id)], arguments: [JSON.stringify(record), String(record.version), String(Math.ceil(ttl))] }),
      );
      return written === 1;
    },
    destroy: async (id) => {
      await bounded(client.del(key(id)));
    },
    touch: async (id, record) => {
      const ttl = recordTtlMs(record, lifetimes, Date.now());
      // PEXPIRE never creates a key: a session destroyed meanwhile stays destroyed.
      if (ttl > 0) await bounded(client.pExpire(key(id), Math.ceil(ttl)));
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
 * The compare-and-set, run inside Redis so nothing can come between the check and the write (every worker
 * and dyno shares the one Redis). Version 1 creates only when the key is absent; any other version writes
 * only over the version before it. A record destroyed by start over is absent, so nothing brings it back.
 * KEYS[1] = key; ARGV = record JSON, its version, TTL in ms. Returns 1 when written, 0 when not.
 */
const CAS_SCRIPT = `
local current = redis.call('GET', KEYS[1])
local version = tonumber(ARGV[2])
if version == 1 then
  if current then return 0 end
else
  if not current then return 0 end
  local ok, stored = pcall(cjson.decode, current)
  if not ok or type(stored) ~= 'table' or stored.version ~= version - 1 then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
`;
