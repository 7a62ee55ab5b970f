// One-time notices ("your session expired", "you started over") in a short-lived cookie, shown by the next page. The
// session layer only reports that a session ended (and why, when it knows); what the visitor is told is decided here.
import type { Request, Response } from 'express';
import { requestCookie, withoutSetCookie, type CookieJar } from '../http/cookies';
import type { EndReason } from '../session/session';

/**
 * A message shown once, on the next page the visitor sees: the session timed out ('expired') or was started over
 * ('startedOver'), both known; or the store no longer has it and the app does not know why ('lost'); or a journey's own.
 */
export type Notice = 'expired' | 'startedOver' | 'lost' | JourneyNotice;

/**
 * A journey's own notices name their journey by id (pages/journey-notices.ts words them): `cancelled:order` (its answers
 * were forgotten), `notCancelled:order` (cancel came after it was sent), `alreadySent:order` (the same form was sent
 * again: nothing sent twice), `doneShown:order` (its done page, shown once, was opened again).
 */
export type JourneyNotice = `${JourneyNoticeKind}:${string}`;
export type JourneyNoticeKind = (typeof JOURNEY_NOTICE_KINDS)[number];
export const JOURNEY_NOTICE_KINDS = ['cancelled', 'notCancelled', 'alreadySent', 'doneShown'] as const;
const JOURNEY_NOTICE = new RegExp(`^(${JOURNEY_NOTICE_KINDS.join('|')}):[a-z0-9][a-z0-9-]{0,63}$`);

/** The cookie's name before the jar's prefix (`__Host-flow.notice` where the app is served over https only). */
export const NOTICE_COOKIE = 'flow.notice';

/** Long enough to survive a redirect or a slow click, short enough not to greet someone hours later. */
const NOTICE_MAX_AGE_MS = 5 * 60_000;

const NOTICES: readonly Notice[] = ['expired', 'startedOver', 'lost']; // the whitelist: any other value is ignored

const NOTICE_FOR: Record<EndReason, Notice> = {
  expired: 'expired',
  startedOver: 'startedOver',
  lost: 'lost',
};

/** What a visitor is told when the session layer reports their session ended. */
export function noticeFor(reason: EndReason): Notice {
  return NOTICE_FOR[reason];
}

export interface Notices {
  /** Sends the notice cookie; the next page rendered shows it. Never stored in the session store. */
  setNotice(req: Request, res: Response, notice: Notice): void;
  /** The notice to show on this page, and the cookie cleared, so it is shown once. */
  takeNotice(req: Request, res: Response): Notice | undefined;
  /** The notice to show on this page, without using it up (HEAD: a link checker or a preview bot). */
  peekNotice(req: Request): Notice | undefined;
}

export function createNotices(cookies: CookieJar): Notices {
  const name = cookies.name(NOTICE_COOKIE);
  /** Notices set while answering this request (not in the request's cookie yet). */
  const pending = new WeakMap<Request, Notice>();
  const peekNotice = (req: Request): Notice | undefined => {
    const set = pending.get(req);
    if (set !== undefined) return set;
    const sent = requestCookie(req, name);
    if (sent !== undefined && JOURNEY_NOTICE.test(sent)) return sent as JourneyNotice;
    return NOTICES.find((n) => n === sent);
  };
  return {
    peekNotice,
    setNotice(req, res, notice) {
      pending.set(req, notice);
      withoutSetCookie(res, name);
      res.cookie(name, notice, { ...cookies.options(req), maxAge: NOTICE_MAX_AGE_MS });
    },
    takeNotice(req, res) {
      const notice = peekNotice(req);
      if (notice === undefined && requestCookie(req, name) === undefined) return undefined;
      pending.delete(req);
      withoutSetCookie(res, name);
      // Cleared only if the browser holds one; a notice set on this very request is simply not sent.
      if (requestCookie(req, name) !== undefined) res.clearCookie(name, cookies.options(req));
      return notice;
    },
  };
}
