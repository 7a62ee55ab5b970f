// GET /healthz: the process is up, and whether the session store answers (503 when it does not).
import type { RequestHandler } from 'express';
import type { SessionStore } from '../session/session-store';
import { withTimeout } from '../util/time-limit';

/** How long the store gets to answer before we call it unreachable. */
const PING_TIMEOUT_MS = 2000;

export function healthCheck(sessionStore: SessionStore): RequestHandler {
  return async (_req, res) => {
    const reachable = await withTimeout(sessionStore.ping(), PING_TIMEOUT_MS, `no answer within ${PING_TIMEOUT_MS} ms`).then(
      () => true,
      () => false,
    );
    res
      .status(reachable ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: reachable ? 'ok' : 'unavailable', store: { kind: sessionStore.kind, reachable } });
  };
}
