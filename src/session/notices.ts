// One-time notices ("your session expired", "you started over"), kept in the session until a page shows them.
import type { Session, SessionData } from 'express-session';

/** A message shown once, on the next page the visitor sees. */
export type Notice = 'expired' | 'startedOver';

declare module 'express-session' {
  interface SessionData {
    notice?: Notice;
  }
}

type NoticeSession = Partial<SessionData> & Pick<Session, 'id'>;

export function setNotice(session: NoticeSession, notice: Notice): void {
  session.notice = notice;
}

export function peekNotice(session: NoticeSession | undefined): Notice | undefined {
  return session?.notice;
}

/** Reads the notice and removes it, so it is shown once. */
export function takeNotice(session: NoticeSession | undefined): Notice | undefined {
  const notice = session?.notice;
  if (session && notice) delete session.notice;
  return notice;
}
