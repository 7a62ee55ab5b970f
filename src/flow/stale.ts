// Stale forms (issue 20): a step's form carries a fingerprint of the step's answers as stored when the page was made
// (`_seen`); a post whose step's stored answers no longer match it came from a stale tab, and stores nothing.
import { createHash } from 'node:crypto';
import { stepFields, type Answers, type Step } from './journey';

/** The hidden field that carries it (no field's name starts with `_`). */
export const SEEN_FIELD = '_seen';

/**
 * A short digest of the step's stored answers (its own fields and those its options reveal; "none" for an answer not
 * there). Not signed: it proves nothing and protects nothing secret. It only lets this visitor's own tab notice that
 * the answer changed since; a visitor who forges or drops it can only overwrite their own answer, as a script may.
 */
export function stepFingerprint(step: Step, answers: Answers): string {
  const values = stepFields(step).map((field) => [field.name, Object.hasOwn(answers, field.name) ? answers[field.name] : 'none']);
  return createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 22);
}

/** What a posted form says it was rendered with: undefined when it carries no `_seen` (then it is not checked). */
export function seenIn(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, SEEN_FIELD)) return undefined;
  const value = (body as Record<string, unknown>)[SEEN_FIELD];
  return typeof value === 'string' ? value : ''; // sent twice or as an object: matches no fingerprint
}

/** True when a form rendered with `seen` is stale against the step's answers as stored now. */
export function isStale(step: Step, stored: Answers, seen: string | undefined): boolean {
  return seen !== undefined && seen !== stepFingerprint(step, stored);
}
