// Types for the part of cookie-session this app uses. Ours rather than @types/cookie-session, because that
// package also re-declares Express's `req.session` (as an any-typed bag), clashing with express-session's.
declare module 'cookie-session' {
  import type { RequestHandler } from 'express';

  interface CookieSessionOptions {
    name: string;
    /** The first signs; every key verifies (rotation). */
    keys: string[];
    httpOnly: boolean;
    sameSite: 'lax' | 'strict' | 'none';
    path: string;
    signed: boolean;
    overwrite: boolean;
  }

  function cookieSession(options: CookieSessionOptions): RequestHandler;
  export = cookieSession;
}
