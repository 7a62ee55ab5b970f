// Renders a page inside the shared layout: the footer's stored answers, the start-over form, a one-time notice.
import type { Request, Response } from 'express';
import { labelledAnswers, readAnswers, takeNotice, type Notice } from '../flow/answers';
import { inspectorPanelFor } from '../inspector';
import type { Inspector } from '../inspector/model';
import { saveSession } from '../session/middleware';
import { csrfTokenFor, existingCsrfToken } from './csrf';

/** What the layout needs on every page, besides the page's own model. */
export interface Chrome {
  stored: ReturnType<typeof labelledAnswers>;
  /** Present when the page has a form (its own, or the footer's "Start over"). */
  csrfToken: string | undefined;
  notice: Notice | undefined;
  /** The session inspector panel; undefined when SESSION_INSPECTOR is off. */
  inspector: Inspector | undefined;
}

export interface PageOptions {
  status?: number;
  /** The page has a form of its own, so it needs a CSRF token even when nothing is stored yet. */
  form?: boolean;
}

/**
 * Renders `view` for a page in the flow. Showing a notice removes it, and a first form makes a token: both
 * change the session, which is then saved before the page goes out, so a store failure is a 503, not a
 * page whose form can't be sent.
 */
export async function renderPage(
  req: Request,
  res: Response,
  view: string,
  model: Record<string, unknown>,
  options: PageOptions = {},
): Promise<void> {
  const hadToken = existingCsrfToken(req) !== undefined;
  const notice = takeNotice(req.session);
  const stored = labelledAnswers(readAnswers(req.session));
  const csrfToken = options.form === true || stored.length > 0 ? csrfTokenFor(req) : undefined;
  if (notice !== undefined || (csrfToken !== undefined && !hadToken)) await saveSession(req);
  // Built after the save, so it shows the session as it now stands.
  const inspector = inspectorPanelFor(req);
  res.status(options.status ?? 200).render(view, { ...model, stored, csrfToken, notice, inspector } satisfies Chrome);
}

/** The layout's needs for an error page: reads the session (if any) but never changes or saves it. */
export function readOnlyChrome(req: Request): Chrome {
  return {
    stored: labelledAnswers(readAnswers(req.session)),
    csrfToken: existingCsrfToken(req),
    notice: undefined,
    inspector: inspectorPanelFor(req),
  };
}
