// Server mode: express-session reads the signed cookie and loads the session; this file restarts its idle clock and
// alone writes, by compare-and-set.
import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session, { Store } from 'express-session';
import type { Config } from '../config';
import { cookieJar, cookiePolicy, requestCookie, signedCookieValue, withoutSetCookie } from '../http/cookies';
import { applied, attachSession, emptySession, MAX_ATTEMPTS, withinLifetime, type Current, type OnEnded, type SessionBackend } from './backend';
import { isSessionData } from './data';
import { SessionBusyError, SessionEndedError, StoreUnavailableError } from './errors';
import type { RecordStore } from './record-store';
import type { SessionStore, StoreKind } from './session-store';

export function createServerSessionMiddleware(
  config: Config,
  sessionStore: SessionStore,
  beforeCreate: (req: Request) => Promise<void>,
  onEnded: OnEnded,
): RequestHandler {
  const cookies = cookieJar(config.secureCookies);
  const records = sessionStore.records;
  if (records === undefined) throw new Error(`server-side sessions need a store, and "${sessionStore.kind}" has none`);
  const newIds = new WeakSet<Request>();
  const lost = new WeakSet<Request>();
  const middleware = session({
    name: config.cookieName, // our own name, not the default "connect.sid" that advertises the framework
    secret: config.sessionSecrets, // the first signs new cookies; every one of them is accepted (rotation)
    store: new ExpressStoreAdapter(records),
    resave: false, // don't write back a session that nothing changed
    saveUninitialized: false, // no cookie and no stored session until there is something to keep
    // express-session asks for a new id in two cases: no usable cookie, or a correctly signed cookie whose
    // session the store no longer has. In the second case the request still carries the old id and has no
    // session yet: that session has ended, and the visitor is told.
    genid: (req: Request) => {
      if (typeof req.sessionID === 'string' && (req.session as unknown) === undefined) lost.add(req);
      newIds.add(req);
      return randomBytes(24).toString('base64url');
    },
    cookie: {
      ...cookiePolicy, // HttpOnly, SameSite=Lax, Path=/ (express-session never sets this cookie here: see the backend)
      secure: 'auto', // Secure when the request came over https
      // No maxAge: the cookie lasts until the browser closes, and the store keeps both clocks. The browser
      // then still sends an ended session's cookie, so we can tell the visitor it expired.
    },
  });
  const backend = serverBackend(config, records, sessionStore.kind, beforeCreate);
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
      const current = loadedSession(req, newIds.has(req), lost.has(req), config.sessionAbsoluteMs);
      attachSession(req, backend, current);
      if (current.state === 'ended') {
        // Nothing is written to the store: the cookie is cleared, and the next page says the session expired.
        res.clearCookie(config.cookieName, cookies.options(req));
        onEnded(req, res, 'expired');
      }
      if (current.state !== 'live' || current.id === undefined || current.data === undefined) {
        next();
        return;
      }
      // The idle clock restarts here, as the session loads (the store adapter has no touch: see ExpressStoreAdapter).
      records.touch(current.id, current.data).then(
        () => next(),
        (touchErr: unknown) => next(new StoreUnavailableError(touchErr)),
      );
    });
  };
}

function loadedSession(req: Request, isNewId: boolean, wasLost: boolean, absoluteMs: number): Current {
  // express-session skips requests outside the cookie's path (`OPTIONS *`): no session at all then.
  const loaded = req.session as unknown as Record<string, unknown> | undefined;
  if (loaded === undefined || isNewId) return { state: wasLost ? 'ended' : 'none', id: undefined, data: undefined };
  const data = isSessionData(loaded) ? { journeys: loaded.journeys, createdAt: loaded.createdAt, version: loaded.version } : undefined;
  // A record of another shape (an older version of the app) or past its absolute lifetime is an ended session.
  if (data === undefined || !withinLifetime(data, absoluteMs, Date.now())) return { state: 'ended', id: undefined, data: undefined };
  return { state: 'live', id: req.sessionID, data };
}

function serverBackend(config: Config, records: RecordStore, storeKind: StoreKind, beforeCreate: (req: Request) => Promise<void>): SessionBackend {
  const cookies = cookieJar(config.secureCookies);
  const reach = async <T>(operation: Promise<T>): Promise<T> => {
    try {
      return await operation;
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  };
  return {
    mode: 'server',
    storeKind,
    cookieName: config.cookieName,
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
    async change(req, res, current, change) {
      if (current.state === 'none' || current.id === undefined || current.data === undefined) {
        await beforeCreate(req);
        // Always a fresh id: an id planted in the browser beforehand (session fixation) is never adopted.
        const id = randomBytes(24).toString('base64url');
        const data = applied(emptySession(Date.now()), change);
        if (!(await reach(records.set(id, data)))) throw new Error('a new session id was already taken');
        Object.assign(current, { state: 'live', id, data });
        withoutSetCookie(res, config.cookieName);
        res.cookie(config.cookieName, signedCookieValue(id, config.sessionSecrets[0] ?? ''), cookies.options(req));
        return;
      }
      let base = current.data;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const next = applied(base, change);
        if (await reach(records.set(current.id, next))) {
          current.data = next;
          return;
        }
        // Another request of this session wrote first, or the session is gone: read it again.
        const stored = await reach(records.get(current.id));
        if (stored === undefined) throw new SessionEndedError();
        base = stored;
      }
      throw new SessionBusyError(MAX_ATTEMPTS);
    },
    async end(req, res, current) {
      if (current.id !== undefined) await reach(records.destroy(current.id));
      withoutSetCookie(res, config.cookieName);
      res.clearCookie(config.cookieName, cookies.options(req));
    },
    keptData: (_req, current) => current.data as unknown as Readonly<Record<string, unknown>> | undefined,
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
