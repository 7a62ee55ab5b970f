// The "not found" handler and the error handler: every failure becomes a friendly HTML page with the right status.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { stepUrl, type Journey } from '../flow/journey';
import { journeyAt } from '../flow/registry';
import { UnreadableFormError } from '../http/form-body';
import { preventStoring } from '../http/no-store';
import { CrossSiteRequestError } from '../http/origin-check';
import { SessionBusyError, SessionEndedError, SessionTooLargeError, StoreUnavailableError, type EndReason } from '../session/errors';
import { endReason } from '../session/session';
import { messageOf } from '../util/errors';
import { logToStderr, type Log } from '../util/log';
import type { Chrome, ErrorPage as ErrorPageModel } from './models';
import type { Pages } from './page';

type ErrorPage = Pick<ErrorPageModel, 'title' | 'message'>;

/** What each status says to the visitor: what probably happened, and what to do next. */
const statusPages: Record<number, ErrorPage> = {
  400: { title: 'That request could not be read', message: 'Your browser sent something this site could not understand. Go back and try again.' },
  403: {
    title: 'That form could not be accepted',
    message:
      'The form was missing its security token, or the token did not match your session. This protects you from other sites sending forms in your name. Nothing was changed. Open the page again and resend the form.',
  },
  404: { title: 'Page not found', message: 'There is no page at this address. Check the address, or start from the home page.' },
  413: { title: 'That was too much', message: 'The form you sent was larger than this site accepts. Go back, shorten your answers and send it again.' },
  415: { title: 'That form could not be read', message: 'The form was sent in a format this site does not accept. Use the form on the page to send your answers.' },
  429: {
    title: 'Too many new visitors from your network',
    message:
      'Many people on your network (or one program) started these questions in the last minute, so this site is pausing new starts from it for a moment. Nothing you typed was stored. Wait a minute, then send the form again.',
  },
  500: { title: 'Something went wrong', message: 'Sorry, something went wrong on our side. Your answers are still saved. Try again, or go back to the home page.' },
  // Says nothing about answers: only the store's own errors (storeTroublePage) know what they can vouch for.
  503: { title: 'Try again in a moment', message: 'This site cannot use the place where it keeps sessions just now. Try again in a moment.' },
};

const crossSite: ErrorPage = {
  title: 'A request from another site was refused',
  message:
    'That form was sent by another website, not by this one, so it was refused and nothing was changed. If you meant to send it, open this site yourself and use its own form.',
};

/** A form body with more name=value pairs than any form here has (a small body can carry many). */
const tooManyFields: ErrorPage = {
  title: 'That form could not be read',
  message:
    'The form you sent had more fields than any form on this site, so it was not read and nothing was stored. Use the form on the page to send your answers.',
};

/** A form from a session that has ended: why, only as far as the app knows. */
const endedForm: Record<EndReason, ErrorPage> = {
  expired: {
    title: 'Your session ended',
    message:
      'That form belonged to a session that timed out, so it could not be accepted and nothing was stored. Please start again from the first question.',
  },
  startedOver: {
    title: 'Your session ended',
    message:
      'That form belonged to a session that was started over, so it could not be accepted and nothing was stored. Please start again from the first question.',
  },
  lost: {
    title: 'Your session ended',
    message:
      'That form belonged to a session this site can no longer find, so it could not be accepted and nothing was stored. Please start again from the first question.',
  },
};

/**
 * The 503 of a store that failed, saying only what is true: whether the store is full or could not be reached, and,
 * about the visitor's answers, only what this request saw for itself.
 */
function storeTroublePage(err: StoreUnavailableError): ErrorPage {
  const { lastChange, earlierKept, newcomer } = err.facts;
  const sentences = [
    err.trouble === 'full'
      ? 'The place where this site keeps sessions is full just now and is not taking new answers.'
      : 'The place where this site keeps sessions cannot be reached just now.',
  ];
  if (lastChange === 'notStored') sentences.push(newcomer ? 'Nothing you sent was stored.' : 'Your last answer was not saved.');
  if (lastChange === 'unknown') sentences.push('This site could not check whether your last answer was saved: once it works again, its pages show what was kept.');
  if (earlierKept) sentences.push('The answers you gave before are still kept.');
  sentences.push('Try again in a moment.');
  return { title: 'Try again in a moment', message: sentences.join(' ') };
}

const busy: ErrorPage = {
  title: 'Try again in a moment',
  message: 'Many changes to your session arrived at once, so your last answer was not saved. Try again in a moment.',
};

/** Cookie mode: the answer would make the session cookie larger than browsers keep. */
function tooLargePage(err: SessionTooLargeError): ErrorPage {
  return {
    title: 'That answer does not fit in your cookie',
    message:
      `This site is running in cookie mode, where all your answers travel in one cookie, and this answer would make it about ` +
      `${err.bytes.toLocaleString('en')} bytes: more than the ${err.limitBytes.toLocaleString('en')} bytes a browser keeps. ` +
      'It was not saved, and everything you answered before is still kept. Shorten this answer, or remove another one (the summary ' +
      'has a Change link for each), then send it again. Whoever runs this site can avoid the limit by running it in server mode ' +
      '(SESSION_MODE=server), where answers stay on the server.',
  };
}

export function notFound(pages: Pages): RequestHandler {
  return (req, res) => {
    renderError(pages, req, res, 404);
  };
}

export interface ErrorHandlerOptions {
  /** The layout's parts for the page (the footer, the inspector). */
  pages: Pages;
  /** Show a 500's stack trace on the page (never in production). */
  showDetail: boolean;
  log?: Log;
}

export function errorHandler(options: ErrorHandlerOptions): ErrorRequestHandler {
  const log = options.log ?? logToStderr;
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err); // too late for a page: Express closes the connection
      return;
    }
    const status = statusFor(err);
    if (status === 503) log(`${messageOf(err)}\n`); // StoreUnavailableError says "session store unavailable: …"
    else if (status >= 500) log(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    if (status === 503) res.set('Retry-After', '5');
    const retryAfter = retryAfterOf(err);
    if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter)); // TooManyNewSessionsError knows when
    const detail = options.showDetail && status === 500 && err instanceof Error ? (err.stack ?? err.message) : undefined;
    renderError(options.pages, req, res, status, detail, specialPageFor(err, req));
  };
}

function renderError(pages: Pages, req: Request, res: Response, status: number, detail?: string, special?: ErrorPage): void {
  // A 503 means the session can't be trusted: show nothing from it.
  const chrome: Chrome = status === 503 ? { stored: [], csrfToken: undefined, notice: undefined, inspector: undefined, clock: undefined } : pages.readOnlyChrome(req);
  const page = special ?? statusPages[status] ?? statusPages[status < 500 ? 400 : 500];
  const model: ErrorPageModel = { title: page?.title ?? 'Error', message: page?.message ?? '', status, detail, retryPath: retryPathFor(pages.journeys, req, status) };
  preventStoring(res);
  res.status(status).render('error', { ...model, ...chrome }, (renderErr: unknown, html: string) => {
    if (renderErr) {
      res.type('text/plain').send(`${status} ${page?.title ?? 'Error'}`);
      return;
    }
    res.send(html);
  });
}

/**
 * Where "Back to the questions" leads after a refused form (403, 413, 429): the first question of the journey the form
 * belonged to, whose guard then sends the visitor on to the step they still owe. Other errors lead home.
 */
function retryPathFor(journeys: readonly Journey[], req: Request, status: number): string | undefined {
  if (status !== 403 && status !== 413 && status !== 429) return undefined;
  const journey = journeyAt(journeys, req.path);
  const first = journey?.steps[0];
  return journey === undefined || first === undefined ? undefined : stepUrl(journey, first);
}

/** Errors whose page says more than their status does. */
function specialPageFor(err: unknown, req: Request): ErrorPage | undefined {
  if (err instanceof CrossSiteRequestError) return crossSite;
  if (err instanceof SessionEndedError) return endedForm[err.reason ?? endReason(req) ?? 'lost'];
  if (err instanceof StoreUnavailableError) return storeTroublePage(err);
  if (err instanceof SessionBusyError) return busy;
  if (err instanceof SessionTooLargeError) return tooLargePage(err);
  if (err instanceof UnreadableFormError && err.reason === 'fields') return tooManyFields;
  return undefined;
}

/** The status for an error: its own when it is a client error (body too large, bad token…), otherwise 500. */
function statusFor(err: unknown): number {
  if (typeof err === 'object' && err !== null) {
    const status = (err as { status?: unknown; statusCode?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && ((status >= 400 && status < 500) || status === 503)) return status;
  }
  return 500;
}

/** Whole seconds the error says to wait (TooManyNewSessionsError's retryAfterSeconds), if it says. */
function retryAfterOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const seconds = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 ? seconds : undefined;
}
