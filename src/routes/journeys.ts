// One engine for every journey (flow/journeys): GET and POST for each step, the guards, the check page, and for a journey
// that ends in something sent (its `submit`), sending it once, the one-time done page and cancelling it; and Undo.
// Trust (issue 20): a stale form gets 409 and stores nothing (flow/stale.ts); a change that drops answers can be undone
// (flow/undo.ts); a check page's form carries a submission id, so sending it twice sends once.
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { validateStep, type StepValidation } from '../flow/fields';
import { checkUrl, stepUrl, submitUrls, type Journey, type Step, type Submit } from '../flow/journey';
import { checkGuard, nextAfter, resumeAt, stepGuard } from '../flow/sections';
import { paths } from '../flow/paths';
import { isStale, seenIn } from '../flow/stale';
import { EMPTY_STATE, isSubmissionId, placed, referenceFrom, shownPlaced, withStepAnswered, type JourneyState } from '../flow/state';
import { undoneAnswers } from '../flow/undo';
import { receiptOf } from '../pages/answer-rows';
import { checkPageModel, donePageModel, stepPageModel } from '../pages/journey-models';
import { serveCollection, serveTaskList } from './collections';
import type { Pages } from '../pages/page';
import { readJourney, refuseEndedSession, updateJourney } from './journey-session';
import type { Services } from './services';

/** The hidden field of a check page's form that names this sending (a second post of it sends nothing again). */
export const SUBMISSION_FIELD = '_submission';

export function journeysRouter(journeys: readonly Journey[], services: Services): Router {
  const router = Router();
  for (const journey of journeys) {
    if (journey.taskList) serveTaskList(router, journey, journey.taskList, services);
    for (const step of journey.steps) {
      if (step.collection) serveCollection(router, journey, step, step.collection, services);
      else serveStep(router, journey, step, services);
    }
    serveCheckPage(router, journey, services);
    if (journey.submit) serveSubmit(router, journey, journey.submit, services);
  }
  serveUndo(router, journeys, services);
  return router;
}

function serveStep(router: Router, journey: Journey, step: Step, { pages, csrf: { require: requireCsrfToken }, today }: Services): void {
  const { renderPage } = pages;
  const path = stepUrl(journey, step);

  router.get(path, (req, res) => {
    const { answers } = readJourney(req, journey);
    if (redirected(res, stepGuard(journey, answers, step.slug))) return;
    renderPage(req, res, 'step', stepPageModel(journey, step, answers), { form: true });
  });

  router.post(path, requireCsrfToken, refuseEndedSession, async (req, res) => {
    const { answers } = readJourney(req, journey);
    // A form posted for a step the visitor may not see (skipped ahead, or off the path) stores nothing.
    if (redirected(res, stepGuard(journey, answers, step.slug))) return;
    const seen = seenIn(req.body);
    const validation = validateStep(step, req.body, { today: today(), answers });
    if (validation.errors.length > 0) {
      // The form comes back with what it was first rendered with, so a stale tab is still caught once it is corrected.
      renderPage(req, res, 'step', stepPageModel(journey, step, answers, validation, { seen }), { form: true, status: 422 });
      return;
    }
    // Decided on the stored record, inside the compare-and-set: of two tabs racing on one step, the second is stale.
    let stale: JourneyState | undefined;
    const after = await updateJourney(req, journey, (state) => {
      stale = isStale(step, state.answers, seen) ? state : undefined;
      return stale ?? withStepAnswered(journey, state, step, validation.answers);
    });
    if (stale !== undefined) {
      renderStaleForm(pages, req, res, journey, step, stale, validation);
      return;
    }
    // Stored before the redirect goes out, so the next page never reads a session that isn't stored yet.
    res.redirect(303, nextAfter(journey, after.answers, step));
  });
}

/**
 * 409: the step's answer changed in another tab since this form was rendered. Nothing is stored; the page shows the
 * answer stored now and the form with what this visitor typed, carrying the new fingerprint, so sending it saves it.
 */
function renderStaleForm(pages: Pages, req: Request, res: Response, journey: Journey, step: Step, stored: JourneyState, sent: StepValidation): void {
  const model = stepPageModel(journey, step, stored.answers, { values: sent.values, errors: [] }, { conflict: true });
  pages.renderPage(req, res, 'step', model, { form: true, status: 409 });
}

function serveCheckPage(router: Router, journey: Journey, { pages: { renderPage }, sessionMode }: Services): void {
  router.get(checkUrl(journey), (req, res) => {
    const { answers } = readJourney(req, journey);
    if (redirected(res, checkGuard(journey, answers))) return;
    // Each rendering names its own sending: the same form sent twice is one sending (nothing is stored for it here).
    const submission = journey.submit === undefined ? undefined : randomBytes(16).toString('base64url');
    renderPage(req, res, 'check', checkPageModel(journey, answers, sessionMode, submission), { form: journey.submit !== undefined });
  });
}

/** What a post to send found in the stored record: sent now, already sent and not yet shown, shown already, or owed answers. */
type Sending = 'placed' | 'unseen' | 'shown' | 'owed';

function serveSubmit(router: Router, journey: Journey, submit: Submit, services: Services): void {
  const { pages: { renderPage }, csrf: { require: requireCsrfToken }, receipts, notices, sessionMode } = services;
  const { done: donePath, cancel: cancelPath } = submitUrls(journey, submit);

  router.post(checkUrl(journey), requireCsrfToken, refuseEndedSession, async (req, res) => {
    const reference = referenceFrom(randomBytes(8));
    const body = req.body as Record<string, unknown> | undefined;
    const sentId = body?.[SUBMISSION_FIELD];
    const submission = isSubmissionId(sentId) ? sentId : undefined;
    // A journey with its own sending claims the order first (placed, marked sending), so a second post finds the claim
    // and never sends again; a journey without one is placed in one step.
    const claims = submit.send !== undefined;
    let found: Sending = 'owed';
    const after = await updateJourney(req, journey, (state) => {
      found = sendingFound(state, submission);
      if (found !== 'owed') return state;
      const next = placed(journey, state, reference, undefined, { submission, sending: claims });
      if (next !== undefined) found = 'placed';
      return next ?? state;
    }, { finishing: true }); // finishing: in cookie mode it may use the headroom ordinary answers leave (no size limit hit)
    if ((found as Sending) === 'placed' && claims && after.placed !== undefined) await sendClaimed(req, journey, submit, after.placed.answers, reference);
    res.redirect(303, whereSendingLeads(services, req, res, journey, found, after, donePath));
  });

  router.get(donePath, async (req, res) => {
    const state = readJourney(req, journey);
    if (state.placed === undefined) {
      // Opened again once shown (Back, a bookmark, a reload): said so, with the receipt (pages/journey-notices.ts).
      if (state.sent !== undefined && req.method !== 'HEAD') notices.setNotice(req, res, `doneShown:${journey.id}`);
      redirected(res, resumeAt(journey, state.answers));
      return;
    }
    // HEAD (a link checker, a preview bot) and a page still being sent are shown without using the page up.
    if (req.method === 'HEAD' || state.placed.sending === true) {
      const receipt = receiptOf(journey, state);
      if (receipt !== undefined) renderPage(req, res, 'done', { ...donePageModel(journey, receipt), pending: state.placed.sending === true });
      return;
    }
    // Trust (#20): the done page links to a receipt that lasts (routes/receipts.ts). In server mode the session keeps its
    // address, so the same form sent again, or the done page opened again, leads to it; a cookie keeps only the
    // reference (the address would take a few hundred of its 4,096 bytes).
    const receiptUrlOf = (state: JourneyState): string | undefined => {
      const receipt = receiptOf(journey, state);
      return receipt && receipts.urlFor({ journeyLabel: journey.label, reference: receipt.reference, rows: receipt.rows, issuedAt: receipts.now() });
    };
    // Shown once: the placed order is taken out of the session before the page goes out (its reference and submission
    // id stay, as `sent`), and the page shows what the change took out. Two requests at once: the second's change,
    // re-applied to the record the first stored, finds nothing to show.
    const shown: { state?: JourneyState; receiptUrl?: string } = {};
    const after = await updateJourney(
      req,
      journey,
      (fresh) => {
        shown.state = fresh;
        if (fresh.placed?.sending === true) return fresh;
        shown.receiptUrl = receiptUrlOf(fresh);
        return shownPlaced(fresh, sessionMode === 'server' ? shown.receiptUrl : undefined);
      },
      { finishing: true },
    );
    const receipt = shown.state?.placed?.sending === true ? undefined : shown.state && receiptOf(journey, shown.state);
    if (receipt === undefined) {
      redirected(res, resumeAt(journey, after.answers));
      return;
    }
    renderPage(req, res, 'done', { ...donePageModel(journey, receipt), receiptUrl: shown.receiptUrl });
  });

  router.post(cancelPath, requireCsrfToken, refuseEndedSession, async (req, res) => {
    // This journey's part only: the other journeys' answers stay. Never what was sent: cancel after sending says so.
    let found: 'cancelled' | 'sent' | 'nothing' = 'nothing';
    const after = await updateJourney(req, journey, (state) => {
      if (state.placed !== undefined || (Object.keys(state.answers).length === 0 && state.sent !== undefined)) {
        found = 'sent';
        return state;
      }
      if (Object.keys(state.answers).length === 0) {
        found = 'nothing';
        return state;
      }
      found = 'cancelled';
      return state.sent === undefined ? EMPTY_STATE : { answers: {}, sent: state.sent };
    });
    const outcome = found as 'cancelled' | 'sent' | 'nothing';
    if (outcome === 'sent') {
      notices.setNotice(req, res, `notCancelled:${journey.id}`);
      res.redirect(303, after.placed !== undefined ? donePath : (after.sent?.receipt ?? paths.home));
      return;
    }
    if (outcome === 'cancelled') notices.setNotice(req, res, `cancelled:${journey.id}`);
    res.redirect(303, paths.home);
  });
}

/** What a post to send finds: an order placed and unseen (whichever sending), this very sending shown already, or neither. */
function sendingFound(state: JourneyState, submission: string | undefined): Sending {
  if (state.placed !== undefined) return 'unseen'; // any post to send while a sent order is unseen leads to that order
  if (submission !== undefined && state.sent?.submission === submission) return 'shown';
  return 'owed';
}

/** Where a post to send leads: the done page of the order it placed or found, its receipt once shown, or what is owed. */
function whereSendingLeads({ notices }: Services, req: Request, res: Response, journey: Journey, found: Sending, after: JourneyState, donePath: string): string {
  switch (found) {
    case 'placed':
    case 'unseen':
      return donePath;
    case 'shown':
      // Sent already, and its done page shown: its receipt (same reference), said so; nothing is sent again.
      notices.setNotice(req, res, `alreadySent:${journey.id}`);
      return after.sent?.receipt ?? resumeAt(journey, after.answers);
    case 'owed':
      return after.placed !== undefined ? donePath : resumeAt(journey, after.answers);
  }
}

/**
 * Runs the journey's own sending for a claimed order, once. When it throws, the claim is taken back (the answers are
 * the journey's again, nothing is marked sent) and the error page follows; when it succeeds, the order is sent.
 */
async function sendClaimed(req: Request, journey: Journey, submit: Submit, answers: JourneyState['answers'], reference: string): Promise<void> {
  const ours = (state: JourneyState) => state.placed?.reference === reference;
  try {
    await submit.send?.(answers, { reference });
  } catch (err) {
    await updateJourney(req, journey, (state) => (ours(state) && state.placed ? { answers: state.placed.answers, ...(state.sent && { sent: state.sent }) } : state));
    throw err;
  }
  await updateJourney(req, journey, (state) => {
    if (!ours(state) || state.placed === undefined) return state;
    const { reference: ref, answers: sentAnswers, submission } = state.placed;
    return { ...state, placed: { reference: ref, answers: sentAnswers, ...(submission !== undefined && { submission }) } };
  });
}

/**
 * POST /undo (journey=<id>): puts the journey's answers back as they were before the change that dropped some, in one
 * compare-and-set; once the journey has changed since, there is nothing to undo and nothing changes.
 */
function serveUndo(router: Router, journeys: readonly Journey[], { csrf: { require: requireCsrfToken } }: Services): void {
  router.post(paths.undo, requireCsrfToken, refuseEndedSession, async (req, res, next) => {
    const id = (req.body as Record<string, unknown> | undefined)?.journey;
    const journey = journeys.find((j) => j.id === id);
    if (journey === undefined) {
      next(); // 404: no such journey
      return;
    }
    const after = await updateJourney(req, journey, (state) => {
      if (state.undo === undefined) return state;
      const { undo, ...rest } = state;
      return { ...rest, answers: undoneAnswers(journey, state.answers, undo) };
    });
    res.redirect(303, resumeAt(journey, after.answers));
  });
}

/** Sends the visitor on (303) when a guard says where. True when it did. */
function redirected(res: Response, to: string | undefined): to is string {
  if (to === undefined) return false;
  res.redirect(303, to);
  return true;
}
