// The site's own pages around the journeys: home, and start over (which ends the whole session, every journey's part).
import { Router, type Request } from 'express';
import { paths } from '../flow/paths';
import { requireCsrfToken } from '../http/csrf';
import { renderPage } from '../pages/page';
import { regenerateSession, saveSession } from '../session/middleware';
import { setNotice } from '../session/notices';

export function flowRouter(): Router {
  const router = Router();

  router.get(paths.home, async (req, res) => {
    await renderPage(req, res, 'home', { title: 'Sessions, by example' });
  });

  router.post(paths.startOver, requireCsrfToken, async (req, res) => {
    await startOver(req);
    res.redirect(303, paths.home);
  });

  return router;
}

/** Ends the session for good: the store forgets it and the browser gets a new id. */
async function startOver(req: Request): Promise<void> {
  await regenerateSession(req);
  setNotice(req.session, 'startedOver');
  await saveSession(req);
}
