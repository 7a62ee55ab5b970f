// Pure validation of one step's form, field type by field type: (step, body) → the answers, what to show again, and any errors.
import { addToDate, isoDate, isRealDate, localToday, parseIsoDate, writtenDate } from './dates';
import {
  askedFields,
  type AnswerValue,
  type Answers,
  type CheckboxesField,
  type DateField,
  type Field,
  type NumberField,
  type RadiosField,
  type Step,
  type TextareaField,
  type TextField,
} from './journey';

export type { AnswerValue, Answers };

/** A date as typed: its three boxes. */
export interface DateParts {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

/** What a form shows in a field: the text typed, the options ticked, or a date's three boxes. */
export type FormValue = string | readonly string[] | DateParts;

/** What a step's rules may read besides the form: today's date (tests pass their own), and the answers stored so far. */
export interface ValidationContext {
  /** `YYYY-MM-DD`: the day date bounds count from. */
  readonly today?: string;
  /** The journey's answers stored so far, for a field's own rule. */
  readonly answers?: Answers;
}

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

// C0 and C1 control characters (tabs, line breaks, NUL, escape…).
const CONTROL_CHARACTER = /\p{Cc}/u;
const CONTROL_BUT_NEWLINE = /[^\P{Cc}\n]/u;
// Invisible characters that change or hide what is shown: format characters (zero-width space, bidi overrides and
// isolates, direction marks, the BOM, soft hyphens, tag characters) and the line and paragraph separators (U+2028,
// U+2029). Zero-width joiner and non-joiner (U+200D, U+200C) stay: emoji sequences and several scripts need them.
const INVISIBLE = /[\p{Cf}\u2028\u2029]/u;
const JOINERS = /[\u200c\u200d]/gu;
// A character a person can see: a letter, a digit, punctuation or a symbol (emoji are symbols). An answer needs one.
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
const WHOLE_NUMBER = /^[0-9]{1,15}$/;

/**
 * A step's form checked: each field the step asks (its own, and those revealed by the option the form chose; a
 * revealed field of another option is neither checked nor kept), by its type's rule and then its own.
 */
export function validateStep(step: Step, body: unknown, context: ValidationContext = {}): StepValidation {
  const values: Record<string, FormValue> = {};
  const answers: Record<string, AnswerValue> = {};
  const errors: FieldError[] = [];
  const sentChoices: Record<string, AnswerValue> = {};
  for (const field of step.fields) {
    const raw = ownValue(body, field.name);
    if (field.type === 'radios' && typeof raw === 'string') sentChoices[field.name] = raw;
  }
  for (const field of askedFields(step, sentChoices)) {
    const raw = field.type === 'date' ? dateParts(body, field.name) : ownValue(body, field.name);
    const bracketed = field.type === 'date' ? ['day', 'month', 'year'].some((part) => hasBracketedKey(body, `${field.name}-${part}`)) : hasBracketedKey(body, field.name);
    const result = validateField(field, raw, bracketed, context);
    values[field.name] = result.value;
    if (result.error !== undefined) errors.push({ field: field.name, message: result.error });
    else if (result.answer !== undefined) answers[field.name] = result.answer;
  }
  return { values, answers, errors };
}

/**
 * One field's rule: its type's, then (for an answer given) its own `validate`. `raw` is what the body parser made of
 * it: a string, an array for a repeated field, undefined when absent (for a date, its three parts). `bracketed` is
 * true when the body also had `name[]` or `name[x]`, which only a crafted request sends.
 */
export function validateField(field: Field, raw: unknown, bracketed = false, context: ValidationContext = {}): FieldResult {
  const result = typeRule(field, raw, bracketed, context);
  if (result.error !== undefined || result.answer === undefined || result.answer === null || field.validate === undefined) return result;
  const message = (field.validate as (value: AnswerValue, answers: Answers) => string | undefined)(result.answer, context.answers ?? {});
  return message === undefined ? result : { value: result.value, error: message };
}

function typeRule(field: Field, raw: unknown, bracketed: boolean, context: ValidationContext): FieldResult {
  if (field.optional === true && isNothing(raw) && !bracketed) return { value: field.type === 'date' ? EMPTY_DATE : '', answer: null };
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
    case 'date':
      return validateDate(field, raw, bracketed, context.today ?? localToday());
  }
}

const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** Nothing typed: absent, or only spaces (for a date, in every box). */
function isNothing(raw: unknown): boolean {
  if (raw === undefined) return true;
  if (typeof raw === 'string') return raw.trim() === '';
  if (isDateParts(raw)) return [raw.day, raw.month, raw.year].every((part) => part.trim() === '');
  return false;
}

/**
 * Whether a value read back from the session is one this field could have stored (anything else is dropped). The
 * type's rule and shape only: a field's own rule and a date's bounds were checked when it was given.
 */
export function isValidAnswer(field: Field, value: unknown): value is AnswerValue {
  if (value === null) return field.optional === true;
  if (field.type === 'number') return typeof value === 'number' && Number.isSafeInteger(value) && value >= field.min && value <= field.max;
  if (field.type === 'date') return typeof value === 'string' && parseIsoDate(value) !== undefined;
  if (field.type === 'checkboxes' ? !Array.isArray(value) : typeof value !== 'string') return false;
  const result = typeRule(field, value, false, {});
  return result.error === undefined && sameAnswer(result.answer, value);
}

/** A stored answer as the form shows it again (prefilled when the visitor comes back to change it). */
export function formValueOf(field: Field, answer: AnswerValue | undefined): FormValue {
  if (field.type === 'date') {
    const date = typeof answer === 'string' ? parseIsoDate(answer) : undefined;
    return date === undefined ? EMPTY_DATE : { day: String(date.day), month: String(date.month), year: String(date.year) };
  }
  if (field.type === 'checkboxes') return Array.isArray(answer) ? (answer as readonly string[]) : [];
  if (typeof answer === 'number') return String(answer);
  return typeof answer === 'string' ? answer : '';
}

export function isDateParts(value: unknown): value is DateParts {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'day' in value;
}

function validateText(field: TextField, raw: unknown, bracketed: boolean): FieldResult {
  if (bracketed || (raw !== undefined && typeof raw !== 'string')) return { value: '', error: `Send ${field.noun} once, as plain text` };
  const value = (raw ?? '').trim();
  if (!VISIBLE.test(value)) return { value, error: `Enter ${field.noun}` };
  if (codePointLength(value) > field.maxLength) return { value, error: `${field.label} must be ${field.maxLength} characters or fewer` };
  if (CONTROL_CHARACTER.test(value)) return { value, error: `${field.label} must not contain control characters such as tabs or line breaks` };
  if (INVISIBLE.test(value.replace(JOINERS, ''))) return { value, error: invisibleMessage(field) };
  return { value, answer: value };
}

function validateTextarea(field: TextareaField, raw: unknown, bracketed: boolean): FieldResult {
  if (bracketed || (raw !== undefined && typeof raw !== 'string')) return { value: '', error: `Send ${field.noun} once, as plain text` };
  // Browsers send a textarea's line breaks as CRLF; one newline character is kept for each.
  const value = (raw ?? '').replace(/\r\n?/g, '\n').trim();
  const length = codePointLength(value);
  if (!VISIBLE.test(value)) return { value, error: `Enter ${field.noun}` };
  if (length < field.minLength) return { value, error: `${field.label} must be ${field.minLength} characters or more` };
  if (length > field.maxLength) return { value, error: `${field.label} must be ${field.maxLength} characters or fewer` };
  if (CONTROL_BUT_NEWLINE.test(value)) return { value, error: `${field.label} must not contain control characters such as tabs (line breaks are fine)` };
  if (INVISIBLE.test(value.replace(JOINERS, ''))) return { value, error: invisibleMessage(field) };
  return { value, answer: value };
}

function invisibleMessage(field: TextField | TextareaField): string {
  return `${field.label} must not contain invisible characters such as zero-width spaces, direction marks or line separators`;
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

/** A date's three boxes from the body (`<name>-day`, `-month`, `-year`); a box sent twice or as a list reads as wrong. */
function dateParts(body: unknown, name: string): DateParts | string[] {
  const parts = ['day', 'month', 'year'].map((part) => ownValue(body, `${name}-${part}`));
  if (parts.some((part) => part !== undefined && typeof part !== 'string')) return [];
  const [day = '', month = '', year = ''] = parts as (string | undefined)[];
  return { day, month, year };
}

const DATE_PARTS = ['day', 'month', 'year'] as const;
const DIGITS = /^[0-9]+$/;

function validateDate(field: DateField, raw: unknown, bracketed: boolean, today: string): FieldResult {
  if (bracketed || !isDateParts(raw)) return { value: EMPTY_DATE, error: `Send ${field.noun} once, as a day, a month and a year` };
  const value: DateParts = { day: raw.day.trim(), month: raw.month.trim(), year: raw.year.trim() };
  const missing = DATE_PARTS.filter((part) => value[part] === '');
  if (missing.length === 3) return { value, error: `Enter ${field.noun}` };
  if (missing.length > 0) return { value, error: `${field.label} must include a ${listed(missing)}` };
  const day = DIGITS.test(value.day) && value.day.length <= 2 ? Number(value.day) : NaN;
  const month = DIGITS.test(value.month) && value.month.length <= 2 ? Number(value.month) : NaN;
  if (!(day >= 1 && day <= 31)) return { value, error: 'Day must be a real day, from 1 to 31' };
  if (!(month >= 1 && month <= 12)) return { value, error: 'Month must be a real month, from 1 to 12' };
  if (!/^[0-9]{4}$/.test(value.year) || Number(value.year) < 1000) return { value, error: 'Year must be 4 numbers, like 2027' };
  const date = { year: Number(value.year), month, day };
  if (!isRealDate(date)) return { value, error: `${field.label} must be a real date: ${MONTH_NAMES[month - 1] ?? ''} ${date.year} has ${daysIn(date)} days` };
  const iso = isoDate(date);
  if (field.earliest !== undefined) {
    const earliest = addToDate(today, field.earliest);
    if (iso < earliest) return { value, error: earliest === today ? `${field.label} must be today or in the future` : `${field.label} must be on or after ${writtenDate(earliest)}` };
  }
  if (field.latest !== undefined) {
    const latest = addToDate(today, field.latest);
    if (iso > latest) return { value, error: latest === today ? `${field.label} must be today or in the past` : `${field.label} must be on or before ${writtenDate(latest)}` };
  }
  return { value, answer: iso };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function daysIn(date: { year: number; month: number }): number {
  return new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
}

/** "day", "day and year", "day, month and year". */
function listed(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
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
