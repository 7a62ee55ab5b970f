// CSRF protection with a synchroniser token: a random token kept in the session, echoed by every form.
import type { Request } from 'express';
import { csrfSync } from 'csrf-sync';

const csrf = csrfSync({
  // Our forms send the token in a hidden field; nothing else is accepted.
  getTokenFromRequest: (req) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || !Object.hasOwn(body, '_csrf')) return undefined;
    const token = (body as Record<string, unknown>)._csrf;
    return typeof token === 'string' ? token : undefined;
  },
  size: 32, // bytes of randomness (64 hex characters)
});

/** Middleware for every POST: a missing or wrong token stops the request with a 403 before it changes anything. */
export const requireCsrfToken = csrf.csrfSynchronisedProtection;

/** The session's token, made (and put in the session) on first use. */
export function csrfTokenFor(req: Request): string {
  return csrf.generateToken(req);
}

/** The token the session already holds, without creating one. */
export function existingCsrfToken(req: Request): string | undefined {
  // Error pages can be rendered before the session middleware has run.
  const session = req.session as Request['session'] | undefined;
  const token = session?.csrfToken;
  return typeof token === 'string' ? token : undefined;
}
