// Cache-Control: no-store on every response that is not a static file (those keep express.static's caching).
import type { RequestHandler, Response } from 'express';

/**
 * Pages show a visitor's answers and carry their form token, redirects depend on the session, and error
 * pages describe one request: none of them may be kept by the browser (the back button, a shared computer)
 * or by a cache on the way. Mounted after express.static, which sets its own Cache-Control only when none is set.
 */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    preventStoring(res);
    next();
  };
}

/** For the error pages, which can come from before this middleware (a static file that failed). */
export function preventStoring(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
}
