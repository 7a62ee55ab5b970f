// The session clock on every page of a live session: when it ends if idle and when it ends for good, in words, and the
// numbers the page's script (public/session-clock.js) needs to warn before the end.
import type { Request } from 'express';
import { sessionFacts } from '../session/session';

/** Where the "stay" form posts (routes/session-clock.ts answers it). */
export const STAY_PATH = '/session/stay';

/** The warning comes this long before the end, or halfway through for idle times under twice this. */
const WARN_BEFORE_MS = 2 * 60_000;

export interface ClockEnd {
  /** The instant, for `<time datetime>` and for a script that shows it in the visitor's own time zone. */
  iso: string;
  /** Counted from this response, in words ("in 30 minutes"): the server does not know the visitor's time zone. */
  text: string;
}

export interface SessionClock {
  /** The idle timeout itself (SESSION_IDLE_MINUTES): what staying gives back. */
  idleMs: number;
  /** Until the idle end, from this response (each request restarts the idle clock). */
  idleLeftMs: number;
  /** Until the absolute end (SESSION_ABSOLUTE_MINUTES after the session began). */
  absoluteLeftMs: number;
  /** How long before the end the warning dialog opens. */
  warnBeforeMs: number;
  idleEnd: ClockEnd;
  absoluteEnd: ClockEnd;
  /** False when the absolute end comes first: staying cannot move the end any more. */
  extendable: boolean;
  stayAction: string;
  /** Where the "stay" form's 303 leads back to (this page, read again). */
  returnPath: string;
}

/** The clock of the request's session; undefined when the visitor has no live session (nothing to end). */
export function sessionClockOf(req: Request, now = Date.now()): SessionClock | undefined {
  const facts = sessionFacts(req);
  if (facts?.createdAt === undefined) return undefined;
  return sessionClock({ idleMs: facts.idleMs, absoluteMs: facts.absoluteMs, createdAt: facts.createdAt, now, returnPath: returnPathOf(req) });
}

/**
 * Pure: the clock of a session that began at `createdAt`, as of `now`, the moment its idle clock restarted (in both
 * modes, loading a session restarts it: server-mode.ts touches the record, cookie-mode.ts moves lastSeen).
 */
export function sessionClock(input: { idleMs: number; absoluteMs: number; createdAt: number; now: number; returnPath: string }): SessionClock {
  const { idleMs, now } = input;
  const absoluteAt = input.createdAt + input.absoluteMs;
  const absoluteLeftMs = Math.max(0, absoluteAt - now);
  const idleLeftMs = Math.min(idleMs, absoluteLeftMs);
  return {
    idleMs,
    idleLeftMs,
    absoluteLeftMs,
    warnBeforeMs: warnBeforeMs(idleMs),
    idleEnd: clockEnd(now + idleLeftMs, idleLeftMs),
    absoluteEnd: clockEnd(absoluteAt, absoluteLeftMs),
    extendable: absoluteAt > now + idleMs,
    stayAction: STAY_PATH,
    returnPath: input.returnPath,
  };
}

/** Two minutes before the end; halfway for idle times under four minutes. */
export function warnBeforeMs(idleMs: number): number {
  return idleMs < 2 * WARN_BEFORE_MS ? Math.round(idleMs / 2) : WARN_BEFORE_MS;
}

function clockEnd(at: number, leftMs: number): ClockEnd {
  return { iso: new Date(at).toISOString(), text: `in ${leftText(leftMs)}` };
}

/** A time left in words, at most two units: "30 minutes", "11 hours and 58 minutes", "1 minute and 5 seconds", "45 seconds". */
export function leftText(ms: number): string {
  const count = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const both = (a: string, b: string | undefined): string => (b === undefined ? a : `${a} and ${b}`);
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return count(seconds, 'second');
  if (seconds < 10 * 60) {
    const rest = seconds % 60;
    return both(count(Math.floor(seconds / 60), 'minute'), rest === 0 ? undefined : count(rest, 'second'));
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return count(minutes, 'minute');
  const rest = minutes % 60;
  return both(count(Math.floor(minutes / 60), 'hour'), rest === 0 ? undefined : count(rest, 'minute'));
}

/** This page's own path, to come back to after staying: a local path only (never `//host`), and only for a page read with GET. */
export function returnPathOf(req: Pick<Request, 'method' | 'originalUrl'>): string {
  return req.method === 'GET' || req.method === 'HEAD' ? localPath(req.originalUrl) : localPath(req.originalUrl.split('?', 1)[0] ?? '/');
}

/** `value` when it is a path on this site, else the home page: a "return" field can never send anyone elsewhere. */
export function localPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  // One leading slash, then no second slash or backslash (`//evil.example`, `/\evil.example`), no control characters.
  let controls = false;
  for (let i = 0; i < value.length; i++) controls ||= value.charCodeAt(i) < 0x20 || value.charCodeAt(i) === 0x7f;
  return /^\/(?![/\\])/.test(value) && !controls ? value : '/';
}
