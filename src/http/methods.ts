// Only GET, HEAD and POST reach the flow: any other method is a 404 page, as for any URL that doesn't take it.
import type { RequestHandler } from 'express';

const SERVED_METHODS = new Set(['GET', 'HEAD', 'POST']);

/**
 * Express answers OPTIONS by itself (200, text/plain, an Allow header) for any path that has routes. The
 * contract says a method a URL does not take is a 404, and no page here needs OPTIONS (no cross-origin
 * calls, no CORS preflight), so every other method goes to `notFound` like TRACE, PUT or DELETE already do.
 */
export function onlyServedMethods(notFound: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (SERVED_METHODS.has(req.method)) {
      next();
      return;
    }
    void notFound(req, res, next);
  };
}
