// Pure functions over the lesson's answers: read them from session data, store a step's values, what is owed next.
import { allFields, steps, type Step } from './steps';

export type Answers = Readonly<Record<string, string>>;

/** The part of session data the lesson owns: its namespace under `journeys` (structurally typed: no session import). */
export interface LessonHolder {
  journeys: { lesson?: Answers };
}

export function readAnswers(data: Readonly<LessonHolder> | undefined): Answers {
  return data?.journeys.lesson ?? {};
}

export function storeAnswers(data: LessonHolder, values: Answers): void {
  // Only the fields a step declares are kept, whatever else the body carried.
  const answers: Record<string, string> = { ...data.journeys.lesson };
  for (const field of allFields) {
    const value = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
    if (value !== undefined) answers[field.name] = value;
  }
  data.journeys.lesson = answers;
}

export function isStepAnswered(step: Step, answers: Answers): boolean {
  return step.fields.every((field) => typeof answers[field.name] === 'string');
}

/** The first step still owed, or undefined when every step is answered. */
export function firstUnansweredStep(answers: Answers): Step | undefined {
  return steps.find((step) => !isStepAnswered(step, answers));
}

/** Each stored answer with its label, in the order the questions are asked (for the footer and summary). */
export function labelledAnswers(answers: Answers): { label: string; value: string; path: string; noun: string }[] {
  return steps.flatMap((step) =>
    step.fields.flatMap((field) => {
      const value = answers[field.name];
      return value === undefined ? [] : [{ label: field.label, value, path: step.path, noun: field.noun }];
    }),
  );
}
