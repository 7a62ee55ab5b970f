// One engine for every journey (flow/journeys): GET and POST for each step, the guards, the check page, and for a journey
// that ends in something sent (its `submit`), sending it, the one-time done page and cancelling it.
import { randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';
import { validateStep } from '../flow/fields';
import { checkUrl, stepUrl, submitUrls, type Journey, type Step, type Submit } from '../flow/journey';
import { checkGuard, nextAfter, resumeAt, stepGuard } from '../flow/sections';
import { paths } from '../flow/paths';
import { EMPTY_STATE, placed, referenceFrom, withoutPlaced, withStepAnswered, type JourneyState } from '../flow/state';
import { receiptOf } from '../pages/answer-rows';
import { checkPageModel, donePageModel, stepPageModel } from '../pages/journey-models';
import { serveCollection, serveTaskList } from './collections';
import { readJourney, refuseEndedSession, updateJourney } from './journey-session';
import type { Services } from './services';

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
  return router;
}

function serveStep(router: Router, journey: Journey, step: Step, { pages: { renderPage }, csrf: { require: requireCsrfToken }, today }: Services): void {
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
    const validation = validateStep(step, req.body, { today: today(), answers });
    if (validation.errors.length > 0) {
      renderPage(req, res, 'step', stepPageModel(journey, step, answers, validation), { form: true, status: 422 });
      return;
    }
    const after = await updateJourney(req, journey, (state) => withStepAnswered(journey, state, step, validation.answers));
    // Stored before the redirect goes out, so the next page never reads a session that isn't stored yet.
    res.redirect(303, nextAfter(journey, after.answers, step));
  });
}

function serveCheckPage(router: Router, journey: Journey, { pages: { renderPage }, sessionMode }: Services): void {
  router.get(checkUrl(journey), (req, res) => {
    const { answers } = readJourney(req, journey);
    if (redirected(res, checkGuard(journey, answers))) return;
    renderPage(req, res, 'check', checkPageModel(journey, answers, sessionMode), { form: journey.submit !== undefined });
  });
}

function serveSubmit(router: Router, journey: Journey, submit: Submit, { pages: { renderPage }, csrf: { require: requireCsrfToken }, receipts }: Services): void {
  const { done: donePath, cancel: cancelPath } = submitUrls(journey, submit);

  router.post(checkUrl(journey), requireCsrfToken, refuseEndedSession, async (req, res) => {
    const reference = referenceFrom(randomBytes(8));
    const { answers, placed: unseen } = readJourney(req, journey);
    // Sent already and its done page not seen yet (a second press, or a retry after a timed-out write): that page.
    if (unseen !== undefined) {
      res.redirect(303, donePath);
      return;
    }
    if (redirected(res, checkGuard(journey, answers))) return; // nothing to send yet: the first step owed
    // The journey's own sending runs first; if it throws, nothing is marked sent and the answers stay (an error page).
    await submit.send?.(answers, { reference });
    // Marked sent only when the whole path is answered in the state as stored, with the answers just sent.
    // Finishing: in cookie mode it may use the headroom ordinary answers leave, so sending never hits the size limit.
    const after = await updateJourney(req, journey, (state) => placed(journey, state, reference, answers) ?? state, { finishing: true });
    // A sent journey not yet shown (this request's, or one a retry finds already sent) goes to its done page.
    res.redirect(303, after.placed !== undefined ? donePath : resumeAt(journey, after.answers));
  });

  router.get(donePath, async (req, res) => {
    const state = readJourney(req, journey);
    if (state.placed === undefined) {
      redirected(res, resumeAt(journey, state.answers));
      return;
    }
    // Shown once: the placed order is taken out of the session before the page goes out, and the page shows what
    // the change took out. Two requests at once: the second's change, re-applied to the record the first stored,
    // finds nothing to show.
    const shown: { state?: JourneyState } = {};
    const after = await updateJourney(req, journey, (fresh) => {
      shown.state = fresh;
      return withoutPlaced(fresh);
    });
    const receipt = shown.state && receiptOf(journey, shown.state);
    if (receipt === undefined) {
      redirected(res, resumeAt(journey, after.answers));
      return;
    }
    // Trust (#20): the done page links to a receipt that lasts (routes/receipts.ts).
    const receiptUrl = receipts.urlFor({ journeyLabel: journey.label, reference: receipt.reference, rows: receipt.rows, issuedAt: receipts.now() });
    renderPage(req, res, 'done', { ...donePageModel(journey, receipt), receiptUrl });
  });

  router.post(cancelPath, requireCsrfToken, refuseEndedSession, async (req, res) => {
    // This journey's part only: the other journeys' answers stay.
    await updateJourney(req, journey, () => EMPTY_STATE);
    res.redirect(303, paths.home);
  });
}

/** Sends the visitor on (303) when a guard says where. True when it did. */
function redirected(res: Response, to: string | undefined): to is string {
  if (to === undefined) return false;
  res.redirect(303, to);
  return true;
}

