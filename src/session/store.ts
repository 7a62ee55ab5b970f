// The choice of session store, made in one place. Every store comes with a health check and a way to close it.
import type { Store } from 'express-session';
import type { Config } from '../config';
import { BoundedMemoryStore } from './memory-store';
import type { NewSessionLimit } from './new-session-limit';
import { createRedisSessionStore } from './redis';

export interface SessionStore {
  /** Shown on /healthz and in logs. */
  readonly kind: 'memory' | 'redis' | 'cookie';
  /** Where express-session keeps sessions; none in cookie mode, where each browser carries its own. */
  readonly store: Store | undefined;
  /** Resolves when the store answers; rejects when it cannot be reached. */
  ping(): Promise<void>;
  /** Resolves when the store can take a write now; rejects when it refuses (Redis out of memory under noeviction). */
  checkWritable(): Promise<void>;
  /**
   * A store shared by every process (Redis) counts new sessions there too, so the limit holds across processes.
   * Absent: each process counts its own (see createApp).
   */
  sharedNewSessionLimit?(perMinute: number): NewSessionLimit;
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
  store: undefined,
  ping: () => Promise.resolve(),
  checkWritable: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/**
 * The embedded store: sessions in this process's memory. Nothing to install, but each process has its
 * own sessions and a restart forgets them (see the README on Redis for more than one process).
 */
function createMemorySessionStore(config: Config): SessionStore {
  const store = new BoundedMemoryStore({
    ttlMs: config.sessionIdleMs, // idle expiry: every request saves or touches the session, restarting this clock
    max: config.memoryStoreMaxSessions, // the bound: past it, the least recently used session is dropped
    maxBytes: config.memoryStoreMaxBytes, // and the same past this much memory, so the heap limit is never reached
  });
  return {
    kind: 'memory',
    store,
    ping: () => Promise.resolve(),
    checkWritable: () => Promise.resolve(), // bounded by eviction: a write always finds room
    close: () => Promise.resolve(), // no timer to stop: expired sessions are pruned as new ones are saved
  };
}
