// Where each journey's part of the session lives, until the session module offers readSession / changeSession:
// the lesson's answers where the seed keeps them (`answers`), the order's beside them (`order`).
import type { Request } from 'express';
import type { SessionData } from 'express-session';
import { regenerateSession, saveSession } from './middleware';
import { checkNewSessionLimit } from './new-session-limit';

declare module 'express-session' {
  interface SessionData {
    /** The lesson's part: its answers by field name. */
    answers?: Record<string, unknown>;
    /** The order's part: its answers by field name, and a placed order not shown yet. */
    order?: Record<string, unknown>;
  }
}

export type JourneyKey = 'lesson' | 'order';
export type JourneysData = Readonly<Partial<Record<JourneyKey, Readonly<Record<string, unknown>>>>>;

/** Each journey's part as the session holds it (read only). */
export function readJourneysData(req: Request): JourneysData {
  // Error pages can be rendered before the session middleware has run.
  const session = req.session as Partial<SessionData> | undefined;
  return { lesson: session?.answers, order: session?.order };
}

/** Replaces one journey's part (undefined removes it) and saves the session before the response goes out. */
export async function writeJourneyData(req: Request, key: JourneyKey, value: Readonly<Record<string, unknown>> | undefined): Promise<void> {
  const before = readJourneysData(req);
  const heldNothing = before.lesson === undefined && before.order === undefined;
  if (heldNothing && value === undefined) return; // nothing to forget: no session is made for it
  if (heldNothing) {
    // This is where a visitor's session is created, so the limit on new sessions per address is checked here (429).
    await checkNewSessionLimit(req);
    // A session about to hold its first answers gets a new id: one planted in the browser before (session fixation) then holds nothing.
    await regenerateSession(req);
  }
  if (key === 'lesson') {
    if (value === undefined) delete req.session.answers;
    else req.session.answers = { ...value };
  } else if (value === undefined) delete req.session.order;
  else req.session.order = { ...value };
  await saveSession(req);
}
