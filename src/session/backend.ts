// What the rest of the app may ask of a session, whichever design holds it (server store or signed cookie).
import type { Request } from 'express';
import type { SessionMode } from '../config';
import type { StoreKind } from './session-store';

/**
 * One per app, chosen by SESSION_MODE. The flow never calls express-session or cookie-session methods
 * directly: it goes through saveSession / regenerateSession (middleware.ts), which ask the request's backend.
 */
export interface SessionBackend {
  readonly mode: SessionMode;
  readonly storeKind: StoreKind;
  readonly cookieName: string;
  readonly idleMs: number;
  save(req: Request): Promise<void>;
  /** Ends the session and starts a new, empty one with a new id. */
  regenerate(req: Request): Promise<void>;
  /** The id of the session the browser holds (or is being sent) a cookie for; undefined when there is none. */
  heldSessionId(req: Request): string | undefined;
  /**
   * The session's data exactly as it is kept (the store's record in server mode, the decoded cookie in cookie
   * mode); undefined when the visitor has no session.
   */
  keptData(req: Request): Readonly<Record<string, unknown>> | undefined;
}

/** Everything the session layer remembers about one request, in one place. */
interface RequestSessionState {
  readonly backend: SessionBackend;
  /** The visitor came back with a correctly signed cookie for a session that had already ended. */
  ended: boolean;
  /** express-session made a new id on this request (no usable cookie came in, or the session was regenerated). */
  newId: boolean;
}

const states = new WeakMap<Request, RequestSessionState>();

export function attachBackend(req: Request, backend: SessionBackend): void {
  states.set(req, { backend, ended: false, newId: false });
}

/** The request's session backend; undefined before the session middleware has run (e.g. a 413 error page). */
export function backendOf(req: Request): SessionBackend | undefined {
  return states.get(req)?.backend;
}

export function markSessionEnded(req: Request): void {
  const state = states.get(req);
  if (state) state.ended = true;
}

/** True when the request came with a valid session cookie whose session had already ended. */
export function wasSessionEnded(req: Request): boolean {
  return states.get(req)?.ended === true;
}

export function markNewSessionId(req: Request): void {
  const state = states.get(req);
  if (state) state.newId = true;
}

export function hasNewSessionId(req: Request): boolean {
  return states.get(req)?.newId === true;
}
