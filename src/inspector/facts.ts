// Gathers the inspector's facts: the session module's own, the request's, and what the page hands over (read only:
// never creates a session or a cookie, and computes nothing the page already has).
import type { Request } from 'express';
import { sessionFacts } from '../session/session';
import { buildInspector, describeSessionFrom, type Inspector, type SessionView, type StoredPart } from './model';

/** What the page already has and the panel shows: its answer rows (the footer's) and its forms' CSRF token, if any. */
export interface PagePart {
  readonly stored: readonly StoredPart[];
  readonly csrfToken: string | undefined;
}

/** The panel's model, or undefined when the request has no session layer. `secureCookies`: SECURE_COOKIES. */
export function inspectorPanelFor(req: Request, page: PagePart, secureCookies: boolean, now = Date.now()): Inspector | undefined {
  const session = sessionFacts(req);
  if (!session) return undefined;
  return buildInspector({ ...session, secureRequest: secureCookies || req.secure, now, stored: page.stored, hasCsrfToken: page.csrfToken !== undefined });
}

/** The visitor's session as the how-it-works page tells it, whether or not the panel is shown (no rows, no token). */
export function describeSession(req: Request, secureCookies: boolean, now = Date.now()): SessionView | undefined {
  const session = sessionFacts(req);
  return session && describeSessionFrom({ ...session, secureRequest: secureCookies || req.secure, now });
}
