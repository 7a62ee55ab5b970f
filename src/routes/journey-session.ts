// The engine's one way into the session: read a journey's state, and change it atomically (stored before any redirect).
import type { Request, RequestHandler } from 'express';
import type { Journey } from '../flow/journey';
import { readState, storedForm, undoAfter, type JourneyState } from '../flow/state';
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
 *
 * A `change` that returns the very state it was given stores nothing (no write at all): so a decision taken on the
 * stored record (a stale form, a submission already sent) changes nothing. Any change that alters the journey forgets
 * the Undo an earlier change left, unless it leaves one of its own (flow/undo.ts).
 */
export async function updateJourney(
  req: Request,
  journey: Journey,
  change: (state: JourneyState) => JourneyState,
  options: ChangeOptions = {},
): Promise<JourneyState> {
  const settled = (state: JourneyState): JourneyState => {
    const next = change(state);
    return next === state ? state : undoAfter(state, next);
  };
  // Nothing to keep for a visitor who has no session (cancelling an order never begun): no session is made for it.
  if (readSession(req) === undefined && storedForm(settled(readJourney(req, journey))) === undefined) return readJourney(req, journey);
  let after = readJourney(req, journey);
  try {
    await changeSession(
      req,
      (data) => {
        const before = readState(journey, data.journeys[journey.id]);
        after = settled(before);
        if (after === before) throw new Unchanged();
        data.journeys[journey.id] = storedForm(after); // undefined (nothing kept) leaves no key in the stored JSON
      },
      options,
    );
  } catch (err) {
    if (!(err instanceof Unchanged)) throw err;
  }
  return after;
}

/** Thrown inside a session change to store nothing: the change, applied to the stored record, found nothing to do. */
class Unchanged extends Error {
  override name = 'Unchanged';
}

/** A POST from a session that has ended (expired while the visitor was away) stores nothing: 403, and they are told. */
export const refuseEndedSession: RequestHandler = (req, _res, next) => {
  next(sessionState(req) === 'ended' ? new SessionEndedError() : undefined);
};
