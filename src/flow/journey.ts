// The journey format: a journey is data (its steps, each step's fields, and which page comes next), and one engine serves them all.

/** Each journey keeps its answers in its own part of the session, under this id (lower case letters, digits, dashes). */
export type JourneyId = string;

export interface Option {
  /** What the form sends and the session keeps: lower case letters, digits and dashes. */
  readonly value: string;
  /** What the visitor reads, beside the input, on the check page and in the footer. */
  readonly label: string;
}

interface FieldBase {
  /** The form field's name, and the key its answer is stored under. */
  readonly name: string;
  /** Beside the input (or the fieldset's legend), on the check page and in the footer ("First name: …"). */
  readonly label: string;
  /** How messages name the answer ("Enter your first name", "Select a size"). */
  readonly noun: string;
  readonly hint?: string;
}

/** One line of text: trimmed, 1 to `maxLength` characters, no control characters. */
export interface TextField extends FieldBase {
  readonly type: 'text';
  readonly maxLength: number;
  /** The browser's autofill hint (https://html.spec.whatwg.org/#autofill-field). */
  readonly autocomplete?: string;
}

/** Several lines: trimmed, `minLength` to `maxLength` characters, newlines allowed (CRLF kept as LF), no other control characters. */
export interface TextareaField extends FieldBase {
  readonly type: 'textarea';
  readonly minLength: number;
  readonly maxLength: number;
  readonly autocomplete?: string;
}

/** Exactly one of the options. */
export interface RadiosField extends FieldBase {
  readonly type: 'radios';
  readonly options: readonly Option[];
}

/** None to `maxChoices` of the options, sent as a repeated field (none sent: none chosen). */
export interface CheckboxesField extends FieldBase {
  readonly type: 'checkboxes';
  readonly options: readonly Option[];
  readonly maxChoices: number;
  /** How the check page and the footer show an empty choice ("None"). */
  readonly noneLabel: string;
}

/** A whole number from `min` to `max`. */
export interface NumberField extends FieldBase {
  readonly type: 'number';
  readonly min: number;
  readonly max: number;
}

export type Field = TextField | TextareaField | RadiosField | CheckboxesField | NumberField;
export type FieldType = Field['type'];

/** A branch: when `field`'s answer is `value` (or, for checkboxes, includes it), go to `next`. */
export interface NextRule {
  readonly field: string;
  readonly value: string;
  readonly next: string;
}

/**
 * Which page follows a step: a step's slug (or the check page's), or, as in HMPO's form wizard, rules tried in order
 * and a default last: `[{ field: 'method', value: 'delivery', next: 'address' }, 'check']`.
 */
export type Next = string | readonly [...NextRule[], string];

export interface Step {
  /** Its URL is the journey's base path, a slash and this slug ("/order" + "/size"). Also the step's id in `next`. */
  readonly slug: string;
  /** The page's <title> and <h1>. */
  readonly title: string;
  readonly fields: readonly Field[];
  readonly next: Next;
}

/** A journey that ends in something placed (an order): a reference, a one-time "done" page, and a way to cancel. */
export interface Placing {
  /** The check page's button ("Place order"). */
  readonly button: string;
  /** Slug of the page shown once after placing. */
  readonly doneSlug: string;
  readonly doneTitle: string;
  /** Slug of the POST that forgets this journey's answers (and nothing else). */
  readonly cancelSlug: string;
  readonly cancelButton: string;
}

export interface Journey {
  readonly id: JourneyId;
  /** Names this journey's part of the session, in the footer and the inspector. */
  readonly label: string;
  /** '' for pages at the root (/page1), '/order' for pages under /order. */
  readonly basePath: string;
  /** The journey starts at the first step; `next` leads on from there, always forwards in this list. */
  readonly steps: readonly Step[];
  /** The page that lists every answer with a "Change" link, once the path is answered. */
  readonly check: { readonly slug: string; readonly title: string; readonly lead?: string };
  readonly placing?: Placing;
  /** How the home page offers it: a heading and a line above its button (the first journey's button is the main one). */
  readonly home?: JourneyHome;
}

export interface JourneyHome {
  readonly heading?: string;
  readonly text?: string;
  /** The button's words ("Get started"); the journey's label when not given. */
  readonly button?: string;
}

export function stepPath(journey: Journey, step: Step): string {
  return `${journey.basePath}/${step.slug}`;
}

export function checkPath(journey: Journey): string {
  return `${journey.basePath}/${journey.check.slug}`;
}

/** The page shown once after placing, and the POST that cancels (for a journey that is placed). */
export function placingPaths(journey: Journey, placing: Placing): { done: string; cancel: string } {
  return { done: `${journey.basePath}/${placing.doneSlug}`, cancel: `${journey.basePath}/${placing.cancelSlug}` };
}

/** The slugs of every page of the journey: its steps, its check page, and its done and cancel pages when it is placed. */
export function pageSlugs(journey: Journey): string[] {
  const placing = journey.placing ? [journey.placing.doneSlug, journey.placing.cancelSlug] : [];
  return [...journey.steps.map((step) => step.slug), journey.check.slug, ...placing];
}

export function stepBySlug(journey: Journey, slug: string): Step | undefined {
  return journey.steps.find((step) => step.slug === slug);
}

export function journeyFields(journey: Journey): readonly Field[] {
  return journey.steps.flatMap((step) => step.fields);
}

export class JourneyError extends Error {
  override name = 'JourneyError';
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const JOURNEY_ID = /^[a-z0-9][a-z0-9-]*$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const OPTION_VALUE = /^[a-z0-9][a-z0-9-]*$/;
/** Names a form must not use for answers: the CSRF field, the placed order's key, and keys that reach an object's prototype. */
const RESERVED_NAMES = new Set(['_csrf', 'placed', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);

/**
 * Checks a journey once, when it is defined, and returns it: a mistake in the data (an unknown `next`, a branch on a
 * field not yet asked, a loop) stops the app at start-up with a message naming it, never a visitor mid-journey.
 */
export function defineJourney(journey: Journey): Journey {
  const problems = journeyProblems(journey);
  if (problems.length > 0) throw new JourneyError(`journey "${journey.id}": ${problems.join('; ')}`);
  return journey;
}

export function journeyProblems(journey: Journey): string[] {
  const problems: string[] = [];
  if (!JOURNEY_ID.test(journey.id) || RESERVED_NAMES.has(journey.id)) problems.push(`id "${journey.id}" must be lower case letters, digits and dashes`);
  const pageSlugs = [journey.check.slug, journey.placing?.doneSlug, journey.placing?.cancelSlug].filter((s) => s !== undefined);
  if (journey.basePath !== '' && !/^(\/[a-z0-9-]+)+$/.test(journey.basePath)) problems.push(`base path "${journey.basePath}" must be '' or like "/order"`);
  if (journey.steps.length === 0) problems.push('it has no steps');
  for (const slug of [...journey.steps.map((s) => s.slug), ...pageSlugs]) {
    if (!SLUG.test(slug)) problems.push(`slug "${slug}" must be lower case letters, digits and dashes`);
  }
  if (new Set([...journey.steps.map((s) => s.slug), ...pageSlugs]).size !== journey.steps.length + pageSlugs.length) {
    problems.push('two pages share a slug');
  }
  const fieldStep = new Map<string, number>();
  journey.steps.forEach((step, index) => {
    if (step.fields.length === 0) problems.push(`step "${step.slug}" has no fields`);
    for (const field of step.fields) {
      if (fieldStep.has(field.name)) problems.push(`field "${field.name}" is declared twice`);
      fieldStep.set(field.name, index);
      problems.push(...fieldProblems(field));
    }
  });
  const targeted = new Set<string>();
  journey.steps.forEach((step, index) => {
    const rules = typeof step.next === 'string' ? [step.next] : step.next;
    if (typeof rules[rules.length - 1] !== 'string') problems.push(`step "${step.slug}": next must end with a default page`);
    for (const rule of rules) {
      const target = typeof rule === 'string' ? rule : rule.next;
      targeted.add(target);
      const targetIndex = journey.steps.findIndex((s) => s.slug === target);
      // Forwards only: every path is then finite, and a step's branches can only read answers given before it.
      if (target !== journey.check.slug && targetIndex <= index) {
        problems.push(`step "${step.slug}": next "${target}" must be a later step or "${journey.check.slug}"`);
      }
      if (typeof rule === 'string') continue;
      const ruleFieldStep = fieldStep.get(rule.field);
      if (ruleFieldStep === undefined || ruleFieldStep > index) {
        problems.push(`step "${step.slug}": a branch reads "${rule.field}", which is not asked on this step or before it`);
        continue;
      }
      const field = journey.steps[ruleFieldStep]?.fields.find((f) => f.name === rule.field);
      if (field && 'options' in field && !field.options.some((o) => o.value === rule.value)) {
        problems.push(`step "${step.slug}": "${rule.value}" is not an option of "${rule.field}"`);
      }
    }
  });
  journey.steps.slice(1).forEach((step) => {
    if (!targeted.has(step.slug)) problems.push(`step "${step.slug}" is never reached by any next`);
  });
  return problems;
}

function fieldProblems(field: Field): string[] {
  const problems: string[] = [];
  if (!FIELD_NAME.test(field.name) || RESERVED_NAMES.has(field.name)) problems.push(`field name "${field.name}" is not allowed`);
  switch (field.type) {
    case 'text':
      if (!(field.maxLength >= 1)) problems.push(`field "${field.name}": maxLength must be at least 1`);
      break;
    case 'textarea':
      if (!(field.minLength >= 1 && field.maxLength >= field.minLength)) problems.push(`field "${field.name}": needs 1 <= minLength <= maxLength`);
      break;
    case 'number':
      if (!(Number.isSafeInteger(field.min) && Number.isSafeInteger(field.max) && field.min <= field.max)) {
        problems.push(`field "${field.name}": min and max must be whole numbers, min <= max`);
      }
      break;
    case 'radios':
    case 'checkboxes':
      if (field.options.length === 0) problems.push(`field "${field.name}" has no options`);
      if (new Set(field.options.map((o) => o.value)).size !== field.options.length) problems.push(`field "${field.name}" repeats an option`);
      for (const option of field.options) {
        if (!OPTION_VALUE.test(option.value)) problems.push(`field "${field.name}": option "${option.value}" must be lower case letters, digits and dashes`);
      }
      if (field.type === 'checkboxes' && !(Number.isSafeInteger(field.maxChoices) && field.maxChoices >= 1)) {
        problems.push(`field "${field.name}": maxChoices must be at least 1`);
      }
      break;
  }
  return problems;
}
