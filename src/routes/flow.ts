// One engine for the whole journey: GET and POST for every step in flow/steps.ts, the summary, start over, home.
import { Router, type Request, type Response } from 'express';
import { firstUnansweredStep, labelledAnswers, readAnswers, storeAnswers, type Answers } from '../flow/answers';
import { paths } from '../flow/paths';
import { steps, type Step } from '../flow/steps';
import { validateStep, type FieldError } from '../flow/validate';
import { requireCsrfToken } from '../http/csrf';
import type { StepPage, SummaryPage } from '../pages/models';
import { renderPage } from '../pages/page';
import { regenerateSession, saveSession } from '../session/middleware';
import { checkNewSessionLimit } from '../session/new-session-limit';
import { setNotice } from '../session/notices';

export function flowRouter(): Router {
  const router = Router();

  router.get(paths.home, async (req, res) => {
    await renderPage(req, res, 'home', { title: 'Sessions, by example' });
  });

  steps.forEach((step, index) => {
    router.get(step.path, async (req, res) => {
      const answers = readAnswers(req.session);
      if (redirectIfSkippingAhead(res, index, answers)) return;
      await renderPage(req, res, 'step', stepModel(step, index, answers), { form: true });
    });

    router.post(step.path, requireCsrfToken, async (req, res) => {
      if (redirectIfSkippingAhead(res, index, readAnswers(req.session))) return;
      const { values, errors } = validateStep(step, req.body);
      if (errors.length > 0) {
        await renderPage(req, res, 'step', stepModel(step, index, values, errors), { form: true, status: 422 });
        return;
      }
      await renewIdOnFirstAnswers(req);
      storeAnswers(req.session, values);
      // Saved before the redirect goes out, so the next page never reads a session that isn't stored yet.
      await saveSession(req);
      res.redirect(303, nextPath(readAnswers(req.session)));
    });
  });

  router.get(paths.summary, async (req, res) => {
    const answers = readAnswers(req.session);
    if (redirectIfSkippingAhead(res, steps.length, answers)) return;
    await renderPage(req, res, 'summary', summaryModel(answers));
  });

  router.post(paths.startOver, requireCsrfToken, async (req, res) => {
    await startOver(req);
    res.redirect(303, paths.home);
  });

  return router;
}

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

/**
 * A session that is about to hold its first answers gets a new id. An id that was in the browser before (one an
 * attacker obtained and planted: session fixation) then holds nothing, so the attacker can't read the answers.
 * This is where a visitor's session is created, so it is also where the limit on new sessions per address is
 * checked (429 past it); a visitor who already has answers is never limited.
 */
async function renewIdOnFirstAnswers(req: Request): Promise<void> {
  if (Object.keys(readAnswers(req.session)).length > 0) return;
  await checkNewSessionLimit(req); // one call, so it can move into the session module's create path as is
  await regenerateSession(req);
}

/** Ends the session for good: the store forgets it and the browser gets a new id. */
async function startOver(req: Request): Promise<void> {
  await regenerateSession(req);
  setNotice(req.session, 'startedOver');
  await saveSession(req);
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
