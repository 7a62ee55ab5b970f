// One engine for every journey (flow/journeys): GET and POST for each step, the guards, the check page, and for a journey
// that is placed, placing it, the one-time done page and cancelling it.
import { randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';
import { validateStep } from '../flow/fields';
import { checkPath, placingPaths, stepPath, type Journey, type Placing, type Step } from '../flow/journey';
import { checkRedirect, pathAfterAnswering, resumePath, stepRedirect } from '../flow/path';
import { paths } from '../flow/paths';
import { receiptOf } from '../flow/rows';
import { EMPTY_STATE, placed, referenceFrom, withoutPlaced, withStepAnswered, type JourneyState } from '../flow/state';
import { requireCsrfToken } from '../http/csrf';
import { checkPageModel, donePageModel, stepPageModel } from '../pages/journey-models';
import { renderPage } from '../pages/page';
import { readJourney, refuseEndedSession, updateJourney } from './journey-session';

export function journeysRouter(journeys: readonly Journey[]): Router {
  const router = Router();
  for (const journey of journeys) {
    for (const step of journey.steps) serveStep(router, journey, step);
    serveCheckPage(router, journey);
    if (journey.placing) servePlacing(router, journey, journey.placing);
  }
  return router;
}

function serveStep(router: Router, journey: Journey, step: Step): void {
  const path = stepPath(journey, step);

  router.get(path, (req, res) => {
    const { answers } = readJourney(req, journey);
    if (redirected(res, stepRedirect(journey, answers, step.slug))) return;
    renderPage(req, res, 'step', stepPageModel(journey, step, answers), { form: true });
  });

  router.post(path, requireCsrfToken, refuseEndedSession, async (req, res) => {
    const { answers } = readJourney(req, journey);
    // A form posted for a step the visitor may not see (skipped ahead, or off the path) stores nothing.
    if (redirected(res, stepRedirect(journey, answers, step.slug))) return;
    const validation = validateStep(step, req.body);
    if (validation.errors.length > 0) {
      renderPage(req, res, 'step', stepPageModel(journey, step, answers, validation), { form: true, status: 422 });
      return;
    }
    const after = await updateJourney(req, journey, (state) => withStepAnswered(journey, state, step, validation.answers));
    // Stored before the redirect goes out, so the next page never reads a session that isn't stored yet.
    res.redirect(303, pathAfterAnswering(journey, after.answers));
  });
}

function serveCheckPage(router: Router, journey: Journey): void {
  router.get(checkPath(journey), (req, res) => {
    const { answers } = readJourney(req, journey);
    if (redirected(res, checkRedirect(journey, answers))) return;
    renderPage(req, res, 'check', checkPageModel(journey, answers, req.app.locals.sessionMode), { form: journey.placing !== undefined });
  });
}

function servePlacing(router: Router, journey: Journey, placing: Placing): void {
  const { done: donePath, cancel: cancelPath } = placingPaths(journey, placing);

  router.post(checkPath(journey), requireCsrfToken, refuseEndedSession, async (req, res) => {
    const reference = referenceFrom(randomBytes(8));
    // Placed only when the whole path is answered in the state as stored; otherwise nothing changes.
    // Finishing: in cookie mode it may use the headroom ordinary answers leave, so placing never hits the size limit.
    const after = await updateJourney(req, journey, (state) => placed(journey, state, reference) ?? state, { finishing: true });
    // A placed order not yet shown (this request's, or one a retry finds already placed) goes to its done page.
    res.redirect(303, after.placed !== undefined ? donePath : resumePath(journey, after.answers));
  });

  router.get(donePath, async (req, res) => {
    const state = readJourney(req, journey);
    if (state.placed === undefined) {
      redirected(res, resumePath(journey, state.answers));
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
      redirected(res, resumePath(journey, after.answers));
      return;
    }
    renderPage(req, res, 'done', donePageModel(journey, receipt));
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

