// The session layer's errors: the store could not be reached (503), too many new sessions from one address (429).
import { messageOf } from '../util/errors';

export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  readonly status = 503;

  constructor(cause: unknown) {
    super(`session store unavailable: ${messageOf(cause)}`, { cause });
  }
}

/** Too many new sessions from one client address this minute (NEW_SESSIONS_PER_MINUTE): 429 with Retry-After. */
export class TooManyNewSessionsError extends Error {
  override name = 'TooManyNewSessionsError';
  readonly status = 429;

  constructor(readonly retryAfterSeconds: number) {
    super(`too many new sessions from this address; retry after ${retryAfterSeconds} s`);
  }
}
