// Renders a page inside the shared layout: the footer's stored answers, the start-over form, a one-time notice.
import type { Request, Response } from 'express';
import { labelledAnswers, readAnswers } from '../flow/answers';
import { inspectorPanelFor } from '../inspector';
import type { Inspector } from '../inspector/model';
import { takeNotice, type Notice } from '../session/notice';
import { readSession } from '../session/session';
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
 * Renders `view` for a page in the flow. Reading a page writes nothing to the session store: a notice lives in
 * its own cookie (cleared once shown), and a form's token comes from the CSRF cookie (set here if missing).
 */
export function renderPage(req: Request, res: Response, view: string, model: Record<string, unknown>, options: PageOptions = {}): void {
  const notice = takeNotice(req, res);
  const stored = labelledAnswers(readAnswers(readSession(req)));
  const csrfToken = options.form === true || stored.length > 0 ? csrfTokenFor(req, res) : undefined;
  const inspector = inspectorPanelFor(req);
  res.status(options.status ?? 200).render(view, { ...model, stored, csrfToken, notice, inspector } satisfies Chrome);
}

/** The layout's needs for an error page: reads the session (if any) but never changes anything. */
export function readOnlyChrome(req: Request): Chrome {
  return {
    stored: labelledAnswers(readAnswers(readSession(req))),
    csrfToken: existingCsrfToken(req),
    notice: undefined,
    inspector: inspectorPanelFor(req),
  };
}
