// Undo (issue 20): when a step's answer moves the path so that other answers fall off it, the journey keeps what the
// change altered, so that one Undo puts the answers back as they were; any later change of the journey forgets it.
import { isValidAnswer } from './fields';
import { journeyFields, type AnswerValue, type Answers, type Journey } from './journey';
import { keepOnPath } from './path';

/**
 * What one change altered, enough to reverse it: the earlier value of each answer it changed or removed (`before`),
 * and the names of answers it added (`added`). Kept beside the answers, under `_undo` (no field's name starts with `_`).
 */
export interface Undo {
  readonly before: Answers;
  readonly added: readonly string[];
}

/** The key of the journey's part of the session that holds it. */
export const UNDO_KEY = '_undo';

/**
 * The undo of a change from `previous` to `next` answers, when that change dropped answers (some answer of `previous`
 * is not in `next`); undefined when it dropped none (then nothing is offered).
 */
export function undoOf(previous: Answers, next: Answers): Undo | undefined {
  const dropped = Object.keys(previous).some((name) => !Object.hasOwn(next, name));
  if (!dropped) return undefined;
  const before: Record<string, AnswerValue> = {};
  for (const [name, value] of Object.entries(previous)) {
    if (!Object.hasOwn(next, name) || JSON.stringify(next[name]) !== JSON.stringify(value)) before[name] = value;
  }
  const added = Object.keys(next).filter((name) => !Object.hasOwn(previous, name));
  return { before, added };
}

/** The answers as they were before the change that `undo` records (answers it altered put back, those it added gone). */
export function undoneAnswers(journey: Journey, answers: Answers, undo: Undo): Answers {
  const kept = Object.entries(answers).filter(([name]) => !undo.added.includes(name));
  return keepOnPath(journey, { ...Object.fromEntries(kept), ...undo.before });
}

/** The names of the answers the change removed: in `before` and no longer among the answers. */
export function removedBy(undo: Undo, answers: Answers): string[] {
  return Object.keys(undo.before).filter((name) => !Object.hasOwn(answers, name));
}

/** An undo as the session holds it, read back safely: only declared fields with valid values; junk is no undo. */
export function readUndo(journey: Journey, raw: unknown): Undo | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const { before, added } = raw as Record<string, unknown>;
  if (typeof before !== 'object' || before === null || Array.isArray(before) || !Array.isArray(added)) return undefined;
  const fields = journeyFields(journey);
  const valid: Record<string, AnswerValue> = {};
  for (const field of fields) {
    const value = Object.hasOwn(before, field.name) ? (before as Record<string, unknown>)[field.name] : undefined;
    if (isValidAnswer(field, value)) valid[field.name] = value;
  }
  const names = new Set(fields.map((field) => field.name));
  const addedNames = added.filter((name): name is string => typeof name === 'string' && names.has(name));
  return Object.keys(valid).length === 0 ? undefined : { before: valid, added: addedNames };
}
