// 415 for a POST body that is not a form: only application/x-www-form-urlencoded is read here.
import type { RequestHandler } from 'express';

const FORM = 'application/x-www-form-urlencoded';

/** The body is the wrong kind (JSON, multipart, text/plain, or a body with no type at all). */
export class UnsupportedBodyTypeError extends Error {
  override name = 'UnsupportedBodyTypeError';
  readonly status = 415;
}

/**
 * Every form on these pages is urlencoded; anything else gets a 415 that says so, before the CSRF check
 * (which could only say the token was missing). A POST with an empty body is left to the CSRF check.
 */
export function requireFormBody(): RequestHandler {
  return (req, _res, next) => {
    const length = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (req.method !== 'POST' || !hasBody || req.is(FORM) !== false) {
      next();
      return;
    }
    next(new UnsupportedBodyTypeError(`a ${req.get('content-type') ?? 'untyped'} body is not a form`));
  };
}
