// Notices a session that ended while the visitor was away, so the next page can say so.
import type { RequestHandler } from 'express';
import { saveSession, wasSessionLost } from '../session/middleware';
import { setNotice } from './answers';

export function noticeExpiredSessions(): RequestHandler {
  return async (req, _res, next) => {
    if (wasSessionLost(req)) {
      setNotice(req.session, 'expired');
      // Saved now, so the notice survives the redirect a guard may answer with.
      await saveSession(req);
    }
    next();
  };
}
