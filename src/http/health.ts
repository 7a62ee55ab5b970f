// GET /healthz: the process is up, and whether the session store answers (503 when it does not).
import type { RequestHandler } from 'express';
import type { SessionStore } from '../session/store';

/** How long the store gets to answer before we call it unreachable. */
const PING_TIMEOUT_MS = 2000;

export function healthCheck(sessionStore: SessionStore): RequestHandler {
  return async (_req, res) => {
    const reachable = await withTimeout(sessionStore.ping(), PING_TIMEOUT_MS).then(
      () => true,
      () => false,
    );
    res
      .status(reachable ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: reachable ? 'ok' : 'unavailable', store: { kind: sessionStore.kind, reachable } });
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
