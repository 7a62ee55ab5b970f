// The session module: the ONLY code that touches req.session, express-session or cookie-session. Everything else
// reads with readSession / sessionState and writes with changeSession / endSession, in either session mode.
import type { Request, RequestHandler, Response } from 'express';
import type { Config, SessionMode } from '../config';
import { backendOf, currentOf, type ChangeOptions, type CookieSize, type Current, type OnEnded, type SessionBackend, type SessionChange, type SessionState } from './backend';
import { createCookieSessionMiddleware } from './cookie-mode';
import type { SessionData } from './data';
import { SessionEndedError, type EndReason } from './errors';
import { createServerSessionMiddleware } from './server-mode';
import type { SessionStore, StoreKind } from './session-store';

export type { ChangeOptions, CookieSize, OnEnded, SessionChange, SessionState } from './backend';
export type { EndReason } from './errors';

export interface SessionOptions {
  /**
   * Runs before a new session is created (never for a visitor who has one). May reject, e.g. with a 429 error
   * for too many new sessions from one address; nothing is stored then.
   */
  beforeCreate?: (req: Request) => Promise<void>;
  /**
   * A value this browser already holds before its first answer, the same in all its tabs (the CSRF cookie's form
   * token): two first answers of one browser at once then meet in one session (docs/SESSIONS.md). Undefined: each
   * first answer makes its own session.
   */
  browserSeed?: (req: Request) => string | undefined;
  /** Told when a request comes with a session that has ended, and why (the cookie is cleared; pages tell the visitor). */
  onEnded?: OnEnded;
}

/** SESSION_MODE decides, here and only here, where sessions live. */
export function createSessionMiddleware(config: Config, sessionStore: SessionStore, options: SessionOptions = {}): RequestHandler {
  const beforeCreate = options.beforeCreate ?? (() => Promise.resolve());
  const onEnded = options.onEnded ?? (() => undefined);
  return config.sessionMode === 'cookie'
    ? createCookieSessionMiddleware(config, beforeCreate, onEnded)
    : createServerSessionMiddleware(config, sessionStore, beforeCreate, onEnded, options.browserSeed ?? (() => undefined));
}

/** The session's data, read only; undefined when the visitor has no live session. */
export function readSession(req: Request): Readonly<SessionData> | undefined {
  const current = currentOf(req);
  return current?.state === 'live' ? current.data : undefined;
}

export function sessionState(req: Request): SessionState {
  return currentOf(req)?.state ?? 'none';
}

/** Why this request's session ended, when sessionState is 'ended': 'expired', 'startedOver', or 'lost' (reason unknown). */
export function endReason(req: Request): EndReason | undefined {
  const current = currentOf(req);
  return current?.state === 'ended' ? (current.endReason ?? 'lost') : undefined;
}

/**
 * Applies `change` atomically: in server mode a compare-and-set on the version, re-applying `change` to the
 * newer record on conflict. Creates the session (fresh id) when there is none. Rejects with SessionEndedError,
 * storing nothing, when the session ended meanwhile (start over won), and StoreUnavailableError when the
 * store can't be reached. Cookie mode can't be atomic (see the README): the last response's cookie wins.
 */
export async function changeSession(req: Request, change: SessionChange, options: ChangeOptions = {}): Promise<void> {
  const { backend, current } = sessionOf(req);
  if (current.state === 'ended') throw new SessionEndedError(current.endReason);
  if (req.res === undefined) throw new Error('no response for this request');
  await backend.change(req, req.res, current, change, options);
}

/** Start over: the store forgets the session and the cookie is cleared (the caller tells the visitor). */
export async function endSession(req: Request, res: Response): Promise<void> {
  const { backend, current } = sessionOf(req);
  await backend.end(req, res, current);
  current.state = 'none';
  current.id = undefined;
  current.data = undefined;
}

/** The session's state, and a live session's id (cookie mode: the random id inside the cookie). */
export function sessionIdOf(req: Request): { state: SessionState; id: string | undefined } {
  const current = currentOf(req);
  return { state: current?.state ?? 'none', id: current?.state === 'live' ? current.id : undefined };
}

/** What the inspector shows: plain facts about this request's session. */
export interface SessionFacts {
  mode: SessionMode;
  storeKind: StoreKind;
  cookieName: string;
  idleMs: number;
  absoluteMs: number;
  /** Undefined when the visitor has no live session. */
  sessionId: string | undefined;
  keptData: Readonly<Record<string, unknown>> | undefined;
  createdAt: number | undefined;
  /** Cookie mode: the session cookie's size against what browsers keep; undefined in server mode or with no session. */
  cookieSize: CookieSize | undefined;
}

/** Undefined before the session middleware has run (e.g. a 413 error page). */
export function sessionFacts(req: Request): SessionFacts | undefined {
  const backend = backendOf(req);
  const current = currentOf(req);
  if (backend === undefined || current === undefined) return undefined;
  const live = current.state === 'live';
  return {
    mode: backend.mode,
    storeKind: backend.storeKind,
    cookieName: backend.cookieName,
    idleMs: backend.idleMs,
    absoluteMs: backend.absoluteMs,
    sessionId: live ? current.id : undefined,
    keptData: live ? backend.keptData(req, current) : undefined,
    createdAt: live ? current.data?.createdAt : undefined,
    cookieSize: live ? backend.cookieSize(req) : undefined,
  };
}

function sessionOf(req: Request): { backend: SessionBackend; current: Current } {
  const backend = backendOf(req);
  const current = currentOf(req);
  if (backend === undefined || current === undefined) throw new Error('no session on this request: the session middleware has not run');
  return { backend, current };
}
