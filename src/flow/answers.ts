// The only code that reads or writes the flow's answers in the session.
import type { Session, SessionData } from 'express-session';
import { allFields, steps, type Step } from './steps';

export type Answers = Readonly<Record<string, string>>;

declare module 'express-session' {
  interface SessionData {
    /** Validated answers, keyed by field name. */
    answers?: Record<string, string>;
  }
}

type FlowSession = Partial<SessionData> & Pick<Session, 'id'>;

export function readAnswers(session: FlowSession | undefined): Answers {
  return session?.answers ?? {};
}

export function storeAnswers(session: FlowSession, values: Answers): void {
  // Only the fields a step declares are kept, whatever else the body carried.
  const answers = { ...session.answers };
  for (const field of allFields) {
    const value = values[field.name];
    if (value !== undefined) answers[field.name] = value;
  }
  session.answers = answers;
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
