// What the rest of the app may ask of a session, whichever design holds it (server store or signed cookie).
import type { Request } from 'express';
import type { SessionMode } from '../config';

/**
 * One per app, chosen by SESSION_MODE. The flow never calls express-session or cookie-session methods
 * directly: it goes through saveSession / regenerateSession (middleware.ts), which ask the request's backend.
 */
export interface SessionBackend {
  readonly mode: SessionMode;
  /** Where the data lives: 'memory' or 'redis' (server mode), 'cookie' (cookie mode). */
  readonly storeKind: string;
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

const backends = new WeakMap<Request, SessionBackend>();
const lostSessions = new WeakSet<Request>();

export function attachBackend(req: Request, backend: SessionBackend): void {
  backends.set(req, backend);
}

/** The request's session backend; undefined before the session middleware has run (e.g. a 413 error page). */
export function backendOf(req: Request): SessionBackend | undefined {
  return backends.get(req);
}

/** Records that the visitor came back with a valid cookie for a session that had already ended. */
export function markSessionLost(req: Request): void {
  lostSessions.add(req);
}

export function isSessionLost(req: Request): boolean {
  return lostSessions.has(req);
}
