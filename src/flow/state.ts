// What one journey keeps in its part of the session, read back safely, and the pure changes the engine makes to it.
import { readCollection } from './collection';
import { isValidAnswer } from './fields';
import { journeyFields, type AnswerValue, type Answers, type Journey, type Step } from './journey';
import { answerStep, isPathAnswered, keepOnPath } from './path';
import { readUndo, UNDO_KEY, undoOf, type Undo } from './undo';

/** What was sent and not yet shown: its reference and the answers sent. Gone once the done page has shown it. */
export interface Placed {
  readonly reference: string;
  readonly answers: Answers;
  /** The check page's submission id it was sent with (a second post of it finds this order, never a new one). */
  readonly submission?: string;
  /** True while the journey's own `send` runs: claimed, not yet sent (the done page waits for it). */
  readonly sending?: boolean;
}

/**
 * What was sent and whose done page has been shown: its reference, the submission id it was sent with, and its
 * lasting receipt's address, so that the same form sent again, or its done page opened again, finds it. Kept under
 * `_sent` until the next submission (or start over).
 */
export interface Sent {
  readonly reference: string;
  readonly submission?: string;
  readonly receipt?: string;
}

/** One journey's part of the session (`journeys.lesson`, `journeys.order`). */
export interface JourneyState {
  readonly answers: Answers;
  readonly placed?: Placed;
  readonly sent?: Sent;
  /** What the last change dropped, to put back (flow/undo.ts); only until the journey's next change. */
  readonly undo?: Undo;
}

/** The key of the journey's part of the session that holds `sent` (no field's name starts with `_`). */
export const SENT_KEY = '_sent';

/** A check page's submission id: what `newSubmissionId` makes (random, URL-safe). */
const SUBMISSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

export function isSubmissionId(value: unknown): value is string {
  return typeof value === 'string' && SUBMISSION_ID.test(value);
}

export const EMPTY_STATE: JourneyState = { answers: {} };

/** Characters of a reference: no 0/O or 1/I, so it can be read out over the phone. 32 of them: 5 bits each. */
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const REFERENCE_LENGTH = 8;
const REFERENCE = new RegExp(`^[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`);

/**
 * A journey's part of the session is flat: its answers keyed by field name (`{ size: 'large', toppings: [...] }`), and,
 * between sending (placing an order) and its done page, `placed: { reference, answers }` ("placed" is no field's name).
 */
export type StoredJourney = Readonly<Record<string, unknown>>;

/**
 * A journey's state as the session holds it, keeping only what this journey could have stored: declared fields with
 * values their rules accept, on the path. Anything else (an older shape, a hand-made cookie) is simply not there.
 */
export function readState(journey: Journey, raw: unknown): JourneyState {
  if (!isRecord(raw)) return EMPTY_STATE;
  const answers = readAnswers(journey, raw);
  const placed = readPlaced(journey, Object.hasOwn(raw, 'placed') ? raw.placed : undefined);
  const sent = journey.submit === undefined ? undefined : readSent(Object.hasOwn(raw, SENT_KEY) ? raw[SENT_KEY] : undefined);
  const undo = readUndo(journey, Object.hasOwn(raw, UNDO_KEY) ? raw[UNDO_KEY] : undefined);
  return { answers, ...(placed && { placed }), ...(sent && { sent }), ...(undo && { undo }) };
}

/** The state as the session keeps it; undefined when there is nothing to keep (the journey's part is then removed). */
export function storedForm(state: JourneyState): StoredJourney | undefined {
  if (isEmptyState(state)) return undefined;
  const stored: Record<string, unknown> = { ...state.answers };
  if (state.placed !== undefined) stored.placed = { ...state.placed, answers: { ...state.placed.answers } };
  if (state.sent !== undefined) stored[SENT_KEY] = { ...state.sent };
  if (state.undo !== undefined) stored[UNDO_KEY] = { before: { ...state.undo.before }, added: [...state.undo.added] };
  return stored;
}

function readAnswers(journey: Journey, raw: unknown): Answers {
  if (!isRecord(raw)) return {};
  const valid: Record<string, AnswerValue> = {};
  for (const field of journeyFields(journey)) {
    const value = Object.hasOwn(raw, field.name) ? raw[field.name] : undefined;
    if (isValidAnswer(field, value)) valid[field.name] = value;
  }
  for (const step of journey.steps) if (step.collection) Object.assign(valid, readCollection(step.collection, raw));
  return keepOnPath(journey, valid);
}

function readPlaced(journey: Journey, raw: unknown): Placed | undefined {
  if (journey.submit === undefined || !isRecord(raw) || typeof raw.reference !== 'string' || !REFERENCE.test(raw.reference)) return undefined;
  const submission = isSubmissionId(raw.submission) ? raw.submission : undefined;
  return { reference: raw.reference, answers: readAnswers(journey, raw.answers), ...(submission && { submission }), ...(raw.sending === true && { sending: true }) };
}

function readSent(raw: unknown): Sent | undefined {
  if (!isRecord(raw) || typeof raw.reference !== 'string' || !REFERENCE.test(raw.reference)) return undefined;
  const submission = isSubmissionId(raw.submission) ? raw.submission : undefined;
  // The receipt's own address (/receipts/<token>): a relative path of URL-safe characters only.
  const receipt = typeof raw.receipt === 'string' && /^\/[A-Za-z0-9/_-]{1,4096}$/.test(raw.receipt) ? raw.receipt : undefined;
  return { reference: raw.reference, ...(submission && { submission }), ...(receipt && { receipt }) };
}

/** Whether the state holds anything worth keeping; an empty one is removed from the session. */
export function isEmptyState(state: JourneyState): boolean {
  return Object.keys(state.answers).length === 0 && state.placed === undefined && state.sent === undefined;
}

/**
 * A step's valid answers stored: those that fell off the path are dropped (and kept aside for Undo: flow/undo.ts); a
 * placed order not yet shown stays.
 */
export function withStepAnswered(journey: Journey, state: JourneyState, step: Step, stepAnswers: Answers): JourneyState {
  const answers = answerStep(journey, state.answers, step, stepAnswers);
  const undo = undoOf(state.answers, answers);
  return { ...withoutUndo(state), answers, ...(undo && { undo }) };
}

/** The state without its undo. */
export function withoutUndo(state: JourneyState): JourneyState {
  return { answers: state.answers, ...(state.placed && { placed: state.placed }), ...(state.sent && { sent: state.sent }) };
}

/** Whether a change altered the journey: its answers, its placed order or what it sent (not only its undo). */
export function altered(before: JourneyState, after: JourneyState): boolean {
  return JSON.stringify(withoutUndo(before)) !== JSON.stringify(withoutUndo(after));
}

/**
 * The undo a journey keeps after a change from `previous` to `next`: the one the change made, if it made one; else, when
 * the change altered the journey, none, since Undo works only until the journey's next change; else the one it had.
 */
export function undoAfter(previous: JourneyState, next: JourneyState): JourneyState {
  if (next.undo === undefined || next.undo !== previous.undo) return next;
  return altered(previous, next) ? withoutUndo(next) : next;
}

/**
 * Marks the journey sent: the answers move into `placed` under `reference`, so the journey's answers are gone.
 * Undefined when the path is not fully answered (nothing to send), or when `sent` is given and the answers are no
 * longer those (another tab changed one after they were sent).
 */
export function placed(
  journey: Journey,
  state: JourneyState,
  reference: string,
  sent?: Answers,
  how: { submission?: string; sending?: boolean } = {},
): JourneyState | undefined {
  if (!isPathAnswered(journey, state.answers) || !REFERENCE.test(reference)) return undefined;
  if (sent !== undefined && JSON.stringify(sent) !== JSON.stringify(state.answers)) return undefined;
  const submission = how.submission !== undefined && isSubmissionId(how.submission) ? how.submission : undefined;
  return { answers: {}, placed: { reference, answers: state.answers, ...(submission && { submission }), ...(how.sending === true && { sending: true }) } };
}

/** The placed order, once shown, is forgotten; any answers given since stay. */
export function withoutPlaced(state: JourneyState): JourneyState {
  return { answers: state.answers };
}

/**
 * The placed order once its done page is shown: forgotten as `withoutPlaced` does, except its reference, its submission
 * id and its receipt's address, kept as `sent`, so that the same form sent again, a cancel, or the done page opened
 * again finds it (and says so). Any answers given since stay.
 */
export function shownPlaced(state: JourneyState, receipt?: string): JourneyState {
  if (state.placed === undefined) return state;
  const { reference, submission } = state.placed;
  const sent: Sent = { reference, ...(submission !== undefined && { submission }), ...(receipt !== undefined && { receipt }) };
  return { ...withoutPlaced(state), sent };
}

/** A reference from random bytes (one byte a character; 256 is a multiple of 32, so every character is equally likely). */
export function referenceFrom(bytes: Uint8Array): string {
  if (bytes.length < REFERENCE_LENGTH) throw new RangeError(`a reference needs ${REFERENCE_LENGTH} random bytes`);
  return Array.from(bytes.subarray(0, REFERENCE_LENGTH), (byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length]).join('');
}

/** Each journey's state, read from the session's `journeys` part (whatever it holds: junk reads as nothing stored). */
export function journeyStates(journeys: readonly Journey[], rawJourneys: unknown): { journey: Journey; state: JourneyState }[] {
  const raw = isRecord(rawJourneys) ? rawJourneys : {};
  return journeys.map((journey) => ({ journey, state: readState(journey, Object.hasOwn(raw, journey.id) ? raw[journey.id] : undefined) }));
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
