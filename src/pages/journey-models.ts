// Page models for the journeys' pages (step, check, done): pure functions of a journey and its answers, so tests can call them.
import type { SessionMode } from '../config';
import type { Answers, StepValidation } from '../flow/fields';
import { fieldModels, formValuesOf } from './field-models';
import { askedFields, checkUrl, sectionOf, stepUrl, submitUrls, type AnswerValue, type Item, type Journey, type Step } from '../flow/journey';
import { taskListUrl, resumeAt } from '../flow/sections';
import { pathOf } from '../flow/path';
import { paths } from '../flow/paths';
import { stepFingerprint } from '../flow/stale';
import { answerRows, displayValue, lowerFirst, type AnswerRow } from './answer-rows';
import type { CheckPage, DonePage, HomePage, StepPage } from './models';

/**
 * A step's page: its fields filled from the stored answers, or, when a form came back with errors (422), from what was
 * sent. A journey that never branches numbers its questions ("Question 2 of 2"); one that branches does not, since its
 * count would change as it is answered.
 */
export function stepPageModel(
  journey: Journey,
  step: Step,
  answers: Answers,
  sent?: Pick<StepValidation, 'values' | 'errors'>,
  trust: { seen?: string | undefined; conflict?: boolean } = {},
): StepPage {
  const errors = sent?.errors ?? [];
  const path = pathOf(journey, answers);
  const index = Math.max(0, path.indexOf(step));
  const before = path[index - 1];
  return {
    title: trust.conflict === true ? `Changed elsewhere: ${step.title}` : errors.length > 0 ? `Error: ${step.title}` : step.title,
    heading: step.title,
    action: stepUrl(journey, step),
    counter: branches(journey) || journey.taskList ? undefined : { number: index + 1, count: path.length },
    previous: journey.taskList ? sectionPrevious(journey, step, path) : before === undefined ? { href: paths.home, label: 'Home' } : { href: stepUrl(journey, before), label: 'Previous question' },
    errors,
    // A page of one question: the question is its label or legend, and the page's heading (GOV.UK's pattern).
    fields: fieldModels(step.fields, sent?.values ?? formValuesOf(step.fields, answers), errors, { pageHeading: step.title }),
    cancel: cancelModel(journey, answers),
    // Stale forms (flow/stale.ts): what this form was rendered with; a form sent back with errors keeps what it first had.
    seen: trust.seen ?? stepFingerprint(step, answers),
    conflict: trust.conflict === true ? conflictModel(journey, step, answers) : undefined,
  };
}

/** With a task list: the step before this one in its section, or the task list. */
function sectionPrevious(journey: Journey, step: Step, path: readonly Step[]): { href: string; label: string } {
  const section = sectionOf(journey, step);
  const inSection = path.filter((s) => section?.steps.includes(s.slug));
  const index = inSection.indexOf(step);
  const previous = index > 0 ? inSection[index - 1] : undefined;
  return previous ? { href: stepUrl(journey, previous), label: 'Previous question' } : { href: taskListUrl(journey), label: 'Back to the task list' };
}

/** The journey's own cancel: only where there is something to cancel (never on the first step of a journey not begun). */
function cancelModel(journey: Journey, answers: Answers): StepPage['cancel'] {
  if (journey.submit === undefined || Object.keys(answers).length === 0) return undefined;
  return { action: submitUrls(journey, journey.submit).cancel, button: journey.submit.cancelButton, journeyLabel: lowerFirst(journey.label) };
}

/** The 409 page's account of the answer stored now (what another tab saved), and where to go to keep it. */
function conflictModel(journey: Journey, step: Step, answers: Answers): NonNullable<StepPage['conflict']> {
  const rows = askedFields(step, answers).flatMap((field) => {
    const answer = answers[field.name];
    // A step's own fields hold plain answers (a collection's items have pages of their own).
    return Object.hasOwn(answers, field.name) && answer !== undefined && !isItemList(answer) ? [{ label: field.label, value: displayValue(field, answer, journey.notGiven) }] : [];
  });
  return { rows, keepHref: resumeAt(journey, answers) };
}

function isItemList(answer: AnswerValue): answer is readonly Item[] {
  return Array.isArray(answer) && answer.some((value) => typeof value !== 'string');
}

/** Whether any step's next depends on the answers (then the number of questions can change as they are given). */
function branches(journey: Journey): boolean {
  return journey.steps.some((step) => typeof step.next !== 'string');
}

export function checkPageModel(journey: Journey, answers: Answers, sessionMode: SessionMode, submission?: string): CheckPage {
  const path = pathOf(journey, answers);
  const last = path[path.length - 1];
  return {
    title: journey.check.title,
    heading: journey.check.title,
    lead: journey.check.lead ?? `These answers live in your session${sessionMode === 'cookie' ? ', inside a signed cookie' : ' on the server'}. Change any of them, or start over.`,
    back: journey.taskList
      ? { href: taskListUrl(journey), label: 'Back to the task list' }
      : journey.submit && last
        ? { href: stepUrl(journey, last), label: 'Previous question' }
        : undefined,
    rows: answerRows(journey, answers),
    startOverInPage: journey.submit === undefined,
    placing: journey.submit && {
      action: checkUrl(journey),
      button: journey.submit.button,
      cancelAction: submitUrls(journey, journey.submit).cancel,
      cancelButton: journey.submit.cancelButton,
      submission: submission ?? '',
    },
  };
}

export function donePageModel(journey: Journey, receipt: { reference: string; rows: AnswerRow[] }): DonePage {
  const title = journey.submit?.doneTitle ?? 'Done';
  return {
    title,
    heading: title,
    reference: receipt.reference,
    rows: receipt.rows,
    sentHeading: journey.submit?.sentHeading ?? 'What you sent',
    note: journey.submit?.doneNote ?? 'Write the reference down: this page is shown once, and your session no longer holds what you sent.',
  };
}

/** The home page: each journey offered with its own words, linking to its first step. */
export function homePageModel(journeys: readonly Journey[]): HomePage {
  return {
    title: 'Sessions, by example',
    journeys: journeys.flatMap((journey, index) => {
      const first = journey.steps[0];
      if (first === undefined) return [];
      const home = journey.home ?? {};
      const href = journey.taskList ? taskListUrl(journey) : stepUrl(journey, first);
      return [{ heading: home.heading, text: home.text, button: home.button ?? journey.label, href, primary: index === 0 }];
    }),
  };
}
