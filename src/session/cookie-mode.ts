// Cookie mode (SESSION_MODE=cookie): the whole session lives in a signed cookie (cookie-session, Flask's default
// design). The server keeps nothing, so the cookie itself carries the idle clock.
import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import cookieSession from 'cookie-session';
import type { Config } from '../config';
import { attachBackend, markSessionEnded, type SessionBackend } from './backend';
import { cookiePolicy } from './cookie-policy';

/**
 * The session object cookie-session puts on `req.session`: the data as own properties, plus getters.
 * Express's Request is typed with express-session's `req.session` (the flow's data fields, SessionData,
 * are the same in both modes); this is the view of the same property that only this file takes.
 */
interface CookieSessionObject {
  readonly isNew: boolean;
  readonly isPopulated: boolean;
  [key: string]: unknown;
}

interface CookieSessionRequest {
  /** Setting an object starts a new session with that content; reading creates an empty one on demand. */
  session: CookieSessionObject | Record<string, unknown>;
}

/** Fields this file adds to the session, beside the flow's own. */
const ID = 'id';
const LAST_SEEN = 'lastSeen';

export function createCookieSessionMiddleware(config: Config): RequestHandler {
  const middleware = cookieSession({
    name: config.cookieName,
    keys: config.sessionSecrets, // the first signs, every one verifies (rotation)
    ...cookiePolicy,
    signed: true, // a second cookie, <name>.sig, holds an HMAC of the first: changes are detected, nothing is hidden
    overwrite: true,
    // No `secure` option: the cookies library then marks it Secure exactly when req.protocol is https,
    // which behind Heroku's router (trust proxy) follows X-Forwarded-Proto.
    // No maxAge, as in server mode: the idle clock is the `lastSeen` field below, so an expired session
    // still comes back and the visitor can be told.
  });
  const backend = cookieBackend(config);
  return (req, res, next) => {
    attachBackend(req, backend);
    middleware(req, res, (err?: unknown) => {
      if (err === undefined) expireOrTouch(req, config.sessionIdleMs, Date.now());
      next(err);
    });
  };
}

/**
 * The server remembers nothing, so idle expiry is read from the cookie: a session whose `lastSeen` is older
 * than the idle timeout is replaced by an empty one, and the visitor is told. A live one is touched.
 */
function expireOrTouch(req: Request, idleMs: number, now: number): void {
  const session = sessionOf(req);
  if (session.isNew) return; // no valid cookie came in (absent, altered or junk): nothing to expire
  const lastSeen = session[LAST_SEEN];
  if (typeof lastSeen !== 'number' || now - lastSeen > idleMs) {
    cookieRequest(req).session = {};
    markSessionEnded(req);
    return;
  }
  session[LAST_SEEN] = now;
}

function cookieBackend(config: Config): SessionBackend {
  return {
    mode: 'cookie',
    storeKind: 'cookie',
    cookieName: config.cookieName,
    idleMs: config.sessionIdleMs,
    save: (req) => {
      // Nothing to write now: cookie-session sends the cookie with the response headers. The session gets
      // its id (only so the inspector can show a fingerprint) and its idle clock when it is first kept.
      const session = sessionOf(req);
      if (typeof session[ID] !== 'string') session[ID] = randomBytes(12).toString('base64url');
      session[LAST_SEEN] = Date.now();
      return Promise.resolve();
    },
    regenerate: (req) => {
      // A new, empty session replaces the old one in the next Set-Cookie. The server cannot revoke the old
      // cookie: a copy of it still works until its lastSeen is older than the idle timeout.
      cookieRequest(req).session = {};
      return Promise.resolve();
    },
    heldSessionId: (req) => {
      const session = sessionOf(req);
      const held = !session.isNew || session.isPopulated;
      const id = session[ID];
      return held && typeof id === 'string' ? id : undefined;
    },
    keptData: (req) => {
      const session = sessionOf(req);
      if (session.isNew && !session.isPopulated) return undefined;
      // What cookie-session will serialise: the session's own enumerable properties, as JSON.
      return JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    },
  };
}

function cookieRequest(req: Request): CookieSessionRequest {
  return req as unknown as CookieSessionRequest;
}

function sessionOf(req: Request): CookieSessionObject {
  // Reading always yields a session object (cookie-session creates an empty one on demand), never null,
  // because this app never assigns null.
  return cookieRequest(req).session as CookieSessionObject;
}
