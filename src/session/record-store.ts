// The contract every server-mode store keeps: reads, compare-and-set writes, destroy, and a touch that never re-creates.
import type { SessionData } from './data';

/** What a store can tell about an id that has no live record: why it ended, when it still keeps a marker. */
export type KnownEnd = 'expired' | 'startedOver';

/**
 * Where server-mode sessions live. Only the session module calls these; every write is a compare-and-set.
 * A record's lifetime is min(idle timeout, time left of its absolute lifetime), restarted by `set` and `touch`.
 */
export interface RecordStore {
  /** The live record, or undefined when there is none (never was, ended, expired). */
  get(id: string): Promise<SessionData | undefined>;
  /**
   * Why `id` has no live record, while the store still keeps an end marker for it (see docs/SESSIONS.md, "Why a
   * session ended"): 'expired' (past its idle or absolute end), 'startedOver' (destroyed by start over). Undefined
   * when the store holds nothing for it (never was, marker gone, evicted, store restarted empty): the app then
   * does not know why. Optional: a store without markers knows no reasons.
   */
  endReason?(id: string): Promise<KnownEnd | undefined>;
  /**
   * Compare-and-set. `record.version` 1 creates (only when nothing is kept under `id`, an end marker included); any
   * other version replaces the stored record only when it is live and its version is `record.version - 1`. Resolves
   * false when it wrote nothing.
   */
  set(id: string, record: SessionData): Promise<boolean>;
  /** Start over: the record's data is gone at once; a store with markers keeps a 'startedOver' marker in its place. */
  destroy(id: string): Promise<void>;
  /** Restarts the idle clock of an existing record; never re-creates one that is gone. */
  touch(id: string, record: SessionData): Promise<void>;
}

/** Time to live for a record: the idle timeout, cut short by what is left of the absolute lifetime. */
export function recordTtlMs(record: Pick<SessionData, 'createdAt'>, lifetimes: { idleMs: number; absoluteMs: number }, now: number): number {
  return Math.min(lifetimes.idleMs, record.createdAt + lifetimes.absoluteMs - now);
}


/**
 * How long a store keeps an ended session's marker (why it ended, no data): as long as the idle timeout, and never
 * under a minute, the window in which two first answers of one browser meet (see docs/SESSIONS.md).
 */
export function endMarkerMs(idleMs: number): number {
  return Math.max(idleMs, 60_000);
}
