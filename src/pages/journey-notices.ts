// What a journey's own notices say (a cancel, a cancel too late, a form sent again, a done page opened again), and the
// Undo notice a change that dropped answers leaves: view models for views/partials/notice.ejs, from the session as read.
import { journeyFields, type Journey } from '../flow/journey';
import { paths } from '../flow/paths';
import { journeyAt } from '../flow/registry';
import { readState } from '../flow/state';
import { removedBy } from '../flow/undo';
import { lowerFirst } from './answer-rows';
import { JOURNEY_NOTICE_KINDS, type JourneyNoticeKind, type Notice } from './notices';

export interface JourneyNoticeModel {
  readonly kind: JourneyNoticeKind;
  /** The journey's label ("Your pizza order"). */
  readonly journeyLabel: string;
  /** What was sent: its reference and, once its done page was shown, its lasting receipt. */
  readonly reference: string | undefined;
  readonly receipt: string | undefined;
}

/** A journey's notice in words' terms; undefined for the session's own notices or a journey not served. */
export function journeyNoticeModel(notice: Notice | undefined, journeys: readonly Journey[], rawJourneys: unknown): JourneyNoticeModel | undefined {
  if (notice === undefined) return undefined;
  const [kind, id] = notice.split(':');
  const journey = journeys.find((j) => j.id === id);
  if (journey === undefined || !(JOURNEY_NOTICE_KINDS as readonly string[]).includes(kind ?? '')) return undefined;
  const state = readState(journey, partOf(rawJourneys, journey.id));
  return {
    kind: kind as JourneyNoticeKind,
    journeyLabel: journey.label,
    reference: state.placed?.reference ?? state.sent?.reference,
    receipt: state.placed === undefined ? state.sent?.receipt : undefined,
  };
}

export interface UndoNotice {
  readonly journeyId: string;
  readonly journeyLabel: string;
  /** The labels of the answers the change altered and kept, as in a sentence ("delivery or collection"). */
  readonly changed: readonly string[];
  /** The labels of the answers it removed, as in a sentence ("delivery address"). */
  readonly removed: readonly string[];
  readonly action: string;
}

/** On a page of a journey whose last change dropped answers: what was removed, and the Undo form's target. */
export function undoNotice(journeys: readonly Journey[], rawJourneys: unknown, url: string): UndoNotice | undefined {
  const journey = journeyAt(journeys, url);
  if (journey === undefined) return undefined;
  const state = readState(journey, partOf(rawJourneys, journey.id));
  if (state.undo === undefined) return undefined;
  const removed = removedBy(state.undo, state.answers);
  if (removed.length === 0) return undefined;
  const labelOf = new Map(journeyFields(journey).map((field) => [field.name, lowerFirst(field.label)]));
  const changed = Object.keys(state.undo.before).filter((name) => !removed.includes(name));
  return {
    journeyId: journey.id,
    journeyLabel: journey.label,
    changed: changed.map((name) => labelOf.get(name) ?? name),
    removed: removed.map((name) => labelOf.get(name) ?? name),
    action: paths.undo,
  };
}

function partOf(rawJourneys: unknown, id: string): unknown {
  if (typeof rawJourneys !== 'object' || rawJourneys === null || !Object.hasOwn(rawJourneys, id)) return undefined;
  return (rawJourneys as Record<string, unknown>)[id];
}

