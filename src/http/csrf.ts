// CSRF protection with a signed double-submit token: no session needed, so a form page stores nothing.
//
// The browser holds a random value in the `flow.csrf` cookie; every form carries HMAC-SHA256(secret, value), and once
// the visitor has a session, HMAC-SHA256(secret, value + session id). A cross-site page can make the browser send the
// cookie (SameSite=Lax already stops that for POSTs), but it can neither read the cookie nor compute the HMAC without
// the server's secret, so it cannot fill in the field. Someone who can set cookies for this host (a sibling subdomain:
// cookie tossing) could plant a cookie value whose token they know; bound to the session, that token is worthless
// once the visitor has a session of their own, and the `__Host-` prefix (SECURE_COOKIES) stops the tossing itself.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { requestCookie, type CookieJar } from './cookies';

/** The cookie's name before the jar's prefix (`__Host-flow.csrf` where the app is served over https only). */
export const CSRF_COOKIE = 'flow.csrf';

/** 32 random bytes, base64url: 43 characters. Any other cookie value is treated as none. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

export class CsrfError extends Error {
  override name = 'CsrfError';
  readonly status = 403;
  readonly code = 'EBADCSRFTOKEN';

  constructor() {
    super('invalid csrf token');
  }
}

/** Values made on this request (the browser gets them with this response). */
const madeHere = new WeakMap<Request, string>();

export interface Csrf {
  /** The token for this page's forms; sets the cookie when the browser has no valid one. */
  readonly tokenFor: (req: Request, res: Response) => string;
  /** The token for the browser's current cookie, without setting one (error pages). */
  readonly existingToken: (req: Request) => string | undefined;
  /** For every POST: a missing or wrong `_csrf` stops it with a 403 before it changes anything. */
  readonly require: RequestHandler;
}

export interface CsrfOptions {
  /** The first signs; every one verifies (rotation). */
  secrets: readonly string[];
  /** How cookies are named and marked (the `__Host-` prefix where the app is served over https only). */
  cookies: CookieJar;
  /**
   * The visitor's session, from the session layer (createApp passes it): its state, and the id of a live one, to
   * which the token is bound.
   */
  readonly sessionOf: (req: Request) => { state: 'none' | 'live' | 'ended'; id: string | undefined };
}

export function createCsrf({ secrets, cookies, sessionOf }: CsrfOptions): Csrf {
  const sessionIdOf = (req: Request): string | undefined => sessionOf(req).id;
  const [signing] = secrets;
  if (signing === undefined) throw new Error('CSRF protection needs at least one secret');
  const name = cookies.name(CSRF_COOKIE);
  // The session id is base64url (no ':'), so "value:id" can't be read two ways.
  const sign = (secret: string, value: string, sessionId: string | undefined): string =>
    createHmac('sha256', secret)
      .update(sessionId === undefined ? `csrf:${value}` : `csrf:${value}:${sessionId}`)
      .digest('base64url');
  const sentValue = (req: Request): string | undefined => {
    const value = requestCookie(req, name);
    return value !== undefined && COOKIE_VALUE.test(value) ? value : undefined;
  };
  const cookieValue = (req: Request): string | undefined => madeHere.get(req) ?? sentValue(req);
  return {
    tokenFor(req, res) {
      let value = cookieValue(req);
      if (value === undefined) {
        value = randomBytes(32).toString('base64url');
        madeHere.set(req, value);
        res.cookie(name, value, cookies.options(req)); // no Max-Age: gone when the browser closes, like the session cookie
      }
      return sign(signing, value, sessionIdOf(req));
    },
    existingToken(req) {
      const value = cookieValue(req);
      return value === undefined ? undefined : sign(signing, value, sessionIdOf(req));
    },
    require(req, _res, next) {
      const session = sessionOf(req);
      // A form of a session that has ended carries a token bound to an id that is gone, so it cannot be checked; such
      // a request stores nothing anyway (the next handler refuses it with the truer "your session ended" page).
      if (session.state === 'ended') {
        next();
        return;
      }
      const value = sentValue(req);
      const sent = tokenInBody(req.body);
      const valid = value !== undefined && sent !== undefined && secrets.some((secret) => equalInConstantTime(sent, sign(secret, value, session.id)));
      next(valid ? undefined : new CsrfError());
    },
  };
}

function tokenInBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, '_csrf')) return undefined;
  const token = (body as Record<string, unknown>)._csrf;
  return typeof token === 'string' ? token : undefined;
}

/** Compares without an early exit, so the time taken says nothing about how much of the token was right. */
function equalInConstantTime(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
