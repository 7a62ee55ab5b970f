// The express-session middleware with this app's cookie and store, and promise helpers to save before redirecting.
import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import type { Config } from '../config';
import { StoreUnavailableError } from './errors';
import type { SessionStore } from './store';

export function createSessionMiddleware(config: Config, sessionStore: SessionStore): RequestHandler {
  const middleware = session({
    name: config.cookieName, // our own name, not the default "connect.sid" that advertises the framework
    secret: config.sessionSecrets, // the first signs new cookies; every one of them is accepted (rotation)
    store: sessionStore.store,
    resave: false, // don't write back a session that nothing changed
    saveUninitialized: false, // no cookie and no stored session until there is something to keep
    genid: generateSessionId,
    cookie: {
      httpOnly: true, // page scripts can't read it
      sameSite: 'lax', // not sent on cross-site POSTs
      secure: 'auto', // Secure when the request came over https (behind Heroku's router, via trust proxy)
      path: '/',
      // No maxAge: the cookie lasts until the browser closes, and the idle timeout is kept by the store.
      // The browser then still sends an expired session's cookie, so we can tell the visitor it expired.
    },
  });
  return (req, res, next) => {
    middleware(req, res, (err?: unknown) => {
      // express-session only fails when its store does.
      next(err === undefined ? undefined : new StoreUnavailableError(err));
    });
  };
}

const lostSessions = new WeakSet<Request>();

/**
 * express-session asks for a new id in two cases: no usable cookie, or a correctly signed cookie whose
 * session the store no longer has (it expired). In the second case the request still carries the old
 * id and has no session yet; we remember that so the visitor can be told.
 */
function generateSessionId(req: Request): string {
  if (typeof req.sessionID === 'string' && (req.session as unknown) === undefined) lostSessions.add(req);
  return randomBytes(24).toString('base64url');
}

/** True when the request came with a valid session cookie whose session had already ended. */
export function wasSessionLost(req: Request): boolean {
  return lostSessions.has(req);
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.save((err?: unknown) => (err ? reject(new StoreUnavailableError(err)) : resolve()));
  });
}

/** Deletes the session from the store and gives the request a new, empty one with a new id. */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err?: unknown) => (err ? reject(new StoreUnavailableError(err)) : resolve()));
  });
}
