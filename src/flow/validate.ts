// Pure validation of one step's submitted form: (step, body) → the trimmed values and any errors.
import { MAX_ANSWER_LENGTH, type Step } from './steps';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface Validation {
  /** What the user typed, trimmed: kept in the form when it comes back with errors. */
  readonly values: Readonly<Record<string, string>>;
  readonly errors: readonly FieldError[];
}

// C0 and C1 control characters (tabs, line breaks, NUL, escape…). Everything else in Unicode is welcome.
const CONTROL_CHARACTER = /\p{Cc}/u;

export function validateStep(step: Step, body: unknown): Validation {
  const values: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const field of step.fields) {
    const raw = ownValue(body, field.name);
    if (raw !== undefined && typeof raw !== 'string') {
      // A repeated field (an array) or a bracketed one (an object): not something our form sends.
      values[field.name] = '';
      errors.push({ field: field.name, message: `Send ${field.noun} once, as plain text` });
      continue;
    }
    const value = (raw ?? '').trim();
    values[field.name] = value;
    const problem = checkAnswer(value);
    if (problem === 'missing') errors.push({ field: field.name, message: `Enter ${field.noun}` });
    if (problem === 'tooLong') {
      errors.push({ field: field.name, message: `${field.label} must be ${MAX_ANSWER_LENGTH} characters or fewer` });
    }
    if (problem === 'control') {
      errors.push({
        field: field.name,
        message: `${field.label} must not contain control characters such as tabs or line breaks`,
      });
    }
  }
  return { values, errors };
}

export type AnswerProblem = 'missing' | 'tooLong' | 'control';

/** The rule every answer follows, on an already trimmed string. */
export function checkAnswer(value: string): AnswerProblem | undefined {
  if (value.length === 0) return 'missing';
  if (codePointLength(value) > MAX_ANSWER_LENGTH) return 'tooLong';
  if (CONTROL_CHARACTER.test(value)) return 'control';
  return undefined;
}

/** Length as a person counts it: an emoji or 李 is one character, not two UTF-16 units. */
function codePointLength(value: string): number {
  return Array.from(value).length;
}

// Own properties only: a body key like "__proto__" or "constructor" must never reach an inherited value.
function ownValue(body: unknown, key: string): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  return Object.hasOwn(body, key) ? (body as Record<string, unknown>)[key] : undefined;
}
