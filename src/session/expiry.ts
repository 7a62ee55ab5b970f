// Notices a session that ended while the visitor was away, so the next page can say so.
import type { RequestHandler } from 'express';
import { wasSessionEnded } from './backend';
import { saveSession } from './middleware';
import { setNotice } from './notices';

export function noticeEndedSessions(): RequestHandler {
  return async (req, _res, next) => {
    if (wasSessionEnded(req)) {
      setNotice(req.session, 'expired');
      // Saved now, so the notice survives the redirect a guard may answer with.
      await saveSession(req);
    }
    next();
  };
}
