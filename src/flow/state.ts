// What one journey keeps in its part of the session, read back safely, and the pure changes the engine makes to it.
import { readCollection } from './collection';
import { isValidAnswer } from './fields';
import { journeyFields, type AnswerValue, type Answers, type Journey, type Step } from './journey';
import { answerStep, isPathAnswered, keepOnPath } from './path';

/** What was sent and not yet shown: its reference and the answers sent. Gone once the done page has shown it. */
export interface Placed {
  readonly reference: string;
  readonly answers: Answers;
}

/** One journey's part of the session (`journeys.lesson`, `journeys.order`). */
export interface JourneyState {
  readonly answers: Answers;
  readonly placed?: Placed;
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
  return placed === undefined ? { answers } : { answers, placed };
}

/** The state as the session keeps it; undefined when there is nothing to keep (the journey's part is then removed). */
export function storedForm(state: JourneyState): StoredJourney | undefined {
  if (isEmptyState(state)) return undefined;
  return state.placed === undefined ? { ...state.answers } : { ...state.answers, placed: { reference: state.placed.reference, answers: { ...state.placed.answers } } };
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
  return { reference: raw.reference, answers: readAnswers(journey, raw.answers) };
}

/** Whether the state holds anything worth keeping; an empty one is removed from the session. */
export function isEmptyState(state: JourneyState): boolean {
  return Object.keys(state.answers).length === 0 && state.placed === undefined;
}

/** A step's valid answers stored: those that fell off the path are dropped; a placed order not yet shown stays. */
export function withStepAnswered(journey: Journey, state: JourneyState, step: Step, stepAnswers: Answers): JourneyState {
  return { ...state, answers: answerStep(journey, state.answers, step, stepAnswers) };
}

/**
 * Marks the journey sent: the answers move into `placed` under `reference`, so the journey's answers are gone.
 * Undefined when the path is not fully answered (nothing to send), or when `sent` is given and the answers are no
 * longer those (another tab changed one after they were sent).
 */
export function placed(journey: Journey, state: JourneyState, reference: string, sent?: Answers): JourneyState | undefined {
  if (!isPathAnswered(journey, state.answers) || !REFERENCE.test(reference)) return undefined;
  if (sent !== undefined && JSON.stringify(sent) !== JSON.stringify(state.answers)) return undefined;
  return { answers: {}, placed: { reference, answers: state.answers } };
}

/** The placed order, once shown, is forgotten; any answers given since stay. */
export function withoutPlaced(state: JourneyState): JourneyState {
  return { answers: state.answers };
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
