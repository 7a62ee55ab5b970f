// GET /how-it-works: the life of one session in this app, told with the visitor's live values.
import { Router } from 'express';
import { renderPage } from '../http/page';
import { describeSession } from './index';

export const HOW_IT_WORKS_PATH = '/how-it-works';

export function howItWorksRouter(): Router {
  const router = Router();
  router.get(HOW_IT_WORKS_PATH, (req, res) => {
    // No form of its own, so no token is made: a visitor who has stored nothing gets no cookie here either.
    renderPage(req, res, 'how-it-works', { title: 'How a session works here', session: describeSession(req) });
  });
  return router;
}
