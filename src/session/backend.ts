// What each session mode provides, the request's view of its session, and the helpers both modes share.
import type { Request, Response } from 'express';
import type { SessionMode } from '../config';
import type { MutableSessionData, SessionData } from './data';
import type { EndReason } from './errors';
import type { StoreKind } from './session-store';

/** `none`: no session. `live`: a session. `ended`: a correctly signed cookie for a session that has ended. */
export type SessionState = 'none' | 'live' | 'ended';

/** Told when a request's session is found ended, with why as far as the app knows (pages decide what the visitor is told: see pages/notices.ts). */
export type OnEnded = (req: Request, res: Response, reason: EndReason) => void;

/** A change to the session's data: applied to a fresh copy, and applied again if another request changed it first. */
export type SessionChange = (data: MutableSessionData) => void;

/** How many times a change is re-applied over a newer version before the request gives up (503). */
export const MAX_ATTEMPTS = 8;

/** This request's view of its session; kept beside the request, never on it. */
export interface Current {
  state: SessionState;
  /** Server mode: the store's id. Cookie mode: the random id inside the cookie (shown only as a fingerprint). */
  id: string | undefined;
  data: SessionData | undefined;
  /** When `state` is 'ended': why, as far as the app knows ('lost' when it does not). */
  endReason?: EndReason;
}

/** What each mode does; one per app. */
export interface SessionBackend {
  readonly mode: SessionMode;
  /** Where the data lives: 'memory' or 'redis' (server mode), 'cookie' (cookie mode). */
  readonly storeKind: StoreKind;
  readonly cookieName: string;
  readonly idleMs: number;
  readonly absoluteMs: number;
  change(req: Request, res: Response, current: Current, change: SessionChange, options: ChangeOptions): Promise<void>;
  end(req: Request, res: Response, current: Current): Promise<void>;
  /** The session's data exactly as it is kept (store record, or decoded cookie), for the inspector. */
  keptData(req: Request, current: Current): Readonly<Record<string, unknown>> | undefined;
  /** Cookie mode: the session cookie's size as this response would set it, against the limit the app keeps it under. */
  cookieSize(req: Request): CookieSize | undefined;
}

export interface CookieSize {
  /** The Set-Cookie line for the session cookie (name=value and attributes), in bytes. */
  bytes: number;
  /** What browsers keep at most: 4,096 bytes. A change that would pass it is refused. */
  limitBytes: number;
  /** Ordinary answers stop this far below the limit, so a journey's last step (placing an order) still fits. */
  headroomBytes: number;
}

/** Options of one change. */
export interface ChangeOptions {
  /**
   * The change finishes a journey (placing an order): in cookie mode it may use the headroom that ordinary answers
   * leave below the cookie limit, so the one thing it must never be is what the limit refuses.
   */
  finishing?: boolean;
}


const currents = new WeakMap<Request, Current>();
const backends = new WeakMap<Request, SessionBackend>();

/** Called by the mode's middleware once the session is known. */
export function attachSession(req: Request, backend: SessionBackend, current: Current): void {
  backends.set(req, backend);
  currents.set(req, current);
}

export function backendOf(req: Request): SessionBackend | undefined {
  return backends.get(req);
}

export function currentOf(req: Request): Current | undefined {
  return currents.get(req);
}

// ---- shared by both modes --------------------------------------------------------------------------------------

/** `change` applied to a deep copy of `data`, with the next version. The stored data is never mutated. */
export function applied(data: SessionData, change: SessionChange): SessionData {
  const copy = structuredClone(data);
  const mutable: MutableSessionData = { journeys: copy.journeys };
  change(mutable);
  return { journeys: mutable.journeys, createdAt: copy.createdAt, version: copy.version + 1 };
}

export function emptySession(now: number): SessionData {
  return { journeys: {}, createdAt: now, version: 0 };
}

/** A live session must also be inside both clocks (a defence beside the store's own TTL). */
export function withinLifetime(data: SessionData, absoluteMs: number, now: number): boolean {
  return now < data.createdAt + absoluteMs;
}

