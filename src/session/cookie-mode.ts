// Cookie mode (SESSION_MODE=cookie): the whole session lives in a signed cookie (cookie-session, Flask's default
// design). The server keeps nothing, so the cookie itself carries both clocks: createdAt (signed, so a replayed
// copy dies at the same moment as the original) and lastSeen (the idle clock). It cannot be atomic: two requests
// in flight each send back a whole cookie, and the browser keeps the last one (see the README).
import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import cookieSession from 'cookie-session';
import type { Config } from '../config';
import { cookiePolicy } from '../http/cookies';
import { applied, attachSession, emptySession, withinLifetime, type ChangeOptions, type CookieSize, type Current, type OnEnded, type SessionBackend } from './backend';
import { isSessionData, type SessionData } from './data';
import { SessionTooLargeError } from './errors';

/**
 * The session object cookie-session puts on `req.session`: the data as own properties, plus getters.
 * Express's Request is typed with express-session's `req.session`; this is the view of the same property
 * that only this file takes.
 */
interface CookieSessionObject {
  readonly isNew: boolean;
  readonly isPopulated: boolean;
  [key: string]: unknown;
}

interface CookieSessionRequest {
  /** Setting an object starts a session with that content; null clears both cookies. */
  session: CookieSessionObject | Record<string, unknown> | null;
}

/** What the cookie carries: the session's data, its random id (for the inspector's fingerprint) and its idle clock. */
interface CookieContent extends SessionData {
  id: string;
  lastSeen: number;
}

export function createCookieSessionMiddleware(config: Config, beforeCreate: (req: Request) => Promise<void>, onEnded: OnEnded): RequestHandler {
  const middleware = cookieSession({
    name: config.cookieName,
    keys: config.sessionSecrets, // the first signs, every one verifies (rotation)
    ...cookiePolicy, // HttpOnly, SameSite=Lax, Path=/, as every cookie of this app
    signed: true, // a second cookie, <name>.sig, holds an HMAC of the first: changes are detected, nothing is hidden
    overwrite: true,
    // No `secure` option: the cookies library then marks it Secure exactly when req.protocol is https, which
    // behind a trusted proxy (TRUST_PROXY) follows X-Forwarded-Proto. (It refuses to send a Secure cookie over
    // http, so with SECURE_COOKIES the app must see https itself: see docs/HARDENING.md.)
    // No maxAge, as in server mode: the clocks are inside the cookie, so an ended session still comes back
    // and the visitor can be told.
  });
  const backend = cookieBackend(config, beforeCreate);
  return (req, res, next) => {
    middleware(req, res, (err?: unknown) => {
      if (err !== undefined) {
        next(err);
        return;
      }
      const current = readCookie(req, config, Date.now());
      attachSession(req, backend, current);
      if (current.state === 'ended') {
        cookieRequest(req).session = null; // both cookies cleared; nothing of the old session is sent back
        onEnded(req, res, current.endReason ?? 'lost');
      }
      next();
    });
  };
}

/** The session in the cookie, if its signature held and both clocks allow it; a live one has its idle clock moved on. */
function readCookie(req: Request, config: Config, now: number): Current {
  const session = sessionOf(req);
  if (session === null || session.isNew) return { state: 'none', id: undefined, data: undefined }; // no valid cookie came in
  const content = contentOf(session);
  // Signed by us but of another shape (an older version of the app): ended, and the app can't say why.
  if (content === undefined) return { state: 'ended', id: undefined, data: undefined, endReason: 'lost' };
  // Both clocks are inside the cookie: a timeout is known for what it is.
  if (now - content.lastSeen > config.sessionIdleMs || !withinLifetime(content, config.sessionAbsoluteMs, now)) {
    return { state: 'ended', id: undefined, data: undefined, endReason: 'expired' };
  }
  session.lastSeen = now;
  return { state: 'live', id: content.id, data: { journeys: content.journeys, createdAt: content.createdAt, version: content.version } };
}

function contentOf(session: CookieSessionObject): CookieContent | undefined {
  const value: Record<string, unknown> = { ...session };
  if (!isSessionData(value) || typeof value.id !== 'string' || typeof value.lastSeen !== 'number') return undefined;
  return value as unknown as CookieContent;
}

function cookieBackend(config: Config, beforeCreate: (req: Request) => Promise<void>): SessionBackend {
  return {
    mode: 'cookie',
    storeKind: 'cookie',
    cookieName: config.cookieName,
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
    async change(req, _res, current, change, options) {
      const now = Date.now();
      if (current.state !== 'live' || current.data === undefined || current.id === undefined) {
        await beforeCreate(req);
        const data = applied(emptySession(now), change);
        const id = randomBytes(12).toString('base64url');
        const content: CookieContent = { ...data, id, lastSeen: now };
        refuseTooLarge(config.cookieName, { ...content }, options);
        cookieRequest(req).session = { ...content }; // a new session: cookie-session sends it with the response
        Object.assign(current, { state: 'live', id, data });
        return;
      }
      // No compare-and-set is possible: the server keeps nothing to compare with.
      const data = applied(current.data, change);
      const session = sessionOf(req);
      if (session !== null) {
        // Measured before anything changes: a refused change leaves the cookie exactly as it came (its clock aside).
        refuseTooLarge(config.cookieName, { ...JSON.parse(JSON.stringify(session)) as Record<string, unknown>, journeys: data.journeys, version: data.version }, options);
        Object.assign(session, { journeys: data.journeys, version: data.version });
      }
      current.data = data;
    },
    end(req) {
      // Both cookies are cleared. The server cannot revoke a copy of the old cookie: replayed, it still works
      // until its idle clock or its absolute lifetime runs out (createdAt is signed, so the latter is fixed).
      cookieRequest(req).session = null;
      return Promise.resolve();
    },
    keptData(req) {
      const session = sessionOf(req);
      // What cookie-session will serialise: the session's own enumerable properties, as JSON.
      return session === null ? undefined : (JSON.parse(JSON.stringify(session)) as Record<string, unknown>);
    },
    cookieSize(req) {
      const session = sessionOf(req);
      return session === null ? undefined : sizeOf(config.cookieName, { ...session });
    },
  };
}

/**
 * Browsers keep a cookie of at most 4,096 bytes, name, value and attributes together (RFC 6265's minimum, and
 * Chromium's and Firefox's limit); past it the cookie is dropped without a word, and the session with it.
 */
export const COOKIE_LIMIT_BYTES = 4096;

/**
 * Ordinary answers stop this far below the limit, so that the change that finishes a journey (placing an order,
 * which moves the answers under a reference: some 60 bytes more once encoded) always fits, and a done page still
 * to be shown is never what the limit refuses.
 */
export const COOKIE_HEADROOM_BYTES = 256;

/**
 * The session cookie's Set-Cookie line as cookie-session writes it: `name=base64(JSON)` and its attributes
 * (`; path=/; samesite=lax; httponly`, and `; secure` over https, counted always so the figure holds either way).
 */
export function cookieLineBytes(name: string, content: Readonly<Record<string, unknown>>): number {
  const value = Buffer.from(JSON.stringify(content)).toString('base64');
  return Buffer.byteLength(`${name}=${value}; path=${cookiePolicy.path}; samesite=${cookiePolicy.sameSite}; secure; httponly`);
}

function sizeOf(name: string, content: Readonly<Record<string, unknown>>): CookieSize {
  return { bytes: cookieLineBytes(name, content), limitBytes: COOKIE_LIMIT_BYTES, headroomBytes: COOKIE_HEADROOM_BYTES };
}

/** Throws SessionTooLargeError (413, nothing changed) when the cookie carrying `content` would pass what this change may use. */
function refuseTooLarge(name: string, content: Readonly<Record<string, unknown>>, options: ChangeOptions): void {
  const { bytes } = sizeOf(name, content);
  const allowed = COOKIE_LIMIT_BYTES - (options.finishing === true ? 0 : COOKIE_HEADROOM_BYTES);
  if (bytes > allowed) throw new SessionTooLargeError(bytes, COOKIE_LIMIT_BYTES);
}

function cookieRequest(req: Request): CookieSessionRequest {
  return req as unknown as CookieSessionRequest;
}

function sessionOf(req: Request): CookieSessionObject | null {
  return cookieRequest(req).session as CookieSessionObject | null;
}
