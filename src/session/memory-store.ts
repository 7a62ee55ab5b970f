// The embedded session store: sessions in this process's memory, bounded in count (least recently used go
// first) and expiring after an idle time. Replaces memorystore, which re-parsed and re-serialised the whole
// session on every touch (that is, on every request that changed nothing).
import { Store, type SessionData } from 'express-session';

export interface MemoryStoreOptions {
  /** A session not saved or touched for this long is gone. */
  ttlMs: number;
  /** Most sessions held; past it the one least recently saved or touched is dropped. */
  max: number;
  /**
   * Most memory the held sessions may take, estimated (see entryBytes); past it the least recently used go,
   * as for `max`. Counting sessions alone would let a few large ones outgrow the process's heap.
   */
  maxBytes?: number;
  /** The clock, for tests. */
  now?: () => number;
}

interface Entry {
  /** The session as JSON: every get hands out a fresh copy, and a string is the most compact form to hold. */
  readonly json: string;
  readonly bytes: number;
  expires: number;
}

/**
 * An estimate of what one held session costs: V8 keeps a string in one byte per character when every
 * character fits in Latin-1 and in two otherwise; the rest is the Map slot, the entry object and headers.
 */
export function entryBytes(sid: string, json: string): number {
  const perChar = BEYOND_LATIN1.test(json) ? 2 : 1;
  return sid.length + perChar * json.length + 120;
}

const BEYOND_LATIN1 = /[\u0100-\uffff]/; // any UTF-16 unit past Latin-1, surrogate halves included

type Callback = (err?: unknown) => void;

/**
 * A Map keeps insertion order, and every save or touch re-inserts its entry at the end. So the Map runs from
 * least to most recently used, and, since every entry gets the same TTL, from soonest to latest expiry: both
 * eviction and pruning only ever look at the front. Every operation is O(1) (amortised for pruning).
 */
export class BoundedMemoryStore extends Store {
  private readonly sessions = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions) {
    super();
    if (!(options.ttlMs > 0) || !(options.max >= 1)) throw new RangeError('ttlMs must be positive and max at least 1');
    this.ttlMs = options.ttlMs;
    this.max = options.max;
    this.maxBytes = options.maxBytes ?? Infinity;
    this.now = options.now ?? Date.now;
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    const entry = this.live(sid);
    let session: SessionData | undefined;
    try {
      session = entry === undefined ? undefined : (JSON.parse(entry.json) as SessionData);
    } catch (err) {
      later(() => callback(err));
      return;
    }
    later(() => callback(null, session));
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    let json: string;
    try {
      json = JSON.stringify(session);
    } catch (err) {
      later(() => callback?.(err));
      return;
    }
    this.remove(sid); // re-inserted at the end: now the most recently used
    const entry = { json, bytes: entryBytes(sid, json), expires: this.now() + this.ttlMs };
    this.sessions.set(sid, entry);
    this.bytes += entry.bytes;
    this.prune();
    later(() => callback?.());
  }

  /** Restarts the idle clock without touching the data (no parse, no stringify). */
  override touch(sid: string, _session: SessionData, callback?: () => void): void {
    const entry = this.live(sid);
    if (entry !== undefined) {
      entry.expires = this.now() + this.ttlMs;
      this.sessions.delete(sid);
      this.sessions.set(sid, entry);
    }
    later(() => callback?.());
  }

  override destroy(sid: string, callback?: Callback): void {
    this.remove(sid);
    later(() => callback?.());
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    this.prune();
    later(() => callback(null, this.sessions.size));
  }

  override clear(callback?: Callback): void {
    this.sessions.clear();
    this.bytes = 0;
    later(() => callback?.());
  }

  override all(callback: (err: unknown, obj?: Record<string, SessionData> | null) => void): void {
    this.prune();
    const all: Record<string, SessionData> = {};
    for (const [sid, entry] of this.sessions) all[sid] = JSON.parse(entry.json) as SessionData;
    later(() => callback(null, all));
  }

  /** The entry when it exists and has not expired; an expired one is removed on sight. */
  private live(sid: string): Entry | undefined {
    const entry = this.sessions.get(sid);
    if (entry === undefined) return undefined;
    if (entry.expires > this.now()) return entry;
    this.remove(sid);
    return undefined;
  }

  private remove(sid: string): void {
    const entry = this.sessions.get(sid);
    if (entry === undefined) return;
    this.sessions.delete(sid);
    this.bytes -= entry.bytes;
  }

  /** Drops expired sessions and, past either bound, the least recently used: both sit at the front. */
  private prune(): void {
    const now = this.now();
    for (const [sid, entry] of this.sessions) {
      if (this.sessions.size <= this.max && this.bytes <= this.maxBytes && entry.expires > now) break;
      this.remove(sid);
    }
  }
}

/** Callbacks never run before the call returns, as express-session's own stores behave; a microtask is the cheapest way. */
function later(fn: () => void): void {
  queueMicrotask(fn);
}
