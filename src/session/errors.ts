// The error for "the session store could not be reached": the error handler answers it with 503.
import { messageOf } from '../util/errors';

export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  readonly status = 503;

  constructor(cause: unknown) {
    super(`session store unavailable: ${messageOf(cause)}`, { cause });
  }
}
