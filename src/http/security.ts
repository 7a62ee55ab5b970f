// Security headers (helmet) with a strict Content-Security-Policy: no inline script or style, only the app's own files.
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config';

export function helmetOptions(config: Config): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        // The session clock (public/session-clock.js, the app's one script) from our own origin only, never inline;
        // it posts "stay" back to this origin with fetch.
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        // Only where https is certain: on http://localhost it would break loading the stylesheet.
        upgradeInsecureRequests: config.nodeEnv === 'production' ? [] : null,
      },
    },
    // Not helmet's "no-referrer": under it, browsers send `Origin: null` on our own form posts, and the origin
    // check (origin-check.ts) must refuse `null`. "same-origin" still tells other sites nothing.
    referrerPolicy: { policy: 'same-origin' },
  };
}

/** helmet with the options above, on every response. */
export function securityHeaders(config: Config): RequestHandler {
  return helmet(helmetOptions(config));
}
