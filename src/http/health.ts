// GET /healthz: the process is up, and whether the session store answers and takes writes (503 when it does not).
import type { RequestHandler } from 'express';
import { withTimeout } from '../util/time-limit';

/** What /healthz asks of the session store (createApp hands it the store). */
export interface HealthChecked {
  /** Shown in the answer: 'memory', 'redis' or 'cookie'. */
  readonly kind: string;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
  /** Resolves when the store takes a write now. */
  checkWritable(): Promise<void>;
}

/** How long the store gets to answer before we call it unreachable. */
const PING_TIMEOUT_MS = 2000;

/** Why /healthz answers 503: the store does not answer, or answers but refuses writes (Redis full under noeviction). */
export type HealthProblem = 'store unreachable' | 'store refuses writes';

export function healthCheck(sessionStore: HealthChecked): RequestHandler {
  const settles = (check: () => Promise<void>): Promise<boolean> =>
    withTimeout(check(), PING_TIMEOUT_MS, `no answer within ${PING_TIMEOUT_MS} ms`).then(
      () => true,
      () => false,
    );
  return async (_req, res) => {
    // A probe write on every call, not a remembered state: /healthz says 200 again as soon as writes work.
    const reachable = await settles(() => sessionStore.ping());
    const writable = reachable && (await settles(() => sessionStore.checkWritable()));
    const problem: HealthProblem | undefined = !reachable ? 'store unreachable' : !writable ? 'store refuses writes' : undefined;
    res
      .status(problem === undefined ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        status: problem === undefined ? 'ok' : 'unavailable',
        ...(problem === undefined ? {} : { problem }),
        store: { kind: sessionStore.kind, reachable, writable },
      });
  };
}
