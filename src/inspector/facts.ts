// Gathers the inspector's facts: the session module's own, the request's, and what the page hands over (read only:
// never creates a session or a cookie, and computes nothing the page already has).
import type { Request } from 'express';
import { sessionFacts } from '../session/session';
import { buildInspector, describeSessionFrom, type Inspector, type SessionView, type StoredPart } from './model';

/** What the page knows besides the request: its footer's rows, whether its forms carry a token, SECURE_COOKIES. */
export interface PageContext {
  /** What the page shows in its footer: each journey's part, labelled (the inspector knows no journey). */
  stored: readonly StoredPart[];
  /** The page's forms carry a CSRF token (made or read by the page already: nothing is signed again here). */
  hasCsrfToken: boolean;
  /** Every cookie is Secure, whatever the request (SECURE_COOKIES). */
  secureCookies: boolean;
}

/** The panel's model, or undefined when the request has no session layer. */
export function inspectorPanel(req: Request, page: PageContext, now = Date.now()): Inspector | undefined {
  const session = sessionFacts(req);
  if (!session) return undefined;
  const secureRequest = page.secureCookies || req.secure;
  return buildInspector({ ...session, secureRequest, now, stored: page.stored, hasCsrfToken: page.hasCsrfToken });
}

/** The visitor's session as the how-it-works page tells it, whether or not the panel is shown (no rows, no token). */
export function describeSession(req: Request, secureCookies: boolean, now = Date.now()): SessionView | undefined {
  const session = sessionFacts(req);
  return session && describeSessionFrom({ ...session, secureRequest: secureCookies || req.secure, now });
}
