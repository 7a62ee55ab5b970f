// Renders a page inside the shared layout: the footer's stored answers, the start-over form, a one-time notice.
import type { Request, Response } from 'express';
import { labelledAnswers, readAnswers } from '../flow/answers';
import { csrfTokenFor, existingCsrfToken } from '../http/csrf';
import { inspectorPanelFor } from '../inspector/facts';
import { saveSessionChangedByPage } from '../session/middleware';
import { takeNotice } from '../session/notices';
import type { Chrome, ViewModels, ViewName } from './models';

export interface PageOptions {
  status?: number;
  /** The page has a form of its own, so it needs a CSRF token even when nothing is stored yet. */
  form?: boolean;
}

/**
 * Renders `view` for a page in the flow, in the layout. Showing a notice and making a first CSRF token change
 * the session: the store write that follows is saveSessionChangedByPage's, in the session module.
 */
export async function renderPage<V extends ViewName>(
  req: Request,
  res: Response,
  view: V,
  model: ViewModels[V],
  options: PageOptions = {},
): Promise<void> {
  const hadToken = existingCsrfToken(req) !== undefined;
  const notice = takeNotice(req.session);
  const stored = labelledAnswers(readAnswers(req.session));
  const csrfToken = options.form === true || stored.length > 0 ? csrfTokenFor(req) : undefined;
  await saveSessionChangedByPage(req, notice !== undefined || (csrfToken !== undefined && !hadToken));
  // Built after the save, so it shows the session as it now stands.
  const chrome: Chrome = { stored, csrfToken, notice, inspector: inspectorPanelFor(req) };
  res.status(options.status ?? 200).render(view, { ...model, ...chrome });
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
