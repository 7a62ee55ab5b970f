// Pure validation of one step's form, field type by field type: (step, body) → the answers, what to show again, and any errors.
import type { CheckboxesField, Field, NumberField, RadiosField, Step, TextareaField, TextField } from './journey';

/** A stored answer: text and a chosen option are strings, a number is a number, checkboxes are the chosen values. */
export type AnswerValue = string | number | readonly string[];
export type Answers = Readonly<Record<string, AnswerValue>>;

/** What a form shows in a field: the text typed, or the options ticked. */
export type FormValue = string | readonly string[];

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface StepValidation {
  /** What the visitor sent, cleaned (trimmed text, known options): kept in the form when it comes back with a 422. */
  readonly values: Readonly<Record<string, FormValue>>;
  /** The step's answers, ready to store: complete only when there are no errors. */
  readonly answers: Answers;
  readonly errors: readonly FieldError[];
}

interface FieldResult {
  value: FormValue;
  answer?: AnswerValue;
  error?: string;
}

// C0 and C1 control characters (tabs, line breaks, NUL, escape…). Everything else in Unicode is welcome.
const CONTROL_CHARACTER = /\p{Cc}/u;
const CONTROL_BUT_NEWLINE = /[^\P{Cc}\n]/u;
const WHOLE_NUMBER = /^[0-9]{1,15}$/;

export function validateStep(step: Step, body: unknown): StepValidation {
  const values: Record<string, FormValue> = {};
  const answers: Record<string, AnswerValue> = {};
  const errors: FieldError[] = [];
  for (const field of step.fields) {
    const result = validateField(field, ownValue(body, field.name), hasBracketedKey(body, field.name));
    values[field.name] = result.value;
    if (result.error !== undefined) errors.push({ field: field.name, message: result.error });
    else if (result.answer !== undefined) answers[field.name] = result.answer;
  }
  return { values, answers, errors };
}

/**
 * One field's rule. `raw` is what the body parser made of it: a string, an array for a repeated field, undefined
 * when absent. `bracketed` is true when the body also had `name[]` or `name[x]`, which only a crafted request sends.
 */
export function validateField(field: Field, raw: unknown, bracketed = false): FieldResult {
  switch (field.type) {
    case 'text':
      return validateText(field, raw, bracketed);
    case 'textarea':
      return validateTextarea(field, raw, bracketed);
    case 'radios':
      return validateRadios(field, raw, bracketed);
    case 'checkboxes':
      return validateCheckboxes(field, raw, bracketed);
    case 'number':
      return validateNumber(field, raw, bracketed);
  }
}

/** Whether a value read back from the session is one this field could have stored (anything else is dropped). */
export function isValidAnswer(field: Field, value: unknown): value is AnswerValue {
  if (field.type === 'number') return typeof value === 'number' && Number.isSafeInteger(value) && value >= field.min && value <= field.max;
  if (field.type === 'checkboxes' ? !Array.isArray(value) : typeof value !== 'string') return false;
  const result = validateField(field, value);
  return result.error === undefined && sameAnswer(result.answer, value);
}

/** A stored answer as the form shows it again (prefilled when the visitor comes back to change it). */
export function formValueOf(answer: AnswerValue | undefined): FormValue {
  if (answer === undefined) return '';
  return typeof answer === 'number' ? String(answer) : answer;
}

function validateText(field: TextField, raw: unknown, bracketed: boolean): FieldResult {
  if (bracketed || (raw !== undefined && typeof raw !== 'string')) return { value: '', error: `Send ${field.noun} once, as plain text` };
  const value = (raw ?? '').trim();
  if (value.length === 0) return { value, error: `Enter ${field.noun}` };
  if (codePointLength(value) > field.maxLength) return { value, error: `${field.label} must be ${field.maxLength} characters or fewer` };
  if (CONTROL_CHARACTER.test(value)) return { value, error: `${field.label} must not contain control characters such as tabs or line breaks` };
  return { value, answer: value };
}

function validateTextarea(field: TextareaField, raw: unknown, bracketed: boolean): FieldResult {
  if (bracketed || (raw !== undefined && typeof raw !== 'string')) return { value: '', error: `Send ${field.noun} once, as plain text` };
  // Browsers send a textarea's line breaks as CRLF; one newline character is kept for each.
  const value = (raw ?? '').replace(/\r\n?/g, '\n').trim();
  const length = codePointLength(value);
  if (length === 0) return { value, error: `Enter ${field.noun}` };
  if (length < field.minLength) return { value, error: `${field.label} must be ${field.minLength} characters or more` };
  if (length > field.maxLength) return { value, error: `${field.label} must be ${field.maxLength} characters or fewer` };
  if (CONTROL_BUT_NEWLINE.test(value)) return { value, error: `${field.label} must not contain control characters such as tabs (line breaks are fine)` };
  return { value, answer: value };
}

function validateRadios(field: RadiosField, raw: unknown, bracketed: boolean): FieldResult {
  if (bracketed || (raw !== undefined && typeof raw !== 'string')) return { value: '', error: `Select only one option for ${field.label.toLowerCase()}` };
  if (raw === undefined || raw === '') return { value: '', error: `Select ${field.noun}` };
  if (!field.options.some((o) => o.value === raw)) return { value: '', error: `Select ${field.noun} from the list` };
  return { value: raw, answer: raw };
}

function validateCheckboxes(field: CheckboxesField, raw: unknown, bracketed: boolean): FieldResult {
  // A repeated field arrives as an array, a single one as a string, none at all as nothing: no choice is an answer too.
  const sent = raw === undefined ? [] : typeof raw === 'string' ? [raw] : Array.isArray(raw) ? (raw as unknown[]) : undefined;
  if (bracketed || sent === undefined || !sent.every((v) => typeof v === 'string')) {
    return { value: [], error: `Choose ${field.noun} from the list` };
  }
  const known = field.options.filter((o) => sent.includes(o.value)).map((o) => o.value);
  if (known.length !== new Set(sent).size) return { value: known, error: `Choose ${field.noun} from the list` };
  if (sent.length !== known.length) return { value: known, error: `Choose each of the ${field.noun} only once` };
  if (known.length > field.maxChoices) return { value: known, error: `Choose ${field.maxChoices} ${field.noun} or fewer` };
  // Kept in the options' order, whatever order they were sent in.
  return { value: known, answer: known };
}

function validateNumber(field: NumberField, raw: unknown, bracketed: boolean): FieldResult {
  if (bracketed || (raw !== undefined && typeof raw !== 'string')) return { value: '', error: `Send ${field.noun} once, as plain text` };
  const value = (raw ?? '').trim();
  if (value.length === 0) return { value, error: `Enter ${field.noun}` };
  if (!WHOLE_NUMBER.test(value)) return { value, error: `${field.label} must be a whole number, like ${field.min + 1 <= field.max ? field.min + 1 : field.min}` };
  const number = Number(value);
  if (number < field.min || number > field.max) return { value, error: `${field.label} must be between ${field.min} and ${field.max}` };
  return { value, answer: number };
}

function sameAnswer(a: AnswerValue | undefined, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
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

/** `name[]=a` or `name[x]=a`: the body parser keeps these as plain keys; our forms never send them. */
function hasBracketedKey(body: unknown, name: string): boolean {
  if (typeof body !== 'object' || body === null) return false;
  return Object.keys(body).some((key) => key.startsWith(`${name}[`));
}
