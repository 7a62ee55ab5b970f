// Gathers the inspector's facts from a request (read only: never creates a session or a cookie), when it is switched on.
import type { Request } from 'express';
import { sessionFacts } from '../session/session';
import { buildInspector, type Inspector, type StoredPart } from './model';

/** What the page knows besides the request: what its footer shows, whether the browser holds a form token, SECURE_COOKIES. */
export interface PageContext {
  /** What the page shows in its footer: each journey's part, labelled (the inspector knows no journey). */
  stored: readonly StoredPart[];
  hasCsrfToken: boolean;
  /** Every cookie is Secure, whatever the request (SECURE_COOKIES). */
  secureCookies: boolean;
}

/** The visitor's session as the inspector sees it, or undefined when the request has no session layer. */
export function describeSession(req: Request, page: PageContext, now = Date.now()): Inspector | undefined {
  const facts = sessionFacts(req);
  if (!facts) return undefined;
  return buildInspector({
    mode: facts.mode,
    storeKind: facts.storeKind,
    cookieName: facts.cookieName,
    idleMs: facts.idleMs,
    absoluteMs: facts.absoluteMs,
    createdAt: facts.createdAt,
    secureRequest: page.secureCookies || req.secure,
    sessionId: facts.sessionId,
    stored: page.stored,
    hasCsrfToken: page.hasCsrfToken,
    keptData: facts.keptData,
    now,
  });
}
