// Every journey the engine serves, in the order the footer and the inspector show them, and their states from the session.
import type { Journey } from '../journey';
import { storedSections, type StoredSection } from '../rows';
import { readState, type JourneyState } from '../state';
import { lessonJourney } from './lesson';
import { orderJourney } from './order';

export { lessonJourney, orderJourney };

export const journeys: readonly Journey[] = [lessonJourney, orderJourney];

/** The journey whose pages hold `path` (the lesson's, at the root, when none other does). */
export function journeyAt(path: string): Journey {
  return journeys.find((journey) => journey.basePath !== '' && path.startsWith(`${journey.basePath}/`)) ?? lessonJourney;
}

/** Each journey's state, read from the session's `journeys` part (whatever it holds: junk reads as nothing stored). */
export function journeyStates(rawJourneys: unknown): { journey: Journey; state: JourneyState }[] {
  const raw = typeof rawJourneys === 'object' && rawJourneys !== null ? (rawJourneys as Readonly<Record<string, unknown>>) : {};
  return journeys.map((journey) => ({ journey, state: readState(journey, Object.hasOwn(raw, journey.id) ? raw[journey.id] : undefined) }));
}

/** The footer's and the inspector's view of the session: each journey that holds something, labelled. */
export function storedSectionsOf(rawJourneys: unknown): StoredSection[] {
  return storedSections(journeyStates(rawJourneys));
}
