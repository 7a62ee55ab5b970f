// What a session holds: each journey's answers in its own namespace, when it began, and a version for compare-and-set.

/** One journey's data (the journey defines what goes inside). */
export type JourneyData = Readonly<Record<string, unknown>>;

/** Each journey's part, under the journey's own id (the session layer names none of them). */
export type Journeys = Record<string, JourneyData | undefined>;

/** The session's data as the store keeps it (server mode) or the cookie carries it (cookie mode). */
export interface SessionData {
  journeys: Journeys;
  /** When the session began (ms since 1970): it ends SESSION_ABSOLUTE_MINUTES later, whatever the activity. */
  createdAt: number;
  /** Goes up by one with every change; a write succeeds only over the version it was based on. */
  version: number;
}

/** What a change may touch: the journeys only (createdAt and version belong to the session module). */
export interface MutableSessionData {
  journeys: Journeys;
}

/** A record read back from a store or cookie, checked for shape (a junk record is no session). */
export function isSessionData(value: unknown): value is SessionData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.journeys === 'object' && v.journeys !== null && Number.isFinite(v.createdAt) && Number.isInteger(v.version);
}
