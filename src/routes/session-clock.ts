// POST /session/stay: the session clock's "Keep my session going". It restarts the idle clock of a live session and
// nothing else: never the absolute clock, and it never makes a session for a visitor who has none.
import { Router } from 'express';
import { localPath, STAY_PATH } from '../pages/session-clock';
import { SessionEndedError } from '../session/errors';
import { sessionState } from '../session/session';
import type { Services } from './services';

export function sessionClockRouter({ csrf }: Services): Router {
  const router = Router();
  const requireCsrfToken = csrf.require;

  router.post(STAY_PATH, requireCsrfToken, (req, res, next) => {
    // Loading the session for this request already restarted its idle clock (server mode touches the record,
    // cookie mode re-issues the cookie with a new lastSeen): there is nothing to write, so nothing to create.
    // An ended session (or none: started over in another tab) is told so: 403, "Your session ended".
    if (sessionState(req) !== 'live') {
      next(new SessionEndedError());
      return;
    }
    res.redirect(303, localPath((req.body as Record<string, unknown> | undefined)?.return));
  });

  return router;
}
