// Server mode: the cookie holds a signed id, the store the session. This file reads the cookie, loads the record and
// restarts its idle clock, and alone writes, by compare-and-set. (express-session did the reading until issue 12: it
// serialised and hashed the whole session three times per request to find out that nothing had changed.)
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Config } from '../config';
import { applied, attachSession, emptySession, MAX_ATTEMPTS, withinLifetime, type Current, type SessionBackend } from './backend';
import { cookieOptions, withoutSetCookie } from './cookie-policy';
import { isSessionData, type SessionData } from './data';
import { SessionBusyError, SessionEndedError, StoreUnavailableError } from './errors';
import { setNotice } from './notices';
import type { RecordStore } from './record-store';
import { requestCookie } from './request-cookies';
import type { SessionStore, StoreKind } from './session-store';

export function createServerSessionMiddleware(config: Config, sessionStore: SessionStore, beforeCreate: (req: Request) => Promise<void>): RequestHandler {
  const records = sessionStore.records;
  if (records === undefined) throw new Error(`server-side sessions need a store, and "${sessionStore.kind}" has none`);
  const backend = serverBackend(config, records, sessionStore.kind, beforeCreate);
  return (req, res, next) => {
    // The cookie holds only the signed id. No cookie, or one that is not signed with one of our secrets: no session.
    const id = verifiedId(requestCookie(req, config.cookieName), config.sessionSecrets);
    if (id === undefined) {
      attachSession(req, backend, { state: 'none', id: undefined, data: undefined });
      next();
      return;
    }
    let loading: Promise<Current>;
    try {
      loading = loadSession(records, id, records.get(id), config.sessionAbsoluteMs);
    } catch (err) {
      next(err); // a store that throws instead of rejecting is a bug (500), not an outage (503)
      return;
    }
    loading.then(
      (current) => {
        attachSession(req, backend, current);
        if (current.state === 'ended') {
          // Nothing is written to the store: the cookie is cleared, and the next page says the session expired.
          res.clearCookie(config.cookieName, cookieOptions(req));
          setNotice(req, res, 'expired');
        }
        next();
      },
      (err: unknown) => next(new StoreUnavailableError(err)),
    );
  };
}

/**
 * The session a correctly signed cookie names, with its idle clock restarted (touch). A record that is gone, of
 * another shape (an older version of the app) or past its absolute lifetime is an ended session.
 */
async function loadSession(records: RecordStore, id: string, loading: Promise<SessionData | undefined>, absoluteMs: number): Promise<Current> {
  const loaded: unknown = await loading;
  if (!isSessionData(loaded) || !withinLifetime(loaded, absoluteMs, Date.now())) return { state: 'ended', id: undefined, data: undefined };
  const data: SessionData = { journeys: loaded.journeys, createdAt: loaded.createdAt, version: loaded.version };
  await records.touch(id, data);
  return { state: 'live', id, data };
}

/**
 * The id in a cookie made by signedId with any of the secrets (the first signs, every one is accepted: rotation),
 * compared in constant time; undefined for anything else. The format is express-session's (cookie-signature), so
 * cookies made before this module read them itself still work.
 */
export function verifiedId(value: string | undefined, secrets: readonly string[]): string | undefined {
  if (value === undefined || !value.startsWith('s:')) return undefined;
  const dot = value.lastIndexOf('.');
  if (dot < 2) return undefined;
  const id = value.slice(2, dot);
  const given = Buffer.from(value);
  for (const secret of secrets) {
    const expected = Buffer.from(signedId(id, secret));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return id;
  }
  return undefined;
}

function serverBackend(config: Config, records: RecordStore, storeKind: StoreKind, beforeCreate: (req: Request) => Promise<void>): SessionBackend {
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
        res.cookie(config.cookieName, signedId(id, config.sessionSecrets[0] ?? ''), cookieOptions(req));
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
      res.clearCookie(config.cookieName, cookieOptions(req));
    },
    keptData: (_req, current) => current.data as unknown as Readonly<Record<string, unknown>> | undefined,
    lastSeen: () => undefined,
  };
}

/** The cookie value: "s:" + id + "." + base64 HMAC-SHA256 without padding (cookie-signature's format, as express-session). */
export function signedId(id: string, secret: string): string {
  const signature = createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '');
  return `s:${id}.${signature}`;
}
