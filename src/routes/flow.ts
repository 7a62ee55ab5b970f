// One engine for the whole journey: GET and POST for every step in flow/steps.ts, the summary, start over, home.
import { Router, type RequestHandler, type Response } from 'express';
import { firstUnansweredStep, labelledAnswers, readAnswers, storeAnswers, type Answers } from '../flow/answers';
import { paths } from '../flow/paths';
import { steps, type Step } from '../flow/steps';
import { validateStep, type FieldError } from '../flow/validate';
import { requireCsrfToken } from '../http/csrf';
import type { StepPage, SummaryPage } from '../pages/models';
import { renderPage } from '../pages/page';
import { SessionEndedError } from '../session/errors';
import { changeSession, endSession, readSession, sessionState } from '../session/session';

export function flowRouter(): Router {
  const router = Router();

  router.get(paths.home, (req, res) => {
    renderPage(req, res, 'home', { title: 'Sessions, by example' });
  });

  steps.forEach((step, index) => {
    router.get(step.path, (req, res) => {
      const answers = readAnswers(readSession(req));
      if (redirectIfSkippingAhead(res, index, answers)) return;
      renderPage(req, res, 'step', stepModel(step, index, answers), { form: true });
    });

    // The POST order of checks: CSRF (403), an ended session (403), validation (422), then the atomic change.
    router.post(step.path, requireCsrfToken, refuseEndedSession, async (req, res) => {
      if (redirectIfSkippingAhead(res, index, readAnswers(readSession(req)))) return;
      const { values, errors } = validateStep(step, req.body);
      if (errors.length > 0) {
        renderPage(req, res, 'step', stepModel(step, index, values, errors), { form: true, status: 422 });
        return;
      }
      // Applied atomically (and re-applied over another tab's change), and stored before the redirect goes
      // out. A session ended meanwhile (start over) makes this throw: 403, nothing stored.
      await changeSession(req, (data) => {
        storeAnswers(data, values);
      });
      res.redirect(303, nextPath(readAnswers(readSession(req))));
    });
  });

  router.get(paths.summary, (req, res) => {
    const answers = readAnswers(readSession(req));
    if (redirectIfSkippingAhead(res, steps.length, answers)) return;
    renderPage(req, res, 'summary', summaryModel(answers));
  });

  router.post(paths.startOver, requireCsrfToken, async (req, res) => {
    // Ends the session for good: the store forgets it and the cookie is cleared. No new session is made until
    // there is something to keep.
    await endSession(req, res);
    res.redirect(303, paths.home);
  });

  return router;
}

/** A POST from a session that has ended (expired while the visitor was away) stores nothing: 403, and they are told. */
const refuseEndedSession: RequestHandler = (req, _res, next) => {
  next(sessionState(req) === 'ended' ? new SessionEndedError() : undefined);
};

/** Where to go after a step is answered: the next question still owed, or the summary when none is. */
export function nextPath(answers: Answers): string {
  return firstUnansweredStep(answers)?.path ?? paths.summary;
}

/** A visitor who skips ahead is sent to the first step they still owe. True when it redirected. */
function redirectIfSkippingAhead(res: Response, stepIndex: number, answers: Answers): boolean {
  const owed = firstUnansweredStep(answers);
  if (owed === undefined || steps.indexOf(owed) >= stepIndex) return false;
  res.redirect(303, owed.path);
  return true;
}

export function stepModel(step: Step, index: number, values: Answers, errors: readonly FieldError[] = []): StepPage {
  const previous = index === 0 ? { path: paths.home, label: 'Home' } : { path: steps[index - 1]?.path ?? paths.home, label: 'Previous question' };
  return {
    title: errors.length > 0 ? `Error: ${step.title}` : step.title,
    heading: step.title,
    action: step.path,
    stepNumber: index + 1,
    stepCount: steps.length,
    previous,
    errors,
    fields: step.fields.map((field) => ({
      ...field,
      value: values[field.name] ?? '',
      error: errors.find((e) => e.field === field.name)?.message,
    })),
  };
}

function summaryModel(answers: Answers): SummaryPage {
  return { title: 'Now I know…', rows: labelledAnswers(answers) };
}
