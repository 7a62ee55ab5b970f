// Cookies, in one place: reading them from a request (the `cookie` package), the attributes every cookie of this app
// carries, the `__Host-` prefix where the app is served over https only, and the signed-id format (`cookie-signature`).
import type { CookieOptions, Request } from 'express';
import { parse } from 'cookie';
import { sign } from 'cookie-signature';

const parsed = new WeakMap<Request, Record<string, string | undefined>>();

/** The value of cookie `name` as the browser sent it (URI-decoded when valid), or undefined. The first one wins. */
export function requestCookie(req: Request, name: string): string | undefined {
  let cookies = parsed.get(req);
  if (cookies === undefined) {
    cookies = parse(req.headers.cookie ?? '');
    parsed.set(req, cookies);
  }
  return cookies[name];
}

/** The attributes every cookie of this app carries, whatever the mode. */
export const cookiePolicy = {
  httpOnly: true, // page scripts can't read it
  sameSite: 'lax', // not sent on cross-site POSTs
  path: '/',
} as const;

/**
 * How this app's cookies are named and marked. `httpsOnly` (SECURE_COOKIES, on in production): every cookie is
 * Secure and named with the `__Host-` prefix, which browsers accept only from https, with Path=/ and no Domain, so
 * a sibling subdomain cannot set (toss) one. Otherwise (development over http) plain names, and Secure exactly when
 * the request came over https.
 */
export interface CookieJar {
  /** The name a cookie of this app goes by: `flow.csrf` or `__Host-flow.csrf`. */
  readonly name: (base: string) => string;
  /** The attributes for a cookie set on this response. */
  readonly options: (req: Request) => CookieOptions;
}

const HOST_PREFIX = '__Host-';

export function cookieJar(httpsOnly: boolean): CookieJar {
  const secure = (req: Request): boolean => httpsOnly || req.secure;
  return {
    name: (base) => (httpsOnly ? `${HOST_PREFIX}${base}` : base),
    options: (req) => ({ ...cookiePolicy, secure: secure(req) }),
  };
}

/** The attributes as a browser's Set-Cookie shows them, for the inspector. */
export function cookieFlags(secure: boolean): string[] {
  return [
    'HttpOnly', // cookiePolicy.httpOnly is always true
    `SameSite=${cookiePolicy.sameSite.charAt(0).toUpperCase()}${cookiePolicy.sameSite.slice(1)}`,
    `Path=${cookiePolicy.path}`,
    ...(secure ? ['Secure'] : []),
  ];
}

/**
 * Removes any Set-Cookie for `name` already on the response, so the last decision about a cookie is the
 * only one sent (a notice set and then shown on the same request, for instance).
 */
export function withoutSetCookie(res: { getHeader(name: string): unknown; setHeader(name: string, value: string[]): unknown }, name: string): void {
  const current = res.getHeader('Set-Cookie');
  if (current === undefined) return;
  const list = Array.isArray(current) ? (current as string[]) : typeof current === 'string' ? [current] : [];
  res.setHeader(
    'Set-Cookie',
    list.filter((line) => !line.startsWith(`${name}=`)),
  );
}

/** The cookie value express-session reads back for session `id`: "s:" + cookie-signature's `id.signature`. */
export function signedCookieValue(id: string, secret: string): string {
  return `s:${sign(id, secret)}`;
}
