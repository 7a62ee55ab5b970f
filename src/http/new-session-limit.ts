// The limit on NEW sessions per client address (NEW_SESSIONS_PER_MINUTE): a request guard, counted per process in
// memory or, given a store's counter command (Redis), shared by every process.
import { isIPv4, isIPv6 } from 'node:net';
import type { Request } from 'express';

/** Too many new sessions from one client address this minute (NEW_SESSIONS_PER_MINUTE): 429 with Retry-After. */
export class TooManyNewSessionsError extends Error {
  override name = 'TooManyNewSessionsError';
  readonly status = 429;

  constructor(readonly retryAfterSeconds: number) {
    super(`too many new sessions from this address; retry after ${retryAfterSeconds} s`);
  }
}

export type NewSessionVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts a new session for `address`; refuses it past the limit for the current minute. */
export interface NewSessionLimit {
  take(address: string): Promise<NewSessionVerdict>;
}

export interface LimitOptions {
  /** New sessions a minute per address; 0 turns the limit off. */
  perMinute: number;
  /** The clock (tests move it). */
  now?: () => number;
}

export const WINDOW_MS = 60_000;

/**
 * Fixed windows of one minute, numbered since the epoch. Simple and O(1); the price is that an address can
 * create up to twice the limit across one window's end, which is fine for a limit meant to stop floods.
 */
export function windowOf(now: number): { index: number; msLeft: number } {
  const index = Math.floor(now / WINDOW_MS);
  return { index, msLeft: (index + 1) * WINDOW_MS - now };
}

function refused(msLeft: number): NewSessionVerdict {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) };
}

const allowed: NewSessionVerdict = { allowed: true };

/** Addresses the memory limiter tracks in one window at most (about 100 bytes each). */
export const MEMORY_LIMIT_MAX_ADDRESSES = 50_000;

/**
 * Per process: one map of counts for the current minute, dropped whole when the minute changes, so memory never
 * outlives a window. Past `maxAddresses` in one window, further addresses are let through uncounted (fail open):
 * whoever rotates through that many addresses a minute is not stopped by a per-address limit anyway, and the
 * memory store's own bounds still hold; refusing them would lock out every newcomer instead.
 */
export class MemoryNewSessionLimit implements NewSessionLimit {
  private window = -1;
  private counts = new Map<string, number>();
  private readonly perMinute: number;
  private readonly now: () => number;
  private readonly maxAddresses: number;

  constructor(options: LimitOptions & { maxAddresses?: number }) {
    this.perMinute = options.perMinute;
    this.now = options.now ?? Date.now;
    this.maxAddresses = options.maxAddresses ?? MEMORY_LIMIT_MAX_ADDRESSES;
  }

  /** Addresses counted in the current window (for tests of the bound). */
  get size(): number {
    return this.counts.size;
  }

  take(address: string): Promise<NewSessionVerdict> {
    if (this.perMinute === 0) return Promise.resolve(allowed);
    const { index, msLeft } = windowOf(this.now());
    if (index !== this.window) {
      this.window = index;
      this.counts = new Map();
    }
    const count = this.counts.get(address) ?? 0;
    if (count === 0 && this.counts.size >= this.maxAddresses) return Promise.resolve(allowed);
    if (count >= this.perMinute) return Promise.resolve(refused(msLeft));
    this.counts.set(address, count + 1);
    return Promise.resolve(allowed);
  }
}

/** The one command the shared limiter needs from a store shared by every process (the Redis store has it). */
export interface LimitCommands {
  /** Adds one to the counter `key` and (re)sets it to expire in `ms`, atomically; resolves to the count after. */
  readonly incrementWithExpiry: (key: string, ms: number) => Promise<number>;
}

/** Keys live a little past their window's end, so a process whose clock is slightly behind still finds them. */
const KEY_SLACK_MS = 5_000;

/**
 * Shared by every process and dyno: one counter per address and minute, `rl:<address>:<window>` (the store adds
 * its own key prefix), expiring by itself just after its minute. When Redis fails the limiter lets the visitor through (fails open):
 * the session write that follows needs the same Redis and answers 503 itself if it is down or full, so refusing
 * here would add nothing, while a limiter-only fault (a slow INCR) must not lock out every newcomer.
 */
export class RedisNewSessionLimit implements NewSessionLimit {
  private readonly perMinute: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: LimitCommands,
    options: LimitOptions,
  ) {
    this.perMinute = options.perMinute;
    this.now = options.now ?? Date.now;
  }

  async take(address: string): Promise<NewSessionVerdict> {
    if (this.perMinute === 0) return allowed;
    const { index, msLeft } = windowOf(this.now());
    let count: number;
    try {
      count = await this.redis.incrementWithExpiry(`rl:${address}:${index}`, msLeft + KEY_SLACK_MS);
    } catch {
      return allowed;
    }
    return count > this.perMinute ? refused(msLeft) : allowed;
  }
}

/**
 * What is counted for a client address. IPv4 as is (also when written IPv4-mapped, `::ffff:192.0.2.1`). IPv6 by
 * its /64 network: one home or phone is usually given a whole /64, so counting single IPv6 addresses would let
 * one visitor pick a fresh address for every request. Anything else (no address, or junk that reached `req.ip`
 * through a misconfigured proxy setting) shares one count, so it can't be used to pick a fresh key either.
 */
export function addressKey(ip: string | undefined): string {
  if (ip === undefined) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  if (isIPv4(ip)) return ip;
  if (isIPv6(ip)) return `${ipv6Groups(ip).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

/** The eight 16-bit groups of a valid IPv6 address, without leading zeros ("::" expanded; a zone id dropped). */
function ipv6Groups(ip: string): string[] {
  const address = ip.split('%', 1)[0] ?? ip;
  const [head = '', tail] = address.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const middle = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...middle, ...right].map((g) => (g.replace(/^0+/, '') || '0').toLowerCase());
}

/**
 * The guard createApp hands the session layer (its `beforeCreate`): called just before a session is created for a
 * visitor who has none. Resolves when the visitor's address may create one; rejects with TooManyNewSessionsError
 * (429, Retry-After) past the limit. The address is `req.ip`: the socket's address, or, when TRUST_PROXY trusts
 * the proxies in front, the client address they forwarded (X-Forwarded-For).
 */
export function newSessionGuard(limit: NewSessionLimit): (req: Request) => Promise<void> {
  return async (req) => {
    const verdict = await limit.take(addressKey(req.ip));
    if (!verdict.allowed) throw new TooManyNewSessionsError(verdict.retryAfterSeconds);
  };
}
