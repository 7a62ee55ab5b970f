// Gathers the inspector's facts from a request (read only: never creates a session or a cookie), when it is switched on.
import type { Request } from 'express';
import { existingCsrfToken } from '../http/csrf';
import { sessionFacts } from '../session/session';
import { buildInspector, type Inspector, type StoredPart } from './model';

/** The app setting that SESSION_INSPECTOR decides, once, in createApp. */
export const INSPECTOR_SETTING = 'session inspector';

/** The panel's model, or undefined when the panel is off or the request has no session layer. */
export function inspectorPanelFor(req: Request, stored: readonly StoredPart[]): Inspector | undefined {
  return req.app.enabled(INSPECTOR_SETTING) ? describeSession(req, stored) : undefined;
}

/**
 * The visitor's session as the inspector sees it, whether or not the panel is shown (the how-it-works page uses it too).
 * `stored` is what the page shows in its footer: each journey's part, labelled (the inspector knows no journey).
 */
export function describeSession(req: Request, stored: readonly StoredPart[], now = Date.now()): Inspector | undefined {
  const facts = sessionFacts(req);
  if (!facts) return undefined;
  return buildInspector({
    mode: facts.mode,
    storeKind: facts.storeKind,
    cookieName: facts.cookieName,
    idleMs: facts.idleMs,
    absoluteMs: facts.absoluteMs,
    createdAt: facts.createdAt,
    secureRequest: req.secure,
    sessionId: facts.sessionId,
    stored,
    hasCsrfToken: existingCsrfToken(req) !== undefined,
    keptData: facts.keptData,
    now,
  });
}
