// Renders a page inside the shared layout: the footer's stored answers (each journey's part, labelled), the start-over form, a one-time notice.
import type { Request, Response } from 'express';
import { csrfTokenFor, existingCsrfToken } from '../http/csrf';
import { inspectorPanelFor } from '../inspector/facts';
import { peekNotice, takeNotice } from '../session/notices';
import { readSession } from '../session/session';
import { storedSectionsOf } from './answer-rows';
import { journeyNoticeModel, undoNotice } from './journey-notices';
import type { Chrome, ViewModels, ViewName } from './models';

export interface PageOptions {
  status?: number;
  /** The page has a form of its own, so it needs a CSRF token even when nothing is stored yet. */
  form?: boolean;
}

/**
 * Renders `view` for a page in the flow, in the layout. Reading a page writes nothing to the session store: a
 * notice lives in its own cookie (cleared once shown), and a form's token comes from the CSRF cookie (set here if
 * missing).
 */
export function renderPage<V extends ViewName>(req: Request, res: Response, view: V, model: ViewModels[V], options: PageOptions = {}): void {
  // HEAD (a link checker, a preview bot) never uses up a one-time notice.
  const notice = req.method === 'HEAD' ? peekNotice(req) : takeNotice(req, res);
  const rawJourneys = readSession(req)?.journeys;
  const stored = storedSectionsOf(req.app.locals.journeys, rawJourneys);
  const trust = { journeyNotice: journeyNoticeModel(notice, req.app.locals.journeys, rawJourneys), undo: undoNotice(req.app.locals.journeys, rawJourneys, req.path) };
  const csrfToken = options.form === true || stored.length > 0 || trust.undo !== undefined ? csrfTokenFor(req, res) : undefined;
  const chrome: Chrome = { stored, csrfToken, notice, inspector: inspectorPanelFor(req, stored), ...trust };
  res.status(options.status ?? 200).render(view, { ...model, ...chrome });
}

/** The layout's needs for an error page: reads the session (if any) but never changes anything. */
export function readOnlyChrome(req: Request): Chrome {
  const stored = storedSectionsOf(req.app.locals.journeys, readSession(req)?.journeys);
  return { stored, csrfToken: existingCsrfToken(req), notice: undefined, inspector: inspectorPanelFor(req, stored) };
}
