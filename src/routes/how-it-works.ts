// GET /how-it-works: the life of one session in this app, told with the visitor's live values.
import { Router } from 'express';
import { paths } from '../flow/paths';
import { describeSession } from '../inspector/facts';
import { storedSectionsOf } from '../pages/answer-rows';
import { renderPage } from '../pages/page';
import { readSession } from '../session/session';

export function howItWorksRouter(): Router {
  const router = Router();
  router.get(paths.howItWorks, (req, res) => {
    // No form of its own, so no token is made: a visitor who has stored nothing gets no cookie here either.
    const stored = storedSectionsOf(req.app.locals.journeys, readSession(req)?.journeys);
    renderPage(req, res, 'how-it-works', { title: 'How a session works here', session: describeSession(req, stored) });
  });
  return router;
}
