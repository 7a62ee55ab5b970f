// One-time notices ("your session expired", "you started over") in a short-lived cookie, shown by the next page.
import type { Request, Response } from 'express';
import { cookieOptions, withoutSetCookie } from './cookie-policy';
import { requestCookie } from './request-cookies';

/** A message shown once, on the next page the visitor sees. */
export type Notice = 'expired' | 'startedOver' | JourneyNotice;

/**
 * A journey's own notices name their journey by id (pages/journey-notices.ts words them): `cancelled:order` (its answers
 * were forgotten), `notCancelled:order` (cancel came after it was sent), `alreadySent:order` (the same form was sent
 * again: nothing sent twice), `doneShown:order` (its done page, shown once, was opened again).
 */
export type JourneyNotice = `${JourneyNoticeKind}:${string}`;
export type JourneyNoticeKind = (typeof JOURNEY_NOTICE_KINDS)[number];
export const JOURNEY_NOTICE_KINDS = ['cancelled', 'notCancelled', 'alreadySent', 'doneShown'] as const;
const JOURNEY_NOTICE = new RegExp(`^(${JOURNEY_NOTICE_KINDS.join('|')}):[a-z0-9][a-z0-9-]{0,63}$`);

export const NOTICE_COOKIE = 'flow.notice';

/** Long enough to survive a redirect or a slow click, short enough not to greet someone hours later. */
const NOTICE_MAX_AGE_MS = 5 * 60_000;

const NOTICES: readonly Notice[] = ['expired', 'startedOver']; // the whitelist: any other value is ignored

/** Notices set while answering this request (not in the request's cookie yet). */
const pending = new WeakMap<Request, Notice>();

/** Sends the notice cookie; the next page rendered shows it. Never stored in the session store. */
export function setNotice(req: Request, res: Response, notice: Notice): void {
  pending.set(req, notice);
  withoutSetCookie(res, NOTICE_COOKIE);
  res.cookie(NOTICE_COOKIE, notice, { ...cookieOptions(req), maxAge: NOTICE_MAX_AGE_MS });
}

/** The notice to show on this page, without using it up (for error pages). */
export function peekNotice(req: Request): Notice | undefined {
  const set = pending.get(req);
  if (set !== undefined) return set;
  const sent = requestCookie(req, NOTICE_COOKIE);
  if (sent !== undefined && JOURNEY_NOTICE.test(sent)) return sent as JourneyNotice;
  return NOTICES.find((n) => n === sent);
}

/** The notice to show on this page, and the cookie cleared, so it is shown once. */
export function takeNotice(req: Request, res: Response): Notice | undefined {
  const notice = peekNotice(req);
  if (notice === undefined && requestCookie(req, NOTICE_COOKIE) === undefined) return undefined;
  pending.delete(req);
  withoutSetCookie(res, NOTICE_COOKIE);
  // Cleared only if the browser holds one; a notice set on this very request is simply not sent.
  if (requestCookie(req, NOTICE_COOKIE) !== undefined) res.clearCookie(NOTICE_COOKIE, cookieOptions(req));
  return notice;
}
