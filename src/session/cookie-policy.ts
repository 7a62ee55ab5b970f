// The one source of cookie attributes: the session cookie (express-session, cookie-session), the CSRF cookie, the
// notice cookie, and the inspector's description of them.
import type { CookieOptions, Request } from 'express';

/** The attributes every cookie of this app carries, whatever the mode. */
export const cookiePolicy = {
  httpOnly: true, // page scripts can't read it
  sameSite: 'lax', // not sent on cross-site POSTs
  path: '/',
  // Secure is not fixed here: it is set exactly when the request came over https (behind Heroku's router,
  // through trust proxy), so http://localhost still works.
} as const;

/** The policy for a cookie set on this response: Secure when the request came over https. */
export function cookieOptions(req: Request): CookieOptions {
  return { ...cookiePolicy, secure: req.secure };
}

/** The attributes as a browser's Set-Cookie shows them, for the inspector. */
export function cookieFlags(secureRequest: boolean): string[] {
  return [
    'HttpOnly', // cookiePolicy.httpOnly is always true
    `SameSite=${cookiePolicy.sameSite.charAt(0).toUpperCase()}${cookiePolicy.sameSite.slice(1)}`,
    `Path=${cookiePolicy.path}`,
    ...(secureRequest ? ['Secure'] : []),
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
