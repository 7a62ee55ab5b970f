// The site's own pages around the journeys: home (each journey offered, from the registry), and start over (which ends the whole session, every journey's part).
import { Router } from 'express';
import { paths } from '../flow/paths';
import { homePageModel } from '../pages/journey-models';
import { endSession } from '../session/session';
import type { Services } from './services';

export function flowRouter({ journeys, csrf, pages, notices }: Services): Router {
  const router = Router();
  const { renderPage } = pages;
  const requireCsrfToken = csrf.require;

  router.get(paths.home, (req, res) => {
    renderPage(req, res, 'home', homePageModel(journeys));
  });

  router.post(paths.startOver, requireCsrfToken, async (req, res) => {
    // Ends the session for good: the store forgets it and the cookie is cleared. No new session is made until
    // there is something to keep.
    await endSession(req, res);
    notices.setNotice(req, res, 'startedOver');
    res.redirect(303, paths.home);
  });

  return router;
}
