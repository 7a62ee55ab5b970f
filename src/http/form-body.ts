// Reading a form body (application/x-www-form-urlencoded) strictly: a body that cannot be read as the visitor's answers
// is a 400 page and nothing is stored, whatever the reason (broken percent-encoding, an unknown charset, too many fields).
import bodyParser from 'body-parser';
import type { RequestHandler } from 'express';

/** Why a form body could not be read; the error page says which, in words. */
export type UnreadableReason = 'encoding' | 'charset' | 'fields';

/** A form body that cannot be read: 400, nothing stored. */
export class UnreadableFormError extends Error {
  override name = 'UnreadableFormError';
  readonly status = 400;

  constructor(
    readonly reason: UnreadableReason,
    message: string,
  ) {
    super(message);
  }
}

export interface FormBodyOptions {
  /** Largest body read; a larger one is a 413. */
  limitBytes: number;
  /** Most name=value pairs a form may carry; more is no form of ours (400). */
  parameterLimit: number;
}

/**
 * body-parser's urlencoded reader, with three answers of its own: broken percent-encoding (which the parser would keep
 * as sent, `%E0%A4%A` and all) and an unknown charset (the parser's 415) are a 400 page; so is a body with more pairs
 * than `parameterLimit` (the parser's 413 "too large", though such a body may be small).
 */
export function readFormBody(options: FormBodyOptions): RequestHandler {
  const parse: RequestHandler = bodyParser.urlencoded({
    extended: false, // flat key=value pairs only: "a[b]=c" stays a plain key, never an object
    limit: options.limitBytes,
    parameterLimit: options.parameterLimit,
    verify: (_req, _res, body, encoding) => {
      if (encoding === 'utf-8' && !strictlyEncoded(body.toString('latin1'))) {
        throw new UnreadableFormError('encoding', 'a form body with broken percent-encoding');
      }
    },
  });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => next(translated(err)));
  };
}

/** True when every %-sequence of every name and value decodes to valid UTF-8. */
function strictlyEncoded(body: string): boolean {
  if (!body.includes('%')) return true;
  for (const part of body.split(/[&=]/)) {
    if (!part.includes('%')) continue;
    try {
      decodeURIComponent(part);
    } catch {
      return false;
    }
  }
  return true;
}

function translated(err: unknown): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const type = (err as { type?: unknown }).type;
  // verify's error comes back marked 403 by body-parser: made afresh, with its own status.
  if (err instanceof UnreadableFormError) return new UnreadableFormError(err.reason, err.message);
  if (type === 'charset.unsupported') return new UnreadableFormError('charset', `a form body in an unknown charset (${(err as Error).message})`);
  if (type === 'parameters.too.many') return new UnreadableFormError('fields', 'a form body with more fields than any form here');
  return err;
}
