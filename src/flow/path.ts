// Pure functions of a journey and its answers: the path they make, the step still owed, the guards, where to go next.
import { isCollectionComplete } from './collection';
import { askedFields, askedNames, checkUrl, stepBySlug, stepUrl, type AnswerValue, type Answers, type Journey, type NextRule, type Step } from './journey';

/**
 * The steps the answers lead through, from the first step to the check page. A branch reads only answers given on
 * the path so far; an unanswered branch takes its default. Steps only lead forwards, so the walk always ends.
 */
export function pathOf(journey: Journey, answers: Answers): readonly Step[] {
  const path: Step[] = [];
  const asked = new Set<string>();
  let step = journey.steps[0];
  while (step !== undefined && path.length < journey.steps.length) {
    path.push(step);
    for (const name of askedNames(step, answers)) asked.add(name);
    step = stepBySlug(journey, nextSlug(step, answers, asked));
  }
  return path;
}

/**
 * The slug `next` names for these answers: the first rule that matches, else the default. A rule sees only the
 * answers `asked` on the path so far: an equality rule reads one of them, a `when` is given only those.
 */
export function nextSlug(step: Step, answers: Answers, asked: ReadonlySet<string>): string {
  if (typeof step.next === 'string') return step.next;
  let seen: Answers | undefined;
  for (const rule of step.next as readonly (string | NextRule)[]) {
    if (typeof rule === 'string') return rule;
    if ('when' in rule) {
      seen ??= Object.fromEntries(Object.entries(answers).filter(([name]) => asked.has(name)));
      if (rule.when(seen)) return rule.next;
    } else if (asked.has(rule.field) && matches(answers[rule.field], rule.value)) return rule.next;
  }
  throw new Error(`step "${step.slug}": next has no default`); // defineJourney refuses such a journey
}

function matches(answer: AnswerValue | undefined, value: string): boolean {
  if (Array.isArray(answer)) return answer.some((chosen) => chosen === value);
  return (typeof answer === 'string' || typeof answer === 'number') && String(answer) === value;
}

/** Every field the step asks has an answer (an optional one not given is stored as null: answered); a collection is complete. */
export function isStepAnswered(step: Step, answers: Answers): boolean {
  if (step.collection) return isCollectionComplete(step.collection, answers);
  return askedFields(step, answers).every((field) => Object.hasOwn(answers, field.name) && answers[field.name] !== undefined);
}

/** The first step on the path that is not answered yet, or undefined when the whole path is. */
export function firstOwedStep(journey: Journey, answers: Answers): Step | undefined {
  return pathOf(journey, answers).find((step) => !isStepAnswered(step, answers));
}

export function isPathAnswered(journey: Journey, answers: Answers): boolean {
  return firstOwedStep(journey, answers) === undefined;
}

/** The page to send a visitor to when they may not see the one they asked for: the first step owed, else the check page. */
export function resumeUrl(journey: Journey, answers: Answers): string {
  const owed = firstOwedStep(journey, answers);
  return owed === undefined ? checkUrl(journey) : stepUrl(journey, owed);
}

/**
 * The guard of a step page: undefined when it may be shown (it is on the path, and every step before it on the path is
 * answered), else where to send the visitor instead. A step off the path (the address, for a collection) counts as not
 * shown, so its visitor goes back to what they owe, or to the check page.
 */
export function stepRedirect(journey: Journey, answers: Answers, slug: string): string | undefined {
  const path = pathOf(journey, answers);
  const index = path.findIndex((step) => step.slug === slug);
  const owed = path.findIndex((step) => !isStepAnswered(step, answers));
  if (index !== -1 && (owed === -1 || owed >= index)) return undefined;
  return resumeUrl(journey, answers);
}

/** The guard of the check page: undefined once the whole path is answered, else the first step owed. */
export function checkRedirect(journey: Journey, answers: Answers): string | undefined {
  return isPathAnswered(journey, answers) ? undefined : resumeUrl(journey, answers);
}

/**
 * Where to go once a step's answers are stored (and `answers` is the result): the next step still owed, or the check
 * page when the whole path is answered. So a "Change" link from the check page comes back to it, unless the change
 * opened a branch with a step still owed, which comes first.
 */
export function urlAfterAnswering(journey: Journey, answers: Answers): string {
  return resumeUrl(journey, answers);
}

/**
 * The answers with only those of fields on the path kept: an answer whose step fell off the path is dropped, and so
 * is a revealed answer whose option is no longer chosen.
 */
export function keepOnPath(journey: Journey, answers: Answers): Answers {
  const kept: Record<string, AnswerValue> = {};
  for (const step of pathOf(journey, answers)) {
    for (const name of askedNames(step, answers)) {
      if (Object.hasOwn(answers, name)) kept[name] = answers[name] as AnswerValue;
    }
  }
  return kept;
}

/** Stores a step's valid answers: its own fields only, over the earlier answers, then those that fell off the path go. */
export function answerStep(journey: Journey, answers: Answers, step: Step, stepAnswers: Answers): Answers {
  const merged: Record<string, AnswerValue> = { ...answers };
  for (const field of askedFields(step, stepAnswers)) {
    if (Object.hasOwn(stepAnswers, field.name)) merged[field.name] = stepAnswers[field.name] as AnswerValue;
  }
  return keepOnPath(journey, merged);
}
