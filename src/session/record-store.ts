// The contract every server-mode store keeps: reads, compare-and-set writes, destroy, and a touch that never re-creates.
import type { SessionData } from './data';

/**
 * Where server-mode sessions live. Only the session module calls these; every write is a compare-and-set.
 * A record's lifetime is min(idle timeout, time left of its absolute lifetime), restarted by `set` and `touch`.
 */
export interface RecordStore {
  /** The record, or undefined when there is none (never was, ended, expired). */
  get(id: string): Promise<SessionData | undefined>;
  /**
   * Compare-and-set. `record.version` 1 creates (only when no record exists); any other version replaces the
   * stored record only when its version is `record.version - 1`. Resolves false when it wrote nothing.
   */
  set(id: string, record: SessionData): Promise<boolean>;
  destroy(id: string): Promise<void>;
  /** Restarts the idle clock of an existing record; never re-creates one that is gone. */
  touch(id: string, record: SessionData): Promise<void>;
}

/** Time to live for a record: the idle timeout, cut short by what is left of the absolute lifetime. */
export function recordTtlMs(record: Pick<SessionData, 'createdAt'>, lifetimes: { idleMs: number; absoluteMs: number }, now: number): number {
  return Math.min(lifetimes.idleMs, record.createdAt + lifetimes.absoluteMs - now);
}

