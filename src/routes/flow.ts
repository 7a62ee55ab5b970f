// The site's own pages around the journeys: home (each journey offered, from the registry), and start over (which ends the whole session, every journey's part).
import { Router } from 'express';
import type { Journey } from '../flow/journey';
import { paths } from '../flow/paths';
import { requireCsrfToken } from '../http/csrf';
import { homePageModel } from '../pages/journey-models';
import { renderPage } from '../pages/page';
import { endSession } from '../session/session';

export function flowRouter(journeys: readonly Journey[]): Router {
  const router = Router();

  router.get(paths.home, (req, res) => {
    renderPage(req, res, 'home', homePageModel(journeys));
  });

  router.post(paths.startOver, requireCsrfToken, async (req, res) => {
    // Ends the session for good: the store forgets it and the cookie is cleared. No new session is made until
    // there is something to keep.
    await endSession(req, res);
    res.redirect(303, paths.home);
  });

  return router;
}
