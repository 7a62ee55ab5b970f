// The embedded session store: sessions in this process's memory, bounded in count and bytes (least recently used
// go first), expiring after an idle time or at the end of their absolute lifetime; writes are compare-and-set.
import type { SessionData } from './data';
import { isSessionData } from './data';
import { recordTtlMs, type KnownEnd, type RecordStore } from './record-store';

export interface MemoryStoreOptions {
  /** A session not saved or touched for this long is gone. */
  ttlMs: number;
  /** No session outlives its createdAt by more than this (default: no limit). */
  absoluteMs?: number;
  /** Most sessions held; past it the one least recently saved or touched is dropped. */
  max: number;
  /**
   * Most memory the held sessions may take, estimated (see entryBytes); past it the least recently used go,
   * as for `max`. Counting sessions alone would let a few large ones outgrow the process's heap.
   */
  maxBytes?: number;
  /**
   * How long an ended session leaves a marker (no data) saying why it ended: 'expired' or 'startedOver' (see
   * docs/SESSIONS.md). Default 0: no markers, an ended session is simply gone.
   */
  markerMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

interface Entry {
  /** The session as JSON: every get hands out a fresh copy, and a string is the most compact form to hold. '' in a marker. */
  json: string;
  bytes: number;
  readonly version: number;
  readonly createdAt: number;
  /** The live session ends here (idle or absolute clock). */
  expires: number;
  /** Set once start over destroyed it: a marker with no data. */
  ended?: 'startedOver';
}

/** What a marker costs: the id, the Map slot and the entry object. */
const MARKER_BYTES = 120;

/**
 * An estimate of what one held session costs: V8 keeps a string in one byte per character when every
 * character fits in Latin-1 and in two otherwise; the rest is the Map slot, the entry object and headers.
 */
export function entryBytes(sid: string, json: string): number {
  const perChar = BEYOND_LATIN1.test(json) ? 2 : 1;
  return sid.length + perChar * json.length + 120;
}

const BEYOND_LATIN1 = /[\u0100-\uffff]/; // any UTF-16 unit past Latin-1, surrogate halves included

/**
 * A Map keeps insertion order, and every set or touch re-inserts its entry at the end. So the Map runs from
 * least to most recently used; eviction and pruning only ever look at the front. Every operation is O(1)
 * (amortised for pruning). An entry cut short by its absolute lifetime may expire before others in front of
 * it: it is dropped when next looked up, or when it reaches the front, and counts toward the bounds till then.
 */
export class BoundedMemoryStore implements RecordStore {
  private readonly sessions = new Map<string, Entry>();
  private readonly lifetimes: { idleMs: number; absoluteMs: number };
  private readonly max: number;
  private readonly maxBytes: number;
  private readonly markerMs: number;
  private bytes = 0;
  /** Entries that are end markers (no data). */
  private markers = 0;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions) {
    if (!(options.ttlMs > 0) || !(options.max >= 1)) throw new RangeError('ttlMs must be positive and max at least 1');
    this.lifetimes = { idleMs: options.ttlMs, absoluteMs: options.absoluteMs ?? Infinity };
    this.max = options.max;
    this.maxBytes = options.maxBytes ?? Infinity;
    this.markerMs = Math.max(0, options.markerMs ?? 0);
    this.now = options.now ?? Date.now;
  }

  /** Sessions held now (expired ones not yet pruned included; end markers, which hold no data, not). */
  get size(): number {
    return this.sessions.size - this.markers;
  }

  /** Live sessions held now (a walk over every entry: for tests and diagnostics, not for requests). */
  liveCount(): number {
    const now = this.now();
    let count = 0;
    for (const entry of this.sessions.values()) if (entry.ended === undefined && entry.expires > now) count++;
    return count;
  }

  get(sid: string): Promise<SessionData | undefined> {
    const entry = this.live(sid);
    if (entry === undefined) return Promise.resolve(undefined);
    const data: unknown = JSON.parse(entry.json);
    return Promise.resolve(isSessionData(data) ? data : undefined);
  }

  set(sid: string, record: SessionData): Promise<boolean> {
    return Promise.resolve(this.setNow(sid, record));
  }

  endReason(sid: string): Promise<KnownEnd | undefined> {
    const entry = this.kept(sid);
    if (entry === undefined) return Promise.resolve(undefined);
    if (entry.ended !== undefined) return Promise.resolve(entry.ended);
    if (entry.expires > this.now()) return Promise.resolve(undefined); // live: no end to tell
    this.toMarker(entry); // the answers of an ended session go as soon as it is seen ended
    return Promise.resolve('expired');
  }

  /** The compare-and-set, synchronously: nothing can run between the check and the write. */
  setNow(sid: string, record: SessionData): boolean {
    // Creating needs an id with nothing kept under it, not even an end marker: an ended id is never reused.
    if (record.version === 1 ? this.kept(sid) !== undefined : this.live(sid)?.version !== record.version - 1) return false;
    const ttl = recordTtlMs(record, this.lifetimes, this.now());
    if (ttl <= 0) return false;
    const json = JSON.stringify(record);
    this.remove(sid); // re-inserted at the end: now the most recently used
    const entry: Entry = { json, bytes: entryBytes(sid, json), version: record.version, createdAt: record.createdAt, expires: this.now() + ttl };
    this.sessions.set(sid, entry);
    this.bytes += entry.bytes;
    this.prune();
    return true;
  }

  /** Restarts the idle clock without touching the data (no parse, no stringify); a missing or ended record stays so. */
  touch(sid: string): Promise<void> {
    const entry = this.live(sid);
    if (entry !== undefined) {
      entry.expires = this.now() + recordTtlMs(entry, this.lifetimes, this.now());
      this.sessions.delete(sid);
      this.sessions.set(sid, entry);
    }
    return Promise.resolve();
  }

  destroy(sid: string): Promise<void> {
    const entry = this.sessions.get(sid);
    this.remove(sid);
    if (this.markerMs > 0 && entry !== undefined) {
      const marker: Entry = { json: '', bytes: MARKER_BYTES, version: 0, createdAt: entry.createdAt, expires: this.now(), ended: 'startedOver' };
      this.sessions.set(sid, marker);
      this.bytes += marker.bytes;
      this.markers++;
      this.prune();
    }
    return Promise.resolve();
  }

  clear(): void {
    this.sessions.clear();
    this.bytes = 0;
    this.markers = 0;
  }

  /** Every live session, least recently used first (for the development snapshot: memory-snapshot.ts). */
  snapshot(): { id: string; record: SessionData }[] {
    const now = this.now();
    return [...this.sessions]
      .filter(([, entry]) => entry.ended === undefined && entry.json !== '' && entry.expires > now)
      .map(([id, entry]) => ({ id, record: JSON.parse(entry.json) as SessionData }));
  }

  /** Puts a session back as it was (no compare-and-set: the store is being filled at start-up). False if it has ended. */
  restore(id: string, record: SessionData): boolean {
    const ttl = recordTtlMs(record, this.lifetimes, this.now());
    if (ttl <= 0) return false;
    this.remove(id);
    const json = JSON.stringify(record);
    const entry: Entry = { json, bytes: entryBytes(id, json), version: record.version, createdAt: record.createdAt, expires: this.now() + ttl };
    this.sessions.set(id, entry);
    this.bytes += entry.bytes;
    this.prune();
    return true;
  }

  /** The entry when it holds a live session. */
  private live(sid: string): Entry | undefined {
    const entry = this.kept(sid);
    return entry !== undefined && entry.ended === undefined && entry.expires > this.now() ? entry : undefined;
  }

  /** The entry while it is kept at all (live, or an end marker); one past its marker time is removed on sight. */
  private kept(sid: string): Entry | undefined {
    const entry = this.sessions.get(sid);
    if (entry === undefined) return undefined;
    if (entry.expires + this.markerMs > this.now()) return entry;
    this.remove(sid);
    return undefined;
  }

  private toMarker(entry: Entry): void {
    if (entry.json === '') return;
    this.markers++;
    this.bytes -= entry.bytes - MARKER_BYTES;
    entry.bytes = MARKER_BYTES;
    entry.json = '';
  }

  private remove(sid: string): void {
    const entry = this.sessions.get(sid);
    if (entry === undefined) return;
    this.sessions.delete(sid);
    this.bytes -= entry.bytes;
    if (entry.json === '') this.markers--;
  }

  /** Drops entries past their marker time and, past either bound, the least recently used: both sit at the front. */
  private prune(): void {
    const now = this.now();
    for (const [sid, entry] of this.sessions) {
      if (this.sessions.size <= this.max && this.bytes <= this.maxBytes && entry.expires + this.markerMs > now) break;
      this.remove(sid);
    }
  }
}
