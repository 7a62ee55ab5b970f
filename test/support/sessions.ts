// Test helpers for looking inside sessions from the outside: the agent's cookies, decoding and signing them.
import { createHmac } from 'node:crypto';
import { CookieAccessInfo } from 'cookiejar';
import type { SessionMode } from '../../src/config';
import { type Agent, COOKIE_NAME, SIGNATURE_COOKIE_NAME, TEST_SECRET } from './app';
export const modes: readonly SessionMode[] = ['server', 'cookie'];

/** The agent's current value for a cookie, as its browser-like jar holds it. */
export function cookieIn(agent: Agent, name = COOKIE_NAME): string | undefined {
  // supertest talks to 127.0.0.1 over http; the jar matches cookies by domain, path and Secure.
  return agent.jar.getCookie(name, new CookieAccessInfo('127.0.0.1', '/', false, false))?.value;
}

/** A Cookie header with the agent's current session cookies (both of them, in cookie mode). */
export function cookieHeader(agent: Agent): string {
  return [COOKIE_NAME, SIGNATURE_COOKIE_NAME]
    .map((name) => [name, cookieIn(agent, name)] as const)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${value ?? ''}`)
    .join('; ');
}

/** Server mode: the session id inside the signed cookie value `s:<id>.<signature>`. */
export function serverSessionId(cookieValue: string): string {
  const match = /^s:([^.]+)\./.exec(decodeURIComponent(cookieValue));
  if (!match?.[1]) throw new Error(`not an express-session cookie: ${cookieValue}`);
  return match[1];
}

/** Cookie mode: what the cookie carries, decoded exactly as anyone holding it could (base64, then JSON). */
export function decodeCookieSession(cookieValue: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(cookieValue, 'base64').toString('utf8')) as Record<string, unknown>;
}

export function encodeCookieSession(data: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(data)).toString('base64');
}

/** The `.sig` cookie value the server would make with `secret` (keygrip: HMAC-SHA1 of "name=value", base64url). */
export function signCookie(name: string, value: string, secret = TEST_SECRET): string {
  return createHmac('sha1', secret).update(`${name}=${value}`).digest('base64url');
}

/** The session fingerprint shown on a page, or undefined when the page shows none. */
export function fingerprintIn(html: string): string | undefined {
  return /class="inspector__fingerprint">([0-9a-f]{8})</.exec(html)?.[1];
}

/** What a cookie-mode session cookie carries, for the given answers (defaults: begun and last seen now). */
export function cookieContent(
  answers: Record<string, string>,
  times: { createdAt?: number; lastSeen?: number; id?: string } = {},
): Record<string, unknown> {
  const now = Date.now();
  return { journeys: { lesson: answers }, createdAt: times.createdAt ?? now, version: 1, id: times.id ?? 'a-random-id-0001', lastSeen: times.lastSeen ?? now };
}
