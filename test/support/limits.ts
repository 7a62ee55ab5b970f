// Test helpers for the limit on new sessions: visitors from a given client address, and a fresh minute to count in.
import type { App } from '../../src/app';
import { WINDOW_MS } from '../../src/http/new-session-limit';
import { Visitor } from './visitor';

/** Lets the app read the client address from X-Forwarded-For, as behind Heroku's router (trust proxy 1). */
export function behindProxy<T extends App>(app: T): T {
  app.set('trust proxy', 1);
  return app;
}

/** A new visitor whose requests come through the proxy from `address`. */
export function visitorFrom(address: string): Visitor {
  return new Visitor({ headers: { 'X-Forwarded-For': address } });
}

/**
 * A new visitor from `address` reads page 1 (from `pageApp`) and sends its first answers (to `postApp`, the same
 * app unless given): the request that creates the session. Returns the visitor and the POST's response.
 */
export async function firstAnswersFrom(address: string, pageApp: App, postApp: App = pageApp) {
  const visitor = visitorFrom(address);
  const res = await visitor.submit(pageApp, '/page1', { firstName: 'Ada', lastName: 'Lovelace' }, postApp);
  return { visitor, res };
}

/**
 * Waits (5 s at most) when the current minute is about to end, so a test's counts all fall in one minute:
 * the limit's windows are whole minutes of the clock.
 */
export async function inAFreshMinute(needMs = 5_000): Promise<void> {
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
