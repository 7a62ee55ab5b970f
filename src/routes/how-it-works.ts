// GET /how-it-works: the life of one session in this app, told with the visitor's live values.
import { Router } from 'express';
import { paths } from '../flow/paths';
import type { Services } from './services';

export function howItWorksRouter({ pages }: Services): Router {
  const router = Router();
  const { renderPage, describeSession } = pages;
  router.get(paths.howItWorks, (req, res) => {
    // No form of its own, so no token is made: a visitor who has stored nothing gets no cookie here either.
    renderPage(req, res, 'how-it-works', { title: 'How a session works here', session: describeSession(req) });
  });
  return router;
}
