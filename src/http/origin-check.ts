// Cross-site requests refused: a POST that a browser says came from another site is a 403 before anything is read.
import type { Request, RequestHandler } from 'express';

/** A state-changing request sent by a page of another site. The error page says so. */
export class CrossSiteRequestError extends Error {
  override name = 'CrossSiteRequestError';
  readonly status = 403;
}

/**
 * `Sec-Fetch-Site` values that mean the request came from this site's own pages (`same-origin`) or from the
 * visitor directly (`none`: typed, bookmarked). `same-site` is refused too: a sibling subdomain is another app.
 */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

/**
 * True when the browser tells us the request came from another site. Browsers set both headers themselves
 * (a page's scripts cannot), so a cookie-carrying cross-site form or fetch can't hide it; a client sending
 * neither (curl, supertest, an older browser's same-site post) is let through, to the CSRF token.
 *
 * - `Sec-Fetch-Site` present and not `same-origin`/`none`: cross-site.
 * - `Origin` present and not this site (scheme and host as this app sees them, behind `trust proxy`): cross-site.
 * - `Origin: null` is cross-site too: a sandboxed iframe, a data: URL or a file: page sends it, so any attacker
 *   can. Our own pages send their real origin (Referrer-Policy: same-origin, see security.ts); the one
 *   exception is a browser that also says `Sec-Fetch-Site: same-origin`, which only our own pages can make it say.
 */
export function isCrossSite(req: Request): boolean {
  const fetchSite = req.get('sec-fetch-site')?.trim().toLowerCase();
  if (fetchSite !== undefined && !OWN_FETCH_SITES.has(fetchSite)) return true;
  const origin = req.get('origin')?.trim();
  if (origin === undefined) return false;
  if (origin === 'null') return fetchSite !== 'same-origin';
  return !isThisSite(origin, req);
}

/** Compared as URL origins, so case and a default port (`:443`) make no difference. */
function isThisSite(origin: string, req: Request): boolean {
  const host = req.get('host');
  if (host === undefined) return false;
  try {
    return new URL(origin).origin === new URL(`${req.protocol}://${host}`).origin;
  } catch {
    return false; // an Origin that is not a URL is no origin of ours
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every method that could change something (not GET, HEAD, OPTIONS) goes through the check, before its body is read. */
export function refuseCrossSiteRequests(): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || !isCrossSite(req)) {
      next();
      return;
    }
    next(new CrossSiteRequestError(`cross-site ${req.method} refused`));
  };
}
