// The journey format: a journey is data (its steps, each step's fields, and which page comes next), and one engine serves them all.

/** Each journey keeps its answers in its own part of the session, under this id (lower case letters, digits, dashes). */
export type JourneyId = string;

/** A stored answer: text, a chosen option and a date (ISO `YYYY-MM-DD`) are strings, a number is a number, checkboxes
 * the chosen values; `null` is an optional answer not given. */
export type ScalarAnswer = string | number | readonly string[] | null;
/** One item of a collection ("add another"): its own random id (its pages' URLs name it), and its answers by field name. */
export type Item = Readonly<Record<string, ScalarAnswer>> & { readonly id: string };
/** A collection's answer is its items, in the order they were added. */
export type AnswerValue = ScalarAnswer | readonly Item[];
export type Answers = Readonly<Record<string, AnswerValue>>;

/** A field's own rule: a message when the value is wrong, undefined when it is fine. Runs after the type's rule. */
export type FieldRule<V> = (value: V, answers: Answers) => string | undefined;

export interface Option {
  /** What the form sends and the session keeps: lower case letters, digits and dashes. */
  readonly value: string;
  /** What the visitor reads, beside the input, on the check page and in the footer. */
  readonly label: string;
}

/** A radio option may reveal fields: shown under it, asked only when it is chosen, dropped when another one is. */
export interface RadioOption extends Option {
  readonly reveals?: readonly RevealableField[];
}

interface FieldBase<V> {
  /** The form field's name, and the key its answer is stored under. */
  readonly name: string;
  /** Beside the input (or the fieldset's legend), on the check page, in the footer and in "Change <label>". */
  readonly label: string;
  /** How messages name the answer ("Enter your first name", "Select a size"). */
  readonly noun: string;
  readonly hint?: string;
  /** No answer is an answer too (stored as null): the check page shows `notGiven` (or the journey's word, or "Not given"). */
  readonly optional?: boolean;
  readonly notGiven?: string;
  /** The field's own rule, after its type's: `(value, answers) => message | undefined`. `answers` are the journey's
   * answers stored so far (the step's own earlier fields not among them). */
  readonly validate?: FieldRule<V>;
}

/** One line of text: trimmed, 1 to `maxLength` characters, no control or format characters, not only invisible ones. */
export interface TextField extends FieldBase<string> {
  readonly type: 'text';
  readonly maxLength: number;
  /** The browser's autofill hint (https://html.spec.whatwg.org/#autofill-field). */
  readonly autocomplete?: string;
}

/** Several lines: trimmed, `minLength` to `maxLength` characters, newlines allowed (CRLF kept as LF), no other control or format characters, not only invisible ones. */
export interface TextareaField extends FieldBase<string> {
  readonly type: 'textarea';
  readonly minLength: number;
  readonly maxLength: number;
  readonly autocomplete?: string;
}

/** Exactly one of the options; an option may reveal fields of its own. */
export interface RadiosField extends FieldBase<string> {
  readonly type: 'radios';
  readonly options: readonly RadioOption[];
}

/** None to `maxChoices` of the options, sent as a repeated field (none sent: none chosen). */
export interface CheckboxesField extends FieldBase<readonly string[]> {
  readonly type: 'checkboxes';
  readonly options: readonly Option[];
  readonly maxChoices: number;
  /** How the check page and the footer show an empty choice ("None"). */
  readonly noneLabel: string;
}

/** A whole number from `min` to `max`. */
export interface NumberField extends FieldBase<number> {
  readonly type: 'number';
  readonly min: number;
  readonly max: number;
}

/** Days, months and years from today ({} is today; `{ years: 1 }` one year from today). */
export interface FromToday {
  readonly days?: number;
  readonly months?: number;
  readonly years?: number;
}

/**
 * A calendar date, typed as day, month and year (inputs `<name>-day`, `<name>-month`, `<name>-year`, as the GOV.UK
 * date input names them), stored as `YYYY-MM-DD`, shown written out ("Saturday 6 March 2027").
 */
export interface DateField extends FieldBase<string> {
  readonly type: 'date';
  /** The earliest date accepted, from the day the answer is given. */
  readonly earliest?: FromToday;
  readonly latest?: FromToday;
}

export type Field = TextField | TextareaField | RadiosField | CheckboxesField | NumberField | DateField;
/** A field an option may reveal: any but radios (one level of revealing only). */
export type RevealableField = Exclude<Field, RadiosField>;
export type FieldType = Field['type'];

/** A branch: when `field`'s answer is `value` (or, for checkboxes, includes it), go to `next`. The short form. */
export interface EqualsRule<Target extends string = string> {
  readonly field: string;
  readonly value: string;
  readonly next: Target;
}

/**
 * A branch on anything the answers say (a range, several answers): a named function, as in CASA's plans
 * (`function largeParty(answers) { … }`). It sees only the answers asked on the path up to its step.
 */
export type Condition = (answers: Answers) => boolean;

export interface WhenRule<Target extends string = string> {
  readonly when: Condition;
  readonly next: Target;
}

export type NextRule<Target extends string = string> = EqualsRule<Target> | WhenRule<Target>;

/**
 * Which page follows a step: a step's slug (or the check page's), or, as in HMPO's form wizard, rules tried in order
 * and a default last: `[{ field: 'method', value: 'delivery', next: 'address' }, 'check']`.
 */
export type Next<Target extends string = string> = Target | readonly [...NextRule<Target>[], Target];

export interface Step<Slug extends string = string, Target extends string = string, F extends Field = Field> {
  /** Its URL is the journey's base path, a slash and this slug ("/order" + "/size"). Also the step's id in `next`. */
  readonly slug: Slug;
  /** The page's <title> and <h1>; on a page of one question, that question's label or legend too. */
  readonly title: string;
  readonly fields: readonly F[];
  readonly next: Next<Target>;
  /** A collection step ("add another"): its fields are `[]`, its items' fields are the collection's. */
  readonly collection?: Collection;
}

/**
 * A list the visitor builds one item at a time (the "add to a list" pattern): a list page at the step's URL with
 * "add another?", an item's page to add (`/add`) and to change (`/<id>`), and "are you sure" to remove (`/<id>/remove`).
 * Stored as an array under `name`, each item `{ id, ...its answers }`; the step is answered once the visitor has said
 * "no more" (`addAnother` stored as 'no') with `min` to `max` items.
 */
export interface Collection {
  /** The key the items are stored under. */
  readonly name: string;
  /** How one item and several are called ("guest", "guests"). */
  readonly one: string;
  readonly many: string;
  /** An item's questions, asked on one page. */
  readonly fields: readonly Field[];
  /** The field whose answer names an item, in the list and in "Are you sure you want to remove …?". */
  readonly itemLabel: string;
  /** Fewest items for the step to be answered: 1 by default. */
  readonly min?: number;
  readonly max: number;
  /** The list page's radios (`yes` / `no`), asked while there is room for another. */
  readonly addAnother: { readonly name: string; readonly question: string };
  /** The headings of the item's pages ("Add a guest", "Change a guest"). */
  readonly addTitle: string;
  readonly changeTitle: string;
}

/** A collection step as a journey is written: no fields of its own. */
export interface CollectionStep<Slug extends string = string, Target extends string = string> {
  readonly slug: Slug;
  readonly title: string;
  readonly collection: Collection;
  readonly next: Next<Target>;
}

/**
 * A journey's steps grouped into sections, shown at the journey's base path as a task list (the GOV.UK "complete
 * multiple tasks" pattern). Each section's status is worked out from the answers; nothing is stored for it.
 */
export interface TaskList<Slug extends string = string> {
  /** The task list page's heading ("Plan a party"). */
  readonly title: string;
  readonly sections: readonly Section<Slug>[];
  /** The last task, the check page ("Send invitations"): it cannot start until every section is completed. */
  readonly checkTask: string;
}

export interface Section<Slug extends string = string> {
  readonly title: string;
  /** Its steps, in the journey's order; every step is in one section. */
  readonly steps: readonly Slug[];
  /** Titles of earlier sections that must be completed before this one can start. */
  readonly requires?: readonly string[];
}

/**
 * A journey that ends in something sent (an order): the check page's button sends it, a one-time "done" page shows
 * its reference and what was sent, and a cancel button forgets the journey's answers.
 */
export interface Submit {
  /** The check page's button ("Place order"). */
  readonly button: string;
  /** The done page's heading ("Order placed"). */
  readonly doneTitle: string;
  /** The heading above what was sent, on the done page ("What you ordered"); "What you sent" by default. */
  readonly sentHeading?: string;
  /** Below it ("Write the reference down…"); a line saying the page is shown once by default. */
  readonly doneNote?: string;
  /** Every page's cancel button ("Cancel order"). */
  readonly cancelButton: string;
  /** Slug of the page shown once after sending: 'done' by default. */
  readonly doneSlug?: string;
  /** Slug the cancel button posts to: 'cancel' by default. */
  readonly cancelSlug?: string;
  /**
   * What sending does, with the path's answers and the reference the visitor will be given. Runs before anything is
   * stored: when it throws, nothing is sent as far as the visitor is told (an error page), and their answers stay.
   */
  readonly send?: (answers: Answers, sent: { readonly reference: string }) => Promise<void> | void;
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
  /** How an optional answer not given reads on the check page: "Not given" by default. */
  readonly notGiven?: string;
  readonly submit?: Submit;
  /** How the home page offers it: a heading and a line above its button (the first journey's button is the main one). */
  readonly home?: JourneyHome;
  /** Sections and a task list at the base path (which then cannot be ''). */
  readonly taskList?: TaskList;
}

export interface JourneyHome {
  readonly heading?: string;
  readonly text?: string;
  /** The button's words ("Get started"); the journey's label when not given. */
  readonly button?: string;
}

/** The done and cancel slugs of a journey that is sent, defaults applied. */
export function submitSlugs(submit: Submit): { done: string; cancel: string } {
  return { done: submit.doneSlug ?? 'done', cancel: submit.cancelSlug ?? 'cancel' };
}

export function stepUrl(journey: Journey, step: Step): string {
  return `${journey.basePath}/${step.slug}`;
}

export function checkUrl(journey: Journey): string {
  return `${journey.basePath}/${journey.check.slug}`;
}

/** The page shown once after sending, and the POST that cancels (for a journey that is sent). */
export function submitUrls(journey: Journey, submit: Submit): { done: string; cancel: string } {
  const slugs = submitSlugs(submit);
  return { done: `${journey.basePath}/${slugs.done}`, cancel: `${journey.basePath}/${slugs.cancel}` };
}

/** The slugs of every page of the journey: its steps, its check page, and its done and cancel pages when it is placed. */
export function pageSlugs(journey: Journey): string[] {
  const sent = journey.submit ? Object.values(submitSlugs(journey.submit)) : [];
  return [...journey.steps.map((step) => step.slug), journey.check.slug, ...sent];
}

export function stepBySlug(journey: Journey, slug: string): Step | undefined {
  return journey.steps.find((step) => step.slug === slug);
}

/** Every field a journey declares, revealed ones included. */
export function journeyFields(journey: Journey): readonly Field[] {
  const fields: Field[] = [];
  for (const step of journey.steps) fields.push(...stepFields(step));
  return fields;
}

/** A step's fields, each followed by those its options reveal. */
export function stepFields(step: Step): readonly Field[] {
  const fields: Field[] = [];
  for (const field of step.fields) fields.push(field, ...revealedFields(field));
  return fields;
}

export function revealedFields(field: Field): readonly Field[] {
  return field.type === 'radios' ? field.options.flatMap((option) => option.reveals ?? []) : [];
}

/**
 * The fields a step asks, given the answers: its own, and those revealed by the option chosen (an answer in
 * `answers`). A revealed field whose option is not chosen is not asked, so it is neither required nor kept.
 */
export function askedFields(step: Step, answers: Answers): readonly Field[] {
  const asked: Field[] = [];
  for (const field of step.fields) {
    asked.push(field);
    if (field.type !== 'radios') continue;
    const chosen = field.options.find((option) => option.value === answers[field.name]);
    if (chosen?.reveals) asked.push(...chosen.reveals);
  }
  return asked;
}

/** The keys a step's answers are stored under, given the answers: its asked fields', or a collection's list and "add another?". */
export function askedNames(step: Step, answers: Answers): readonly string[] {
  if (step.collection) return [step.collection.name, step.collection.addAnother.name];
  return askedFields(step, answers).map((field) => field.name);
}

/** The sections of a journey with a task list (none for one without). */
export function sectionOf(journey: Journey, step: Step): Section | undefined {
  return journey.taskList?.sections.find((section) => section.steps.includes(step.slug));
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

// The types a journey's definition is checked against: its slugs are inferred from the steps (`const` type
// parameters), so a `next` naming a slug that is not there is a type error, not only a start-up error.

/** A journey as written: each step's `next` may name only the journey's own slugs (NoInfer: a typo adds none). */
export interface JourneySpec<Slug extends string, CheckSlug extends string, F extends Field> extends Omit<Journey, 'steps' | 'check' | 'taskList'> {
  readonly steps: readonly (Step<Slug, NoInfer<Slug | CheckSlug>, F> | CollectionStep<Slug, NoInfer<Slug | CheckSlug>>)[];
  readonly taskList?: TaskList<NoInfer<Slug>>;
  readonly check: { readonly slug: CheckSlug; readonly title: string; readonly lead?: string };
}

declare const fieldTypes: unique symbol;

/** A journey that remembers its fields' types, for AnswersOf. */
export interface TypedJourney<F extends Field = Field> extends Journey {
  readonly [fieldTypes]?: F;
}

type Revealed<F> = F extends { readonly options: readonly (infer O)[] } ? (O extends { readonly reveals: readonly (infer R)[] } ? R : never) : never;
type OptionValues<F> = F extends { readonly options: readonly (infer O)[] } ? (O extends { readonly value: infer V extends string } ? V : never) : never;
type ValueOf<F> =
  | (F extends { readonly type: 'number' }
      ? number
      : F extends { readonly type: 'radios' }
        ? OptionValues<F>
        : F extends { readonly type: 'checkboxes' }
          ? readonly OptionValues<F>[]
          : string)
  | (F extends { readonly optional: true } ? null : never);

/** The answers a journey may hold, by field name and type (every one may be missing: off the path, or not given yet). */
export type AnswersFrom<F> = { readonly [K in F | Revealed<F> as K extends { readonly name: infer N extends string } ? N : never]?: ValueOf<K> };

/**
 * A journey's answers, typed from its definition: `AnswersOf<typeof partyJourney>` gives `{ guests?: number; venue?:
 * 'hall' | 'home'; … }`, for hooks and tests. (Generic answers when the journey's own functions left its fields untyped.)
 */
export type AnswersOf<J> = J extends TypedJourney<infer F> ? AnswersFrom<F> : never;

/**
 * Checks a journey once, when it is defined, and returns it: a mistake in the data (an unknown `next`, a branch on a
 * field not yet asked, a loop) stops the app at start-up with a message naming it, never a visitor mid-journey.
 * Its fields' types are kept for AnswersOf when its functions (`validate`, `when`) have typed parameters or are
 * named functions defined before it; otherwise the second form applies and the answers are typed generically.
 */
export function defineJourney<const Slug extends string, const CheckSlug extends string, const F extends Field>(
  journey: JourneySpec<Slug, CheckSlug, F>,
): TypedJourney<F>;
export function defineJourney<const Slug extends string, const CheckSlug extends string>(journey: JourneySpec<Slug, CheckSlug, Field>): TypedJourney;
export function defineJourney(spec: JourneySpec<string, string, Field>): TypedJourney {
  // A collection step is kept with no fields of its own.
  const journey: Journey = { ...spec, steps: spec.steps.map((step) => ('fields' in step ? step : { ...step, fields: [] })) };
  const problems = journeyProblems(journey);
  if (problems.length > 0) throw new JourneyError(`journey "${journey.id}": ${problems.join('; ')}`);
  return journey;
}

export function journeyProblems(journey: Journey): string[] {
  const problems: string[] = [];
  if (!JOURNEY_ID.test(journey.id) || RESERVED_NAMES.has(journey.id)) problems.push(`id "${journey.id}" must be lower case letters, digits and dashes`);
  const otherSlugs = pageSlugs(journey).slice(journey.steps.length);
  if (journey.basePath !== '' && !/^(\/[a-z0-9-]+)+$/.test(journey.basePath)) problems.push(`base path "${journey.basePath}" must be '' or like "/order"`);
  if (journey.steps.length === 0) problems.push('it has no steps');
  for (const slug of pageSlugs(journey)) {
    if (!SLUG.test(slug)) problems.push(`slug "${slug}" must be lower case letters, digits and dashes`);
  }
  if (new Set(pageSlugs(journey)).size !== journey.steps.length + otherSlugs.length) problems.push('two pages share a slug');
  const fieldStep = new Map<string, number>();
  journey.steps.forEach((step, index) => {
    if (step.fields.length === 0 && step.collection === undefined) problems.push(`step "${step.slug}" has no fields`);
    for (const field of stepFields(step)) {
      if (fieldStep.has(field.name)) problems.push(`field "${field.name}" is declared twice`);
      fieldStep.set(field.name, index);
      problems.push(...fieldProblems(field));
    }
    if (step.collection) problems.push(...collectionProblems(step, fieldStep));
  });
  const targeted = new Set<string>();
  journey.steps.forEach((step, index) => {
    const rules: readonly (string | NextRule)[] = typeof step.next === 'string' ? [step.next] : step.next;
    if (typeof rules[rules.length - 1] !== 'string') problems.push(`step "${step.slug}": next must end with a default page`);
    rules.forEach((rule, position) => {
      if (typeof rule === 'string' && position < rules.length - 1) problems.push(`step "${step.slug}": next has a default ("${rule}") before its last rule`);
      const target = typeof rule === 'string' ? rule : rule.next;
      targeted.add(target);
      const targetIndex = journey.steps.findIndex((s) => s.slug === target);
      // Forwards only: every path is then finite, and a step's branches can only read answers given before it.
      if (target !== journey.check.slug && targetIndex <= index) {
        problems.push(`step "${step.slug}": next "${target}" must be a later step or "${journey.check.slug}"`);
      }
      if (typeof rule === 'string') return;
      if ('when' in rule) {
        problems.push(...conditionProblems(step, rule.when));
        return;
      }
      const ruleFieldStep = fieldStep.get(rule.field);
      if (ruleFieldStep === undefined || ruleFieldStep > index) {
        problems.push(`step "${step.slug}": a branch reads "${rule.field}", which is not asked on this step or before it`);
        return;
      }
      const field = journey.steps[ruleFieldStep] && stepFields(journey.steps[ruleFieldStep]).find((f) => f.name === rule.field);
      if (field && 'options' in field && !field.options.some((o) => o.value === rule.value)) {
        problems.push(`step "${step.slug}": "${rule.value}" is not an option of "${rule.field}"`);
      }
    });
  });
  journey.steps.slice(1).forEach((step) => {
    if (!targeted.has(step.slug)) problems.push(`step "${step.slug}" is never reached by any next`);
  });
  if (journey.taskList) problems.push(...taskListProblems(journey, journey.taskList));
  if (journey.submit) {
    for (const [key, words] of Object.entries({ button: journey.submit.button, doneTitle: journey.submit.doneTitle, cancelButton: journey.submit.cancelButton })) {
      if (typeof words !== 'string' || words.trim() === '') problems.push(`submit: ${key} must say something`);
    }
    if (journey.submit.send !== undefined && typeof journey.submit.send !== 'function') problems.push('submit: send must be a function');
  }
  return problems;
}

/**
 * A `when` must be a named function (so a plan can be read and drawn: "largeParty", not "when"), and must answer
 * true or false for answers not given yet: it is tried, at start-up, on none.
 */
function conditionProblems(step: Step, when: unknown): string[] {
  if (typeof when !== 'function') return [`step "${step.slug}": when must be a function of the answers`];
  const name = when.name;
  if (name === '' || name === 'when') return [`step "${step.slug}": a when must be a named function (function largeParty(answers) {…}), not an anonymous one`];
  let result: unknown;
  try {
    result = (when as Condition)({});
  } catch (err) {
    return [`step "${step.slug}": when "${name}" fails on answers not given yet (${err instanceof Error ? err.message : String(err)})`];
  }
  return typeof result === 'boolean' ? [] : [`step "${step.slug}": when "${name}" must return true or false`];
}

function fieldProblems(field: Field): string[] {
  const problems: string[] = [];
  if (!FIELD_NAME.test(field.name) || RESERVED_NAMES.has(field.name)) problems.push(`field name "${field.name}" is not allowed`);
  if (field.validate !== undefined && typeof field.validate !== 'function') problems.push(`field "${field.name}": validate must be a function`);
  if (field.optional === true && field.type === 'checkboxes') problems.push(`field "${field.name}": checkboxes cannot be optional (none ticked is already an answer)`);
  if (field.notGiven !== undefined && field.optional !== true) problems.push(`field "${field.name}": notGiven is only for an optional field`);
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
    case 'date':
      for (const [key, bound] of Object.entries({ earliest: field.earliest, latest: field.latest })) {
        if (bound === undefined) continue;
        const parts = Object.entries(bound as Readonly<Record<string, unknown>>);
        if (parts.some(([unit, n]) => !['days', 'months', 'years'].includes(unit) || !Number.isSafeInteger(n))) {
          problems.push(`field "${field.name}": ${key} must be whole days, months or years from today, like { years: 1 }`);
        }
      }
      if (field.earliest && field.latest && offsetDays(field.earliest) > offsetDays(field.latest)) problems.push(`field "${field.name}": earliest is after latest`);
      break;
    case 'radios':
    case 'checkboxes':
      if (field.options.length === 0) problems.push(`field "${field.name}" has no options`);
      if (new Set(field.options.map((o) => o.value)).size !== field.options.length) problems.push(`field "${field.name}" repeats an option`);
      for (const option of field.options) {
        if (!OPTION_VALUE.test(option.value)) problems.push(`field "${field.name}": option "${option.value}" must be lower case letters, digits and dashes`);
        const reveals = (option as RadioOption).reveals;
        if (reveals === undefined) continue;
        if (field.type === 'checkboxes') problems.push(`field "${field.name}": only a radios option may reveal fields`);
        for (const revealed of reveals) {
          if ((revealed as Field).type === 'radios') problems.push(`field "${field.name}": option "${option.value}" reveals radios "${revealed.name}" (one level only)`);
        }
      }
      if (field.type === 'checkboxes' && !(Number.isSafeInteger(field.maxChoices) && field.maxChoices >= 1)) {
        problems.push(`field "${field.name}": maxChoices must be at least 1`);
      }
      break;
  }
  return problems;
}

/** A collection's own mistakes; its stored keys are taken like field names (`fieldStep`: each name's step). */
function collectionProblems(step: Step, fieldStep: Map<string, number>): string[] {
  const collection = step.collection;
  if (collection === undefined) return [];
  const problems: string[] = [];
  if (step.fields.length > 0) problems.push(`step "${step.slug}": a collection step has no fields of its own (its items' are the collection's)`);
  for (const name of [collection.name, collection.addAnother.name]) {
    if (!FIELD_NAME.test(name) || RESERVED_NAMES.has(name) || name === 'id') problems.push(`collection "${collection.name}": name "${name}" is not allowed`);
    if (fieldStep.has(name)) problems.push(`field "${name}" is declared twice`);
    fieldStep.set(name, -1); // a branch's equality rule cannot read a list (a `when` can)
  }
  if (collection.fields.length === 0) problems.push(`collection "${collection.name}" has no fields`);
  const itemFields = collection.fields.flatMap((field) => [field, ...revealedFields(field)]);
  if (new Set(itemFields.map((f) => f.name)).size !== itemFields.length) problems.push(`collection "${collection.name}" declares a field twice`);
  for (const field of itemFields) {
    if (field.name === 'id') problems.push(`collection "${collection.name}": "id" is the item's own id, not a field name`);
    problems.push(...fieldProblems(field));
  }
  if (!collection.fields.some((f) => f.name === collection.itemLabel && f.optional !== true)) {
    problems.push(`collection "${collection.name}": itemLabel "${collection.itemLabel}" must name one of its required fields`);
  }
  const min = collection.min ?? 1;
  if (!(Number.isSafeInteger(min) && Number.isSafeInteger(collection.max) && min >= 0 && collection.max >= Math.max(1, min))) {
    problems.push(`collection "${collection.name}": needs whole numbers 0 <= min <= max, max at least 1`);
  }
  for (const [key, words] of Object.entries({ one: collection.one, many: collection.many, addTitle: collection.addTitle, changeTitle: collection.changeTitle, question: collection.addAnother.question })) {
    if (typeof words !== 'string' || words.trim() === '') problems.push(`collection "${collection.name}": ${key} must say something`);
  }
  return problems;
}

/** Every step in exactly one section, in the steps' order; a section requires only earlier ones; a base path of its own. */
function taskListProblems(journey: Journey, taskList: TaskList): string[] {
  const problems: string[] = [];
  if (journey.basePath === '') problems.push('a journey with a task list needs a base path of its own (the task list is its page)');
  const inOrder = taskList.sections.flatMap((section) => section.steps);
  const slugs = journey.steps.map((step) => step.slug);
  if (inOrder.join('/') !== slugs.join('/')) problems.push(`taskList: its sections must hold every step once, in the steps' order (${slugs.join(', ')})`);
  const titles = new Set<string>();
  for (const section of taskList.sections) {
    if (section.steps.length === 0) problems.push(`taskList: section "${section.title}" has no steps`);
    for (const required of section.requires ?? []) {
      if (!titles.has(required)) problems.push(`taskList: section "${section.title}" requires "${required}", which is not an earlier section`);
    }
    if (titles.has(section.title)) problems.push(`taskList: two sections are called "${section.title}"`);
    titles.add(section.title);
  }
  if (titles.has(taskList.checkTask)) problems.push(`taskList: the check task "${taskList.checkTask}" has a section's title`);
  return problems;
}

/** Roughly how far from today an offset reaches, only to compare two bounds of one field. */
function offsetDays(offset: FromToday): number {
  return (offset.days ?? 0) + (offset.months ?? 0) * 31 + (offset.years ?? 0) * 366;
}
