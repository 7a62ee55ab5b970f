// The site's own pages around the journeys: home, and start over (which ends the whole session, every journey's part).
import { Router } from 'express';
import { paths } from '../flow/paths';
import { requireCsrfToken } from '../http/csrf';
import { renderPage } from '../pages/page';
import { endSession } from '../session/session';

export function flowRouter(): Router {
  const router = Router();

  router.get(paths.home, (req, res) => {
    renderPage(req, res, 'home', { title: 'Sessions, by example' });
  });

  router.post(paths.startOver, requireCsrfToken, async (req, res) => {
    // Ends the session for good: the store forgets it and the cookie is cleared. No new session is made until
    // there is something to keep.
    await endSession(req, res);
    res.redirect(303, paths.home);
  });

  return router;
}
