// The engine's one way into the session: read a journey's state, and change it (then stored before any redirect).
import type { Request } from 'express';
import type { Journey } from '../flow/journey';
import { readState, storedForm, type JourneyState } from '../flow/state';
import { readJourneysData, writeJourneyData } from '../session/journeys';

export function readJourney(req: Request, journey: Journey): JourneyState {
  return readState(journey, readJourneysData(req)[journey.id]);
}

/**
 * Applies `change` to the journey's state and stores the result; returns it. `change` is a pure function of the state,
 * so the session module may apply it again to a fresher copy (compare-and-set).
 */
export async function updateJourney(req: Request, journey: Journey, change: (state: JourneyState) => JourneyState): Promise<JourneyState> {
  const after = change(readJourney(req, journey));
  await writeJourneyData(req, journey.id, storedForm(after));
  return after;
}
