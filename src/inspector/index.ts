// Gathers the inspector's facts from a request (read only: never creates a session or a cookie), and its on/off switch.
import type { Request, RequestHandler } from 'express';
import type { Config } from '../config';
import { labelledAnswers, readAnswers } from '../flow/answers';
import { existingCsrfToken } from '../http/csrf';
import { backendOf } from '../session/backend';
import { buildInspector, type Inspector } from './model';

const enabled = new WeakSet<Request>();

/** SESSION_INSPECTOR: when on, pages of this app show the panel. */
export function sessionInspector(config: Config): RequestHandler {
  return (req, _res, next) => {
    if (config.sessionInspector) enabled.add(req);
    next();
  };
}

/** The panel's model, or undefined when the panel is off or the request has no session layer (e.g. a 413). */
export function inspectorPanelFor(req: Request): Inspector | undefined {
  return enabled.has(req) ? describeSession(req) : undefined;
}

/** The visitor's session as the inspector sees it, whether or not the panel is shown (the how-it-works page uses it too). */
export function describeSession(req: Request, now = Date.now()): Inspector | undefined {
  const backend = backendOf(req);
  if (!backend) return undefined;
  return buildInspector({
    mode: backend.mode,
    storeKind: backend.storeKind,
    cookieName: backend.cookieName,
    idleMs: backend.idleMs,
    secureRequest: req.secure,
    sessionId: backend.heldSessionId(req),
    stored: labelledAnswers(readAnswers(req.session)),
    hasCsrfToken: existingCsrfToken(req) !== undefined,
    keptData: backend.keptData(req),
    now,
  });
}
