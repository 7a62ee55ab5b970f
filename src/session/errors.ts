// The session layer's errors, each with the status the error handler answers: the store could not be reached or
// refused a write (503), too many new sessions from one address (429), a session that has ended (403), a cookie-mode
// session that would outgrow what browsers keep (413).
import { messageOf } from '../util/errors';

/** Why a session ended, when the app knows: a clock ran out, or start over ended it. `lost`: the store no longer has it, reason unknown. */
export type EndReason = 'expired' | 'startedOver' | 'lost';

/** What stopped the store: it did not answer, or it answered and refused the write (Redis full, or read-only). */
export type StoreTrouble = 'unreachable' | 'full';

/**
 * What the request knows about the visitor's data when the store failed:
 * - `lastChange`: 'notStored' when a re-read showed the change is not in the store (or the store refused it);
 *   'unknown' when it could not be checked; undefined when the request changed nothing.
 * - `earlierKept`: true only when this request read the visitor's live session from the store after it failed,
 *   or the store answered with a refusal (so it still holds what it held); never a guess.
 */
export interface StoreFailureFacts {
  lastChange: 'notStored' | 'unknown' | undefined;
  earlierKept: boolean;
  /** The visitor had no session: nothing was kept before this request. */
  newcomer: boolean;
}

/** The session store could not be reached, or refused a write: 503. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  readonly status = 503;
  readonly trouble: StoreTrouble;
  facts: StoreFailureFacts;

  constructor(cause: unknown, facts: Partial<StoreFailureFacts> = {}) {
    super(`session store unavailable: ${messageOf(cause)}`, { cause });
    this.trouble = cause instanceof StoreUnavailableError ? cause.trouble : troubleOf(cause);
    this.facts = { lastChange: undefined, earlierKept: false, newcomer: false, ...(cause instanceof StoreUnavailableError ? cause.facts : {}), ...facts };
  }
}

/**
 * Redis answers a write it will not take with an error reply: OOM (full under `maxmemory-policy noeviction`),
 * READONLY (a replica), MISCONF (it cannot persist). Anything else (a time limit, a closed connection) means it
 * could not be reached.
 */
function troubleOf(cause: unknown): StoreTrouble {
  const message = cause instanceof StoreUnavailableError ? '' : messageOf(cause);
  return /^(OOM|READONLY|MISCONF)\b/.test(message) ? 'full' : 'unreachable';
}

/**
 * The store was known to be unreachable, so the command was never sent: a write certainly did not happen, and
 * there is nothing to read back.
 */
export class CommandNotSentError extends Error {
  override name = 'CommandNotSentError';

  constructor(cause: unknown) {
    super(messageOf(cause), { cause });
  }
}

/**
 * The request belongs to a session that has ended (it expired, or start over ended it, possibly while this
 * request was in flight): nothing was stored, and the visitor is told (403, "Your session ended"), with the
 * reason when the app knows it.
 */
export class SessionEndedError extends Error {
  override name = 'SessionEndedError';
  readonly status = 403;

  /** `reason` undefined: the error page takes it from the request (sessionState 'ended' knows it). */
  constructor(readonly reason?: EndReason) {
    super(`the session has ended${reason === undefined ? '' : ` (${reason})`}`);
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

/**
 * Cookie mode: the change would make the session cookie larger than browsers keep, so it was refused and nothing
 * changed (413: the visitor is told what happened and what to do).
 */
export class SessionTooLargeError extends Error {
  override name = 'SessionTooLargeError';
  readonly status = 413;

  constructor(
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(`the session cookie would be ${bytes} bytes, over the ${limitBytes} this app lets it grow to`);
  }
}
