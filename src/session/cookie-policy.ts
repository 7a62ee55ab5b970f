// The one source of cookie attributes: the session cookie, the CSRF cookie, the notice cookie and the inspector's text.
import type { CookieOptions, Request } from 'express';

/** HttpOnly, SameSite=Lax, Path=/, and Secure when the request came over https (behind Heroku: trust proxy). */
export function cookieOptions(req: Request): CookieOptions {
  return {
    httpOnly: true, // page scripts can't read it
    sameSite: 'lax', // not sent on cross-site POSTs
    path: '/',
    secure: req.secure, // the browser then never sends it over plain http
  };
}

/** The same attributes, as the Set-Cookie header spells them (for pages that explain the cookies). */
export function cookieFlags(secure: boolean): string[] {
  return ['HttpOnly', 'SameSite=Lax', 'Path=/', ...(secure ? ['Secure'] : [])];
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
