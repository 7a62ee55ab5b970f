// The choice of session store, made in one place. Every store comes with a health check and a way to close it.
import type { Config } from '../config';
import type { Log } from '../util/log';
import { BoundedMemoryStore } from './memory-store';
import { loadSnapshot, saveSnapshot } from './memory-snapshot';
import { createRedisSessionStore } from './redis';
import { endMarkerMs } from './record-store';
import { storeKindFor, type SessionStore } from './session-store';

/** The store of the kind storeKindFor(config) names. */
export function createSessionStore(config: Config, deps: { log?: Log } = {}): SessionStore {
  const kind = storeKindFor(config);
  const { redisUrl } = config;
  if (kind === 'cookie') return cookieModeStore;
  if (kind === 'redis' && redisUrl !== undefined) return createRedisSessionStore({ ...config, redisUrl }, deps);
  return createMemorySessionStore(config);
}

/** Cookie mode: nothing to reach, so nothing can be down. */
const cookieModeStore: SessionStore = {
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
export function createMemorySessionStore(
  config: Pick<Config, 'sessionIdleMs' | 'sessionAbsoluteMs' | 'memoryStoreMaxSessions' | 'memoryStoreMaxBytes'> &
    Partial<Pick<Config, 'memoryStoreFile'>>,
): SessionStore & { records: BoundedMemoryStore } {
  const records = new BoundedMemoryStore({
    ttlMs: config.sessionIdleMs, // idle expiry: every request touches the session, restarting this clock
    absoluteMs: config.sessionAbsoluteMs, // and no session outlives this, however active
    max: config.memoryStoreMaxSessions, // the bound: past it, the least recently used session is dropped
    maxBytes: config.memoryStoreMaxBytes, // and the same past this much memory, whatever the sessions' size
    markerMs: endMarkerMs(config.sessionIdleMs), // an ended session leaves a marker saying why, this long
  });
  const file = config.memoryStoreFile; // development only: npm run dev keeps the visitor's place across restarts
  if (file !== undefined) loadSnapshot(records, file);
  return {
    kind: 'memory',
    records,
    ping: () => Promise.resolve(),
    checkWritable: () => Promise.resolve(), // bounded by eviction: a write always finds room
    // No timer to stop: expired sessions are pruned as new ones are saved.
    close: () => {
      if (file !== undefined) saveSnapshot(records, file);
      return Promise.resolve();
    },
  };
}
