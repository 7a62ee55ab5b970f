// The session layer's errors, each with the status the error handler answers: the store could not be reached (503),
// a session that has ended (403).
import { messageOf } from '../util/errors';

/** The session store could not be reached: 503. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  readonly status = 503;

  constructor(cause: unknown) {
    super(`session store unavailable: ${messageOf(cause)}`, { cause });
  }
}

/**
 * The request belongs to a session that has ended (it expired, or start over ended it, possibly while this
 * request was in flight): nothing was stored, and the visitor is told (403, "Your session ended").
 */
export class SessionEndedError extends Error {
  override name = 'SessionEndedError';
  readonly status = 403;

  constructor() {
    super('the session has ended');
  }
}

/** Other requests of the same session kept winning the compare-and-set: give up rather than loop (503, try again). */
export class SessionBusyError extends Error {
  override name = 'SessionBusyError';
  readonly status = 503;

  constructor(attempts: number) {
    super(`session store unavailable: the session changed under ${attempts} attempts in a row`);
  }
}
