// A collection ("add another"): its items read back safely, whether it is complete, and the pure changes to its list,
// each keyed by an item's own id (never its position), so a change re-applied to a newer session does the same thing.
import { isValidAnswer } from './fields';
import { askedFields, type AnswerValue, type Answers, type Collection, type Item, type ScalarAnswer, type Step } from './journey';

/** An item's id: made from random bytes when it is added (16 hex digits), and never changed. */
export const ITEM_ID = /^[0-9a-f]{16}$/;

/** The step an item's page asks: the collection's fields, revealed ones as chosen. */
export function itemStep(step: Step, collection: Collection, slug: string, title: string): Step {
  return { slug, title, fields: collection.fields, next: step.slug };
}

export function itemsOf(collection: Collection, answers: Answers): readonly Item[] {
  const items = answers[collection.name];
  return Array.isArray(items) ? (items as readonly Item[]) : [];
}

export function findItem(collection: Collection, answers: Answers, id: string): Item | undefined {
  return itemsOf(collection, answers).find((item) => item.id === id);
}

/** How an item is named in the list and on its remove page: its label field's answer. */
export function itemName(collection: Collection, item: Item): string {
  const name = item[collection.itemLabel];
  return typeof name === 'string' ? name : String(name ?? '');
}

export function minItems(collection: Collection): number {
  return collection.min ?? 1;
}

/** The visitor has said "no more" with between `min` and `max` items: the collection's step is answered. */
export function isCollectionComplete(collection: Collection, answers: Answers): boolean {
  const count = itemsOf(collection, answers).length;
  return answers[collection.addAnother.name] === 'no' && count >= minItems(collection) && count <= collection.max;
}

/**
 * A collection as the session holds it, keeping only what it could have stored: items with a well-formed, unique id
 * and valid answers to every field they ask (an item missing one is dropped), at most `max`; "add another?" only as
 * 'no'. Returns the keys to keep (none when nothing valid is there).
 */
export function readCollection(collection: Collection, raw: Readonly<Record<string, unknown>>): Record<string, AnswerValue> {
  const kept: Record<string, AnswerValue> = {};
  const list = Object.hasOwn(raw, collection.name) ? raw[collection.name] : undefined;
  if (Array.isArray(list)) {
    const items: Item[] = [];
    for (const entry of list as unknown[]) {
      const item = readItem(collection, entry);
      if (item !== undefined && !items.some((other) => other.id === item.id) && items.length < collection.max) items.push(item);
    }
    kept[collection.name] = items;
  }
  if (Object.hasOwn(raw, collection.addAnother.name) && raw[collection.addAnother.name] === 'no') kept[collection.addAnother.name] = 'no';
  return kept;
}

function readItem(collection: Collection, entry: unknown): Item | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const record = entry as Readonly<Record<string, unknown>>;
  const id = Object.hasOwn(record, 'id') ? record.id : undefined;
  if (typeof id !== 'string' || !ITEM_ID.test(id)) return undefined;
  const answers: Record<string, ScalarAnswer> = {};
  for (const field of collection.fields.flatMap((f) => [f, ...askedRevealed(f, record)])) {
    const value = Object.hasOwn(record, field.name) ? record[field.name] : undefined;
    if (!isValidAnswer(field, value) || Array.isArray(value) && value.some((v) => typeof v !== 'string')) return undefined;
    answers[field.name] = value as ScalarAnswer;
  }
  return { id, ...answers };
}

/** The fields an item's chosen option reveals (as askedFields does for a step). */
function askedRevealed(field: Collection['fields'][number], record: Readonly<Record<string, unknown>>): readonly Collection['fields'][number][] {
  const chosen = Object.hasOwn(record, field.name) ? record[field.name] : undefined;
  return askedFields({ slug: 'item', title: '', fields: [field], next: 'item' }, typeof chosen === 'string' ? { [field.name]: chosen } : {}).slice(1);
}

/** An item's answers as they are kept: only the fields it asks (a revealed field of another option is not kept). */
function itemAnswers(collection: Collection, values: Answers): Record<string, ScalarAnswer> {
  const kept: Record<string, ScalarAnswer> = {};
  for (const field of askedFields({ slug: 'item', title: '', fields: collection.fields, next: 'item' }, values)) {
    const value = values[field.name];
    if (Object.hasOwn(values, field.name) && value !== undefined && !isItemList(value)) kept[field.name] = value;
  }
  return kept;
}

/** A collection's list (of items), not a field's answer. */
export function isItemList(value: AnswerValue): value is readonly Item[] {
  return Array.isArray(value) && value.some((v) => typeof v === 'object');
}

function withList(collection: Collection, answers: Answers, items: readonly Item[], done: boolean): Answers {
  const others = Object.entries(answers).filter(([name]) => name !== collection.name && name !== collection.addAnother.name);
  return Object.fromEntries([...others, [collection.name, items], ...(done ? [[collection.addAnother.name, 'no']] : [])]) as Answers;
}

// The changes: each a pure function of the answers, undefined when it cannot be made (the list is full, the item is gone).

/** Adds an item under `id` at the end; the visitor is asked "add another?" again. Undefined when the list is full. */
export function addItem(collection: Collection, answers: Answers, id: string, values: Answers): Answers | undefined {
  const items = itemsOf(collection, answers);
  if (items.some((item) => item.id === id)) return answers; // already added (the same change, applied twice)
  if (items.length >= collection.max) return undefined;
  return withList(collection, answers, [...items, { id, ...itemAnswers(collection, values) }], false);
}

/** Changes the item `id` in place. Undefined when it is not there (removed, perhaps in another tab). */
export function changeItem(collection: Collection, answers: Answers, id: string, values: Answers): Answers | undefined {
  const items = itemsOf(collection, answers);
  if (!items.some((item) => item.id === id)) return undefined;
  const changed = items.map((item) => (item.id === id ? { id, ...itemAnswers(collection, values) } : item));
  return withList(collection, answers, changed, answers[collection.addAnother.name] === 'no');
}

/**
 * Removes the item `id` (only that one). Undefined when it is not there. The list stays, even empty (the task is then
 * in progress); "no more" stays only while the list still has its fewest items.
 */
export function removeItem(collection: Collection, answers: Answers, id: string): Answers | undefined {
  const items = itemsOf(collection, answers);
  if (!items.some((item) => item.id === id)) return undefined;
  const left = items.filter((item) => item.id !== id);
  return withList(collection, answers, left, answers[collection.addAnother.name] === 'no' && left.length >= minItems(collection));
}

/**
 * "Add another?": 'no' marks the list done (undefined when it has too few items or too many), 'yes' unmarks it. At
 * `max` items the question is not asked and the list is done.
 */
export function answerAddAnother(collection: Collection, answers: Answers, choice: 'yes' | 'no'): Answers | undefined {
  const items = itemsOf(collection, answers);
  const done = choice === 'no' || items.length >= collection.max;
  if (done && (items.length < minItems(collection) || items.length > collection.max)) return undefined;
  return withList(collection, answers, items, done);
}

/** An item's page for an id the list does not hold (never added, or removed, perhaps in another tab): 404, nothing stored. */
export class ItemNotFoundError extends Error {
  override name = 'ItemNotFoundError';
  readonly status = 404;

  constructor(readonly collection: Collection) {
    super(`no such ${collection.one}`);
  }
}
