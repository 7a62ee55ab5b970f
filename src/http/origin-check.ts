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
 * - `Origin` present and not this site's public origin: cross-site. The public origin is PUBLIC_ORIGIN when set;
 *   otherwise the scheme and host this request came to, where both come from X-Forwarded-Proto/-Host only when
 *   TRUST_PROXY trusts the proxy (a proxy that rewrites Host, as nginx's default does, passes the public name there).
 * - `Origin: null` is cross-site too: a sandboxed iframe, a data: URL or a file: page sends it, so any attacker
 *   can. Our own pages send their real origin (Referrer-Policy: same-origin, see security.ts); the one
 *   exception is a browser that also says `Sec-Fetch-Site: same-origin`, which only our own pages can make it say.
 */
export function isCrossSite(req: Request, publicOrigin?: string): boolean {
  const fetchSite = req.get('sec-fetch-site')?.trim().toLowerCase();
  if (fetchSite !== undefined && !OWN_FETCH_SITES.has(fetchSite)) return true;
  const origin = req.get('origin')?.trim();
  if (origin === undefined) return false;
  if (origin === 'null') return fetchSite !== 'same-origin';
  return !isThisSite(origin, req, publicOrigin);
}

/** Compared as URL origins, so case and a default port (`:443`) make no difference. */
function isThisSite(origin: string, req: Request, publicOrigin: string | undefined): boolean {
  // req.protocol and req.host: X-Forwarded-Proto and X-Forwarded-Host when the proxy is trusted, else the request's own.
  // A request with no Host header at all (HTTP/1.0) names no site, so it matches none (Express's typings say
  // req.host is always a string; it is undefined then).
  if (publicOrigin === undefined && req.get('host') === undefined) return false;
  const expected = publicOrigin ?? `${req.protocol}://${req.host}`;
  try {
    return new URL(origin).origin === new URL(expected).origin;
  } catch {
    return false; // an Origin that is not a URL is no origin of ours
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every method that could change something (not GET, HEAD, OPTIONS) goes through the check, before its body is read.
 * `publicOrigin`: PUBLIC_ORIGIN, when set.
 */
export function refuseCrossSiteRequests(publicOrigin?: string): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || !isCrossSite(req, publicOrigin)) {
      next();
      return;
    }
    next(new CrossSiteRequestError(`cross-site ${req.method} refused`));
  };
}
