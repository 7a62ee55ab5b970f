// The session inspector's model: what the server and the browser hold for this visitor, built from plain facts.
import { createHash } from 'node:crypto';
import type { SessionMode } from '../config';
import { cookieFlags } from '../http/cookies';
import type { SessionFacts } from '../session/session';
import type { StoreKind } from '../session/session-store';

/** One journey's part of the session, labelled ("About you", "Your pizza order"), with its answers: the page's own rows. */
export interface StoredPart {
  readonly label: string;
  readonly rows: readonly { readonly label: string; readonly value: string }[];
}

/**
 * What the session view is built from: the session's own facts, as the session module reports them, and two of the
 * request's (gathered by ./facts.ts; plain values, so tests can pass their own).
 */
export interface SessionViewFacts extends SessionFacts {
  /** The request came over https (directly or through a trusted proxy), so the cookie is marked Secure. */
  secureRequest: boolean;
  now: number;
}

/** ...and, for the panel, what the page already has: its answer rows, and whether its forms carry a CSRF token. */
export interface InspectorFacts extends SessionViewFacts {
  stored: readonly StoredPart[];
  hasCsrfToken: boolean;
}

/** The visitor's session in words and figures: what the how-it-works page tells, and the panel's base. */
export interface SessionView {
  mode: SessionMode;
  /** The visitor has a session (the browser holds its cookie, or this response sends one). */
  held: boolean;
  /** First 8 hex digits of SHA-256(session id): changes with the id, reveals nothing usable. */
  fingerprint: string | undefined;
  store: { kind: StoreKind; label: string };
  /** The session's data as kept, pretty JSON with its secrets masked (express-session's `cookie` apart, below). */
  keptData: string | undefined;
  /** express-session files the cookie's settings with the session: each field, and what it means here. */
  cookieFields: readonly { field: string; value: string; meaning: string }[];
  idleMinutes: number;
  /** The idle timeout in words: "30 minutes", "1 minute". */
  idleText: string;
  absoluteMinutes: number;
  /** The absolute lifetime in words: "12 hours". */
  absoluteText: string;
  /** When the session ends if no other request comes: now + idle timeout (or the absolute end, if sooner). */
  expires: { iso: string; text: string } | undefined;
  /** When the session ends whatever the activity: createdAt + absolute lifetime. */
  absoluteEnd: { iso: string; text: string } | undefined;
  cookie: {
    name: string;
    /** The signature cookie beside it (cookie mode). */
    signatureName: string | undefined;
    flags: string[];
    secure: boolean;
    /** Cookie mode: bytes of `name=value` the browser stores and sends with every request. */
    bytes: number | undefined;
    /** What a browser keeps at most per cookie (COOKIE_LIMIT_BYTES), for comparison. */
    limitBytes: number;
  };
}

/** The panel at the foot of every page: the session view, with the page's answer rows and its CSRF token's presence. */
export interface Inspector extends SessionView {
  stored: readonly StoredPart[];
  /** This page's forms carry a CSRF token (so the browser holds the CSRF cookie it signs). */
  hasCsrfToken: boolean;
}

/** Browsers keep at most about this many bytes per cookie (name, value and attributes). */
const COOKIE_LIMIT_BYTES = 4096;

export function buildInspector(facts: InspectorFacts): Inspector {
  return { ...describeSessionFrom(facts), stored: facts.stored, hasCsrfToken: facts.hasCsrfToken };
}

export function describeSessionFrom(facts: SessionViewFacts): SessionView {
  const held = facts.sessionId !== undefined;
  const fingerprint = facts.sessionId === undefined ? undefined : fingerprintOf(facts.sessionId);
  return {
    mode: facts.mode,
    held,
    fingerprint,
    store: { kind: facts.storeKind, label: storeLabel(facts.storeKind) },
    keptData: facts.keptData && maskedJson(withoutCookie(facts.keptData), fingerprint),
    cookieFields: describeCookieFields(facts.keptData?.cookie),
    idleMinutes: Math.round(facts.idleMs / 60_000),
    idleText: durationText(facts.idleMs),
    absoluteMinutes: Math.round(facts.absoluteMs / 60_000),
    absoluteText: durationText(facts.absoluteMs),
    expires: held ? expiryOf(Math.min(facts.now + facts.idleMs, endOf(facts))) : undefined,
    absoluteEnd: held && facts.createdAt !== undefined ? expiryOf(endOf(facts)) : undefined,
    cookie: {
      name: facts.cookieName,
      signatureName: facts.mode === 'cookie' ? `${facts.cookieName}.sig` : undefined,
      flags: cookieFlags(facts.secureRequest),
      secure: facts.secureRequest,
      bytes: facts.mode === 'cookie' && facts.keptData ? cookieBytes(facts.cookieName, facts.keptData) : undefined,
      limitBytes: COOKIE_LIMIT_BYTES,
    },
  };
}

/** A duration in words, singular or plural: "1 minute", "30 minutes", "1.5 minutes", "45 seconds", "12 hours". */
export function durationText(ms: number): string {
  const count = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms < 1000) return count(Math.round(ms), 'millisecond'); // only tests ask for such short sessions
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return count(seconds, 'second');
  const minutes = Math.round(seconds / 6) / 10; // one decimal: SESSION_IDLE_MINUTES=1.5 is "1.5 minutes"
  if (minutes >= 120 && minutes % 60 === 0) return count(minutes / 60, 'hour');
  return count(minutes, 'minute');
}

function withoutCookie(data: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (!isRecord(data.cookie)) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'cookie'));
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What express-session's `cookie` object in the record means, field by field, for someone reading it. */
export function describeCookieFields(cookie: unknown): { field: string; value: string; meaning: string }[] {
  if (!isRecord(cookie)) return [];
  const meanings: Record<string, (value: unknown) => string> = {
    originalMaxAge: (v) =>
      v === null ? 'no lifetime of its own: the browser keeps the cookie until it closes; the server ends the session when idle' : `the cookie's lifetime, in milliseconds`,
    expires: (v) => (v === null ? 'no expiry date is sent to the browser (same reason)' : 'the date the browser forgets the cookie'),
    httpOnly: (v) => (v === true ? 'scripts in a page cannot read the cookie; the browser only sends it' : 'scripts in a page can read the cookie'),
    secure: (v) => (v === true ? 'sent over https only' : 'not marked Secure (set when a request comes over https)'),
    path: (v) => `sent with requests to every URL under ${String(v)}`,
    sameSite: (v) => `${String(v)}: sent when you follow a link here from another site, never with another site's forms, frames or images`,
  };
  return Object.entries(cookie)
    .filter(([field, value]) => value !== undefined && field in meanings)
    .map(([field, value]) => ({ field, value: JSON.stringify(value), meaning: meanings[field]?.(value) ?? '' }));
}

/** The absolute end, or never when the creation time is unknown. */
function endOf(facts: SessionViewFacts): number {
  return facts.createdAt === undefined ? Infinity : facts.createdAt + facts.absoluteMs;
}

/** A short, one-way digest of the session id: enough to see it change, useless to anyone who copies it. */
export function fingerprintOf(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 8);
}

export function storeLabel(kind: StoreKind): string {
  switch (kind) {
    case 'memory':
      return "this server process's memory";
    case 'redis':
      return 'Redis, shared by every server process';
    case 'cookie':
      return 'nowhere on the server: the cookie carries it';
  }
}

function expiryOf(at: number): { iso: string; text: string } {
  const iso = new Date(at).toISOString();
  return { iso, text: `${iso.slice(11, 16)} UTC` };
}

/** The session's data as JSON, with the id replaced by a note (this page shows no secret). */
function maskedJson(contents: Readonly<Record<string, unknown>>, fingerprint: string | undefined): string {
  const shown: Record<string, unknown> = { ...contents };
  if (typeof shown.id === 'string') shown.id = `‹not shown here; fingerprint ${fingerprint ?? '?'}›`;
  return JSON.stringify(shown, null, 2);
}

/** cookie-session's value is base64(JSON): 4 characters for every 3 bytes of UTF-8 JSON. */
function cookieBytes(name: string, contents: Readonly<Record<string, unknown>>): number {
  const json = Buffer.byteLength(JSON.stringify(contents), 'utf8');
  return name.length + 1 + 4 * Math.ceil(json / 3);
}
