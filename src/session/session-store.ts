// The session store contract, and the one decision of which kind of store a config asks for.
import type { Config } from '../config';
import type { RecordStore } from './record-store';

/** Where session data lives: this process's memory, Redis, or (cookie mode) the visitor's cookie. */
export type StoreKind = 'memory' | 'redis' | 'cookie';

export interface SessionStore {
  /** Shown on /healthz, at start-up and by the inspector. */
  readonly kind: StoreKind;
  /** Server mode's records (compare-and-set writes); none in cookie mode, where each browser carries its own. */
  readonly records: RecordStore | undefined;
  /** Resolves when the store answers; rejects when it cannot be reached. */
  ping(): Promise<void>;
  /** Resolves when the store can take a write now; rejects when it refuses (Redis out of memory under noeviction). */
  checkWritable(): Promise<void>;
  /**
   * A store shared by every process (Redis) has a counter command: adds one to the counter `key` (under the store's
   * own key prefix) and sets it to expire in `ms`, atomically; resolves to the count. createApp counts new sessions
   * with it, so the limit holds across processes. Absent: each process counts its own.
   */
  readonly incrementWithExpiry?: (key: string, ms: number) => Promise<number>;
  close(): Promise<void>;
}

/**
 * Pure: cookie mode keeps nothing on the server; else Redis when REDIS_URL is set (shared by every process
 * and dyno); otherwise this process's memory.
 */
export function storeKindFor(config: Pick<Config, 'sessionMode' | 'redisUrl'>): StoreKind {
  if (config.sessionMode === 'cookie') return 'cookie';
  return config.redisUrl === undefined ? 'memory' : 'redis';
}
