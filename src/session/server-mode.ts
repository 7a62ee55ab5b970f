// Server mode: express-session reads the signed cookie and loads the session; this file restarts its idle clock and
// alone writes, by compare-and-set.
import { createHmac, randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import session, { Store } from 'express-session';
import type { Config } from '../config';
import { cookieJar, cookiePolicy, requestCookie, signedCookieValue, withoutSetCookie } from '../http/cookies';
import { applied, attachSession, emptySession, MAX_ATTEMPTS, withinLifetime, type Current, type OnEnded, type SessionBackend, type SessionChange } from './backend';
import { isSessionData, type SessionData } from './data';
import { CommandNotSentError, SessionBusyError, SessionEndedError, StoreUnavailableError } from './errors';
import type { RecordStore } from './record-store';
import type { SessionStore, StoreKind } from './session-store';

export function createServerSessionMiddleware(
  config: Config,
  sessionStore: SessionStore,
  beforeCreate: (req: Request) => Promise<void>,
  onEnded: OnEnded,
  browserSeed: (req: Request) => string | undefined,
): RequestHandler {
  const cookies = cookieJar(config.secureCookies);
  const { records } = sessionStore;
  if (records === undefined) throw new Error(`server-side sessions need a store, and "${sessionStore.kind}" has none`);
  const store: RecordStore = records;
  const newIds = new WeakSet<Request>();
  /** Requests whose correctly signed cookie names a session the store no longer has: the id it named. */
  const lost = new WeakMap<Request, string>();
  const middleware = session({
    name: config.cookieName, // our own name, not the default "connect.sid" that advertises the framework
    secret: config.sessionSecrets, // the first signs new cookies; every one of them is accepted (rotation)
    store: new ExpressStoreAdapter(store),
    resave: false, // don't write back a session that nothing changed
    saveUninitialized: false, // no cookie and no stored session until there is something to keep
    // express-session asks for a new id in two cases: no usable cookie, or a correctly signed cookie whose
    // session the store no longer has. In the second case the request still carries the old id and has no
    // session yet: that session has ended, and the visitor is told.
    genid: (req: Request) => {
      if (typeof req.sessionID === 'string' && (req.session as unknown) === undefined) lost.set(req, req.sessionID);
      newIds.add(req);
      return randomBytes(24).toString('base64url');
    },
    cookie: {
      ...cookiePolicy, // HttpOnly, SameSite=Lax, Path=/ (express-session never sets this cookie here: see the backend)
      secure: 'auto', // Secure when the request came over https
      // No maxAge: the cookie lasts until the browser closes, and the store keeps both clocks. The browser
      // then still sends an ended session's cookie, so we can tell the visitor it ended.
    },
  });
  const backend = serverBackend(config, store, sessionStore.kind, beforeCreate, browserSeed);
  return (req, res, next) => {
    // No session cookie at all: express-session would only build an empty session (a random id, a Session and a
    // Cookie object, three hashes of it, a res.end wrapper) that is never saved or sent, so it is not called.
    // Every request that carries the cookie goes through express-session, which checks its signature and loads it.
    if (requestCookie(req, config.cookieName) === undefined) {
      attachSession(req, backend, { state: 'none', id: undefined, data: undefined });
      next();
      return;
    }
    middleware(req, res, (err?: unknown) => {
      if (err !== undefined) {
        next(new StoreUnavailableError(err)); // express-session only fails when its store does
        return;
      }
      void settle(req, res, next);
    });
  };

  async function settle(req: Request, res: Response, next: (err?: unknown) => void): Promise<void> {
    try {
      const current = loadedSession(req, newIds.has(req), lost.has(req), config.sessionAbsoluteMs);
      const lostId = lost.get(req);
      // The app tells why only when the store kept a marker saying so (docs/SESSIONS.md); otherwise it says it does not know.
      if (current.state === 'ended' && current.endReason === undefined) current.endReason = (lostId !== undefined && (await store.endReason?.(lostId))) || 'lost';
      attachSession(req, backend, current);
      if (current.state === 'ended') {
        // Nothing is written to the store: the cookie is cleared, and the next page says the session ended (and why, if known).
        res.clearCookie(config.cookieName, cookies.options(req));
        onEnded(req, res, current.endReason ?? 'lost');
      }
      // The idle clock restarts here, as the session loads (the store adapter has no touch: see ExpressStoreAdapter).
      if (current.state === 'live' && current.id !== undefined && current.data !== undefined) await store.touch(current.id, current.data);
      next();
    } catch (err) {
      next(new StoreUnavailableError(err));
    }
  }
}

function loadedSession(req: Request, isNewId: boolean, wasLost: boolean, absoluteMs: number): Current {
  // express-session skips requests outside the cookie's path (`OPTIONS *`): no session at all then.
  const loaded = req.session as unknown as Record<string, unknown> | undefined;
  if (loaded === undefined || isNewId) return { state: wasLost ? 'ended' : 'none', id: undefined, data: undefined };
  const data = isSessionData(loaded) ? { journeys: loaded.journeys, createdAt: loaded.createdAt, version: loaded.version } : undefined;
  // A record of another shape (an older version of the app): an ended session, reason unknown.
  if (data === undefined) return { state: 'ended', id: undefined, data: undefined, endReason: 'lost' };
  // Past its absolute lifetime: it timed out, and the app knows it.
  if (!withinLifetime(data, absoluteMs, Date.now())) return { state: 'ended', id: undefined, data: undefined, endReason: 'expired' };
  return { state: 'live', id: req.sessionID, data };
}

/** How long after a write's failure the app keeps trying to read the record back, to learn whether the write went through. */
const REREAD_MS = 2500;
/** Pause between two read-backs while the store is still reconnecting. */
const REREAD_PAUSE_MS = 100;

/**
 * Two first answers of one browser derive the same ids within one window of this length (docs/SESSIONS.md): the
 * window keeps an id from ever being derived again once its session has ended.
 */
export const BIRTH_WINDOW_MS = 60_000;
/** Derived ids tried in a window before a random one (the first may be taken by a session of this window that ended). */
const DERIVED_IDS = 3;

type WriteOutcome = { written: true } | { written: false; stored: SessionData | undefined };

function serverBackend(
  config: Config,
  records: RecordStore,
  storeKind: StoreKind,
  beforeCreate: (req: Request) => Promise<void>,
  browserSeed: (req: Request) => string | undefined,
): SessionBackend {
  const cookies = cookieJar(config.secureCookies);
  const secret = config.sessionSecrets[0] ?? '';
  const reach = async <T>(operation: Promise<T>): Promise<T> => {
    try {
      return await operation;
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  };
  const ended = async (id: string): Promise<SessionEndedError> => new SessionEndedError((await reach(records.endReason?.(id) ?? Promise.resolve(undefined))) ?? 'lost');

  /**
   * One compare-and-set. A write that fails without a clear refusal (no answer in time) may still have been stored:
   * the record is read back before the visitor is told anything. Went through: written. Not there: 503 saying so.
   */
  async function write(id: string, next: SessionData, newcomer: boolean): Promise<WriteOutcome> {
    try {
      return (await records.set(id, next)) ? { written: true } : { written: false, stored: await reach(records.get(id)) };
    } catch (err) {
      const failure = new StoreUnavailableError(err, { newcomer, lastChange: 'unknown' });
      // A refusal (Redis full) is an answer: nothing was written, and what was kept before is still there.
      if (failure.trouble === 'full') throw Object.assign(failure, { facts: { ...failure.facts, lastChange: 'notStored', earlierKept: !newcomer } });
      // Never sent (the store was already known to be down): nothing was written, nothing to read back.
      if (err instanceof CommandNotSentError) throw Object.assign(failure, { facts: { ...failure.facts, lastChange: 'notStored' } });
      const stored = await readBack(id, failure);
      if (stored !== undefined && JSON.stringify(stored) === JSON.stringify(next)) return { written: true };
      if (stored === undefined && !newcomer) throw await ended(id);
      if (stored === undefined || stored.version === next.version - 1) {
        failure.facts = { ...failure.facts, lastChange: 'notStored', earlierKept: stored !== undefined };
        throw failure;
      }
      return { written: false, stored }; // another request wrote meanwhile: an ordinary conflict
    }
  }

  /** The record as the store holds it, retried while the store reconnects, for at most REREAD_MS. */
  async function readBack(id: string, failure: StoreUnavailableError): Promise<SessionData | undefined> {
    const deadline = Date.now() + REREAD_MS;
    for (;;) {
      try {
        return await records.get(id);
      } catch {
        if (Date.now() + REREAD_PAUSE_MS > deadline) throw failure; // lastChange stays 'unknown'
        await new Promise((resolve) => setTimeout(resolve, REREAD_PAUSE_MS));
      }
    }
  }

  /** Re-applies `change` over newer records until a compare-and-set takes it. */
  async function update(id: string, base: SessionData, change: SessionChange): Promise<SessionData> {
    let current = base;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const next = applied(current, change);
      const outcome = await write(id, next, false);
      if (outcome.written) return next;
      // Another request of this session wrote first, or the session is gone.
      if (outcome.stored === undefined) throw await ended(id);
      current = outcome.stored;
    }
    throw new SessionBusyError(MAX_ATTEMPTS);
  }

  /**
   * The ids a first answer tries, in order: a few derived from what the browser already holds (so its tabs try the
   * same ones, and meet), then a random one. A planted session id is never among them.
   */
  function birthIds(req: Request, now: number): { id: string; derived: boolean }[] {
    const seed = browserSeed(req);
    const window = Math.floor(now / BIRTH_WINDOW_MS);
    const derived =
      seed === undefined
        ? []
        : Array.from({ length: DERIVED_IDS }, (_, n) => ({
            id: createHmac('sha256', secret).update(`sid:${window}:${n}:${seed}`).digest().subarray(0, 24).toString('base64url'),
            derived: true,
          }));
    return [...derived, { id: randomBytes(24).toString('base64url'), derived: false }];
  }

  async function create(req: Request, change: SessionChange): Promise<{ id: string; data: SessionData }> {
    await beforeCreate(req);
    const now = Date.now();
    for (const { id, derived } of birthIds(req, now)) {
      const data = applied(emptySession(now), change);
      const outcome = await write(id, data, true);
      if (outcome.written) return { id, data };
      if (!derived) throw new Error('a new session id was already taken');
      // Taken: by the other tab's first answer (a live session of this window: join it), or by a session of this
      // window that has already ended (a marker: never reused, try the next id).
      if (outcome.stored !== undefined) {
        try {
          return { id, data: await update(id, outcome.stored, change) };
        } catch (err) {
          if (!(err instanceof SessionEndedError)) throw err; // ended while we joined: try the next id
        }
      }
    }
    throw new Error('no id left for a new session');
  }

  return {
    mode: 'server',
    storeKind,
    cookieName: config.cookieName,
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
    async change(req, res, current, change) {
      if (current.state === 'none' || current.id === undefined || current.data === undefined) {
        const { id, data } = await create(req, change);
        Object.assign(current, { state: 'live', id, data });
        withoutSetCookie(res, config.cookieName);
        res.cookie(config.cookieName, signedCookieValue(id, secret), cookies.options(req));
        return;
      }
      current.data = await update(current.id, current.data, change);
    },
    async end(req, res, current) {
      if (current.id !== undefined) await reach(records.destroy(current.id));
      withoutSetCookie(res, config.cookieName);
      res.clearCookie(config.cookieName, cookies.options(req));
    },
    keptData: (_req, current) => current.data as unknown as Readonly<Record<string, unknown>> | undefined,
    cookieSize: () => undefined,
  };
}

type SessionCallback = (err: unknown, session?: session.SessionData | null) => void;

/**
 * The store as express-session sees it: it loads a record (get) and nothing more. express-session never writes
 * here (resave and saveUninitialized are off, and no code changes req.session); every write is this module's
 * compare-and-set. It has no `touch` on purpose: with one, express-session holds back the end of every response
 * of a loaded session until an asynchronous touch has finished (writing the body in two pieces, and hashing the
 * session once more to decide); the middleware above restarts the idle clock itself as the session loads, with
 * the record store's touch, which never re-creates a record that is gone.
 */
class ExpressStoreAdapter extends Store {
  constructor(private readonly records: RecordStore) {
    super();
  }

  override get(sid: string, callback: SessionCallback): void {
    this.records.get(sid).then(
      // express-session expects the cookie's settings in the record; ours live in http/cookies.ts.
      (record) => callback(null, record === undefined ? null : ({ ...record, cookie: {} } as unknown as session.SessionData)),
      (err: unknown) => callback(err),
    );
  }

  override set(_sid: string, _session: session.SessionData, callback?: (err?: unknown) => void): void {
    callback?.(new Error('sessions are written only through changeSession (compare-and-set)'));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.records.destroy(sid).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }
}
