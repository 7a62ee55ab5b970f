// Security headers (helmet) with a strict Content-Security-Policy: the pages need no script and no inline style.
import type { IncomingMessage, ServerResponse } from 'node:http';
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

/**
 * Sets exactly the headers helmet sets (and removes what it removes), worked out once by running helmet at
 * start-up. With our options none of them depends on the request, and helmet would otherwise chain a dozen
 * middleware functions on every response to set the same values.
 */
export function securityHeaders(config: Config): RequestHandler {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  const outcome: { finished: boolean; failure?: unknown } = { finished: false };
  helmet(helmetOptions(config))({} as unknown as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    outcome.finished = true;
    outcome.failure = err;
  });
  // helmet runs synchronously; if a version ever did not, fail at start-up rather than send no headers.
  if (!outcome.finished || outcome.failure !== undefined) {
    throw new Error('helmet did not set its headers at start-up', { cause: outcome.failure });
  }
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
