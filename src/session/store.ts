// The store contract (compare-and-set writes) and the choice of store, made in one place.
import type { Config } from '../config';
import { BoundedMemoryStore } from './memory-store';
import type { RecordStore } from './record-store';
import { createRedisSessionStore } from './redis';

export interface SessionStore {
  /** Shown on /healthz and in logs. */
  readonly kind: 'memory' | 'redis' | 'cookie';
  /** Server mode's records; none in cookie mode, where each browser carries its own session. */
  readonly records: RecordStore | undefined;
  /** Resolves when the store answers; rejects when it cannot be reached. */
  ping(): Promise<void>;
  /** Resolves when the store can take a write (a probe write); rejects otherwise (e.g. Redis out of memory). */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

/**
 * None in cookie mode (the browser holds the session); else Redis when REDIS_URL is set (shared by every
 * process and dyno); otherwise this process's memory.
 */
export function createSessionStore(config: Config): SessionStore {
  if (config.sessionMode === 'cookie') return noStore;
  const { redisUrl } = config;
  if (redisUrl !== undefined) return createRedisSessionStore({ ...config, redisUrl });
  return createMemorySessionStore(config);
}

/** Cookie mode: nothing to reach, so nothing can be down. */
const noStore: SessionStore = {
  kind: 'cookie',
  records: undefined,
  ping: () => Promise.resolve(),
  checkWritable: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/**
 * The embedded store: sessions in this process's memory. Nothing to install, but each process has its
 * own sessions and a restart forgets them (see the README on Redis for more than one process).
 */
export function createMemorySessionStore(config: Pick<Config, 'sessionIdleMs' | 'sessionAbsoluteMs' | 'memoryStoreMaxSessions' | 'memoryStoreMaxBytes'>): SessionStore & { records: BoundedMemoryStore } {
  const records = new BoundedMemoryStore({
    ttlMs: config.sessionIdleMs, // idle expiry: every request touches the session, restarting this clock
    absoluteMs: config.sessionAbsoluteMs, // and no session outlives this, however active
    max: config.memoryStoreMaxSessions, // the bound: past it, the least recently used session is dropped
    maxBytes: config.memoryStoreMaxBytes, // and the same past this much memory, so the heap limit is never reached
  });
  return {
    kind: 'memory',
    records,
    ping: () => Promise.resolve(),
    checkWritable: () => Promise.resolve(), // bounded: a write always fits, by dropping the least recently used
    close: () => Promise.resolve(), // no timer to stop: expired sessions are pruned as new ones are saved
  };
}
