// Renders a page inside the shared layout: the footer's stored answers (each journey's part, labelled), the start-over
// form, a one-time notice, the inspector. Built once by createApp with what it needs, and handed to the routers.
import type { Request, Response } from 'express';
import type { Journey } from '../flow/journey';
import type { Csrf } from '../http/csrf';
import { describeSession, inspectorPanelFor, type PagePart } from '../inspector/facts';
import type { Inspector, SessionView } from '../inspector/model';
import { readSession } from '../session/session';
import { storedSectionsOf, type StoredSection } from './answer-rows';
import { journeyNoticeModel, undoNotice } from './journey-notices';
import type { Chrome, ViewModels, ViewName } from './models';
import type { Notice, Notices } from './notices';
import { sessionClockOf } from './session-clock';

export interface PageOptions {
  status?: number;
  /** The page has a form of its own, so it needs a CSRF token even when nothing is stored yet. */
  form?: boolean;
}

export interface Pages {
  /** The journeys served (error pages find the journey of a URL among them). */
  readonly journeys: readonly Journey[];
  /**
   * Renders `view` for a page in the flow, in the layout. Reading a page writes nothing to the session store: a
   * notice lives in its own cookie (cleared once shown), and a form's token comes from the CSRF cookie (set here if
   * missing).
   */
  readonly renderPage: <V extends ViewName>(req: Request, res: Response, view: V, model: ViewModels[V], options?: PageOptions) => void;
  /** The layout's needs for an error page: reads the session (if any) but never changes anything. */
  readonly readOnlyChrome: (req: Request) => Chrome;
  /** The visitor's session as the inspector sees it, whether or not the panel is shown (/how-it-works). */
  readonly describeSession: (req: Request) => SessionView | undefined;
}

export interface PagesDeps {
  csrf: Csrf;
  notices: Notices;
  /** The journeys served: the footer and the inspector list each one's part of the session. */
  journeys: readonly Journey[];
  /** SESSION_INSPECTOR: the panel at the bottom of every page. */
  inspector: boolean;
  /** SECURE_COOKIES: every cookie is Secure whatever the request (the inspector says so). */
  secureCookies: boolean;
}

export function createPages({ csrf, notices, journeys, inspector, secureCookies }: PagesDeps): Pages {
  const storedOf = (req: Request): StoredSection[] => storedSectionsOf(journeys, readSession(req)?.journeys);
  // The footer's rows and the forms' token are worked out once per page, and the inspector is handed them.
  const panel = (req: Request, page: PagePart): Inspector | undefined => (inspector ? inspectorPanelFor(req, page, secureCookies) : undefined);
  return {
    journeys,
    renderPage(req, res, view, model, options = {}) {
      // HEAD (a link checker, a preview bot) never uses up a one-time notice.
      const notice = req.method === 'HEAD' ? notices.peekNotice(req) : notices.takeNotice(req, res);
      const stored = storedOf(req);
      const clock = sessionClockOf(req);
      const trust = trustNotices(req, journeys, notice);
      // A live session's page has the clock's "stay" form (clock.ejs), and Undo is a form: they need a token too.
      const csrfToken = options.form === true || stored.length > 0 || clock !== undefined || trust.undo !== undefined ? csrf.tokenFor(req, res) : undefined;
      const chrome: Chrome = { stored, csrfToken, notice, inspector: panel(req, { stored, csrfToken }), clock, ...trust };
      res.status(options.status ?? 200).render(view, { ...model, ...chrome });
    },
    readOnlyChrome(req) {
      const stored = storedOf(req);
      const csrfToken = csrf.existingToken(req); // for the footer's "Start over" form
      return { stored, csrfToken, notice: undefined, inspector: panel(req, { stored, csrfToken }), clock: sessionClockOf(req) };
    },
    describeSession: (req) => describeSession(req, secureCookies),
  };
}

/** Trust's notices (pages/journey-notices.ts): a journey's one-time notice in words, and Undo on its pages. */
function trustNotices(req: Request, journeys: readonly Journey[], notice: Notice | undefined): Pick<Chrome, 'journeyNotice' | 'undo'> {
  const rawJourneys = readSession(req)?.journeys;
  return { journeyNotice: journeyNoticeModel(notice, journeys, rawJourneys), undo: undoNotice(journeys, rawJourneys, req.path) };
}
