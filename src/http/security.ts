// Security headers (helmet) with a strict Content-Security-Policy: the pages need no script and no inline style.
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../config';

export function securityHeaders(config: Config): RequestHandler {
  return helmet({
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
  });
}
