// CSRF protection with a signed double-submit token: no session needed, so a form page stores nothing.
//
// The browser holds a random value in the `flow.csrf` cookie; every form carries HMAC-SHA256(secret, value).
// A cross-site page can make the browser send the cookie (SameSite=Lax already stops that for POSTs), but it can
// neither read the cookie nor compute the HMAC without the server's secret, so it cannot fill in the field.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { cookieOptions } from '../session/cookie-policy';
import { requestCookie } from '../session/request-cookies';

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
  tokenFor(req: Request, res: Response): string;
  /** The token for the browser's current cookie, without setting one (error pages). */
  existingToken(req: Request): string | undefined;
  /** For every POST: a missing or wrong `_csrf` stops it with a 403 before it changes anything. */
  require: RequestHandler;
}

export function createCsrf(secrets: readonly string[]): Csrf {
  const [signing] = secrets;
  if (signing === undefined) throw new Error('CSRF protection needs at least one secret');
  const sign = (secret: string, value: string): string => createHmac('sha256', secret).update(`csrf:${value}`).digest('base64url');
  const cookieValue = (req: Request): string | undefined => {
    const value = madeHere.get(req) ?? requestCookie(req, CSRF_COOKIE);
    return value !== undefined && COOKIE_VALUE.test(value) ? value : undefined;
  };
  return {
    tokenFor(req, res) {
      let value = cookieValue(req);
      if (value === undefined) {
        value = randomBytes(32).toString('base64url');
        madeHere.set(req, value);
        res.cookie(CSRF_COOKIE, value, cookieOptions(req)); // no Max-Age: gone when the browser closes, like the session cookie
      }
      return sign(signing, value);
    },
    existingToken(req) {
      const value = cookieValue(req);
      return value === undefined ? undefined : sign(signing, value);
    },
    require(req, _res, next) {
      const value = COOKIE_VALUE.test(requestCookie(req, CSRF_COOKIE) ?? '') ? requestCookie(req, CSRF_COOKIE) : undefined;
      const sent = tokenInBody(req.body);
      const valid = value !== undefined && sent !== undefined && secrets.some((secret) => equalInConstantTime(sent, sign(secret, value)));
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

const CSRF_SETTING = 'csrf';

/** Made once in createApp; handlers and pages find it on the app (so tests can build apps with any secrets). */
export function useCsrf(app: { set(name: string, value: unknown): unknown }, csrf: Csrf): void {
  app.set(CSRF_SETTING, csrf);
}

export function csrfOf(req: Request): Csrf | undefined {
  return req.app.get(CSRF_SETTING) as Csrf | undefined;
}

function requireCsrf(req: Request): Csrf {
  const csrf = csrfOf(req);
  if (csrf === undefined) throw new Error('CSRF protection is not set up on this app (useCsrf)');
  return csrf;
}

/** Middleware: checks the token with the app's secrets. */
export const requireCsrfToken: RequestHandler = (req, res, next) => {
  requireCsrf(req).require(req, res, next);
};

export function csrfTokenFor(req: Request, res: Response): string {
  return requireCsrf(req).tokenFor(req, res);
}

/** Undefined also on an app without CSRF set up (an error page of a bare Express app in tests). */
export function existingCsrfToken(req: Request): string | undefined {
  return csrfOf(req)?.existingToken(req);
}
