// Notices a session that ended while the visitor was away, so the next page can say so.
import type { RequestHandler } from 'express';
import { saveSession, wasSessionLost } from '../session/middleware';
import { setNotice } from './answers';

export function noticeExpiredSessions(): RequestHandler {
  // Not an async function: that would make a promise (which Express then waits on) on every request,
  // while only the rare request whose session expired has anything to wait for.
  return (req, _res, next) => {
    if (!wasSessionLost(req)) {
      next();
      return;
    }
    setNotice(req.session, 'expired');
    // Saved now, so the notice survives the redirect a guard may answer with.
    saveSession(req).then(() => next(), next);
  };
}
