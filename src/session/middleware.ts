// The session middleware for the configured mode, and the helpers the flow uses so it never cares which mode is on.
import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import type { Config } from '../config';
import { attachBackend, backendOf, hasNewSessionId, markNewSessionId, markSessionEnded, type SessionBackend } from './backend';
import { createCookieSessionMiddleware } from './cookie-mode';
import { cookiePolicy } from './cookie-policy';
import { StoreUnavailableError } from './errors';
import type { SessionStore } from './session-store';

/** SESSION_MODE decides, here and only here, where sessions live. */
export function createSessionMiddleware(config: Config, sessionStore: SessionStore): RequestHandler {
  return config.sessionMode === 'cookie'
    ? createCookieSessionMiddleware(config)
    : createServerSessionMiddleware(config, sessionStore);
}

/** Server mode: express-session keeps the data in the store; the cookie holds only the signed id. */
function createServerSessionMiddleware(config: Config, sessionStore: SessionStore): RequestHandler {
  if (sessionStore.store === undefined) throw new Error(`server-side sessions need a store, and "${sessionStore.kind}" has none`);
  const middleware = session({
    name: config.cookieName, // our own name, not the default "connect.sid" that advertises the framework
    secret: config.sessionSecrets, // the first signs new cookies; every one of them is accepted (rotation)
    store: sessionStore.store,
    resave: false, // don't write back a session that nothing changed
    saveUninitialized: false, // no cookie and no stored session until there is something to keep
    genid: generateSessionId,
    cookie: {
      ...cookiePolicy,
      secure: 'auto', // Secure when the request came over https (behind Heroku's router, via trust proxy)
      // No maxAge: the cookie lasts until the browser closes, and the idle timeout is kept by the store.
      // The browser then still sends an expired session's cookie, so we can tell the visitor it expired.
    },
  });
  const backend = serverBackend(config, sessionStore);
  return (req, res, next) => {
    attachBackend(req, backend);
    middleware(req, res, (err?: unknown) => {
      // express-session only fails when its store does.
      next(err === undefined ? undefined : new StoreUnavailableError(err));
    });
  };
}

/**
 * express-session asks for a new id in two cases: no usable cookie, or a correctly signed cookie whose
 * session the store no longer has (it expired). In the second case the request still carries the old
 * id and has no session yet; we remember that so the visitor can be told.
 */
function generateSessionId(req: Request): string {
  if (typeof req.sessionID === 'string' && (req.session as unknown) === undefined) markSessionEnded(req);
  markNewSessionId(req);
  return randomBytes(24).toString('base64url');
}

function serverBackend(config: Config, sessionStore: SessionStore): SessionBackend {
  return {
    mode: 'server',
    storeKind: sessionStore.kind,
    cookieName: config.cookieName,
    idleMs: config.sessionIdleMs,
    save: (req) =>
      new Promise((resolve, reject) => {
        req.session.save((err?: unknown) => (err ? reject(new StoreUnavailableError(err)) : resolve()));
      }),
    regenerate: (req) =>
      new Promise((resolve, reject) => {
        req.session.regenerate((err?: unknown) => (err ? reject(new StoreUnavailableError(err)) : resolve()));
      }),
    heldSessionId: (req) => (isHeld(req) ? req.sessionID : undefined),
    // What the store writes: express-session serialises the session (and its cookie settings) as JSON. The
    // session itself is handed over, not a JSON.parse(JSON.stringify()) copy of it (a round trip per page):
    // the inspector only reads its own enumerable keys and serialises it at once, so JSON.stringify gives
    // the same text (the Cookie's toJSON included; `id` and `req` are not enumerable either way).
    keptData: (req) => (isHeld(req) ? (req.session as unknown as Readonly<Record<string, unknown>>) : undefined),
  };
}

/** An id made on this request reaches the browser only if the session is saved, i.e. holds something. */
function isHeld(req: Request): boolean {
  // express-session skips requests outside the cookie's path (`OPTIONS *`): no session at all then.
  if ((req.session as Request['session'] | undefined) === undefined) return false;
  return !hasNewSessionId(req) || Object.keys(req.session).some((key) => key !== 'cookie');
}

export function saveSession(req: Request): Promise<void> {
  return requireBackend(req).save(req);
}

/**
 * The store write a page can cause: showing a notice removes it and a first form puts a CSRF token in the
 * session, so the page saves the session before it goes out (a store failure is then a 503, not a page
 * whose form can't be sent). Does nothing when the page changed nothing.
 */
export async function saveSessionChangedByPage(req: Request, changed: boolean): Promise<void> {
  if (changed) await saveSession(req);
}

/** Ends the session (the server forgets it, in server mode) and gives the request a new, empty one with a new id. */
export function regenerateSession(req: Request): Promise<void> {
  return requireBackend(req).regenerate(req);
}

function requireBackend(req: Request): SessionBackend {
  const backend = backendOf(req);
  if (!backend) throw new Error('no session on this request: the session middleware has not run');
  return backend;
}
