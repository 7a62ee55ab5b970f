// The engine's one way into the session: read a journey's state, and change it atomically (stored before any redirect).
import type { Request, RequestHandler } from 'express';
import type { Journey } from '../flow/journey';
import { readState, storedForm, type JourneyState } from '../flow/state';
import { SessionEndedError } from '../session/errors';
import { changeSession, readSession, sessionState, type ChangeOptions } from '../session/session';

export function readJourney(req: Request, journey: Journey): JourneyState {
  return readState(journey, readSession(req)?.journeys[journey.id]);
}

/**
 * Applies `change` to the journey's part of the session and returns the state stored. The session module applies it
 * atomically (compare-and-set): on a conflict it re-applies `change` to the newer record, so `change` must be a pure
 * function of the state. Only this journey's part is touched; the other journeys' parts are as the store holds them.
 * Rejects with SessionEndedError (403, nothing stored) when the session ended meanwhile.
 */
export async function updateJourney(
  req: Request,
  journey: Journey,
  change: (state: JourneyState) => JourneyState,
  options: ChangeOptions = {},
): Promise<JourneyState> {
  // Nothing to keep for a visitor who has no session (cancelling an order never begun): no session is made for it.
  if (readSession(req) === undefined && storedForm(change(readJourney(req, journey))) === undefined) return readJourney(req, journey);
  let after = readJourney(req, journey);
  await changeSession(req, (data) => {
    after = change(readState(journey, data.journeys[journey.id]));
    data.journeys[journey.id] = storedForm(after); // undefined (nothing kept) leaves no key in the stored JSON
  }, options);
  return after;
}

/** A POST from a session that has ended (expired while the visitor was away) stores nothing: 403, and they are told. */
export const refuseEndedSession: RequestHandler = (req, _res, next) => {
  next(sessionState(req) === 'ended' ? new SessionEndedError() : undefined);
};
