// The one support module for the HTTP suites: the test settings (secret, cookie name), apps built with them and a
// silent log, reading the CSRF token from a page as a browser would, and reading Set-Cookie headers.
import request from 'supertest';
import { createApp, type App, type AppDeps } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { cookieJar } from '../../src/http/cookies';
import { createCsrf } from '../../src/http/csrf';
import { journeys } from '../../src/flow/journeys';
import { createNotices } from '../../src/pages/notices';
import { createPages, type Pages } from '../../src/pages/page';
import { silentLog } from '../../src/util/log';

export type Agent = ReturnType<typeof request.agent>;

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** Settings for tests: the config a developer would get, with a fixed secret and no request log. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', SESSION_SECRET: TEST_SECRET }),
    ...overrides,
  };
}

/** The session cookie's name, as the app sets it. */
export const COOKIE_NAME = testConfig().cookieName;
/** Cookie mode's signature cookie beside it. */
export const SIGNATURE_COOKIE_NAME = `${COOKIE_NAME}.sig`;

/** Tests provoke errors on purpose (a broken store, a refused body): their log lines go nowhere. */
export const testDeps: AppDeps = { log: silentLog };

/** createApp with the test log; `deps` adds to it (a store of the test's own). */
export function quietApp(config: Config, deps: AppDeps = {}): App {
  return createApp(config, { ...testDeps, ...deps });
}

/** The page renderer createApp builds, for a bare Express app in a test (an error handler on its own). */
export function testPages(config: Config = testConfig()): Pages {
  const cookies = cookieJar(config.secureCookies);
  const csrf = createCsrf({ secrets: config.sessionSecrets, cookies, sessionOf: () => ({ state: 'none', id: undefined }) });
  return createPages({ csrf, notices: createNotices(cookies), journeys, inspector: config.sessionInspector, secureCookies: config.secureCookies });
}

const apps: App[] = [];

/** An app closed after the test file (see closeApps). */
export function testApp(overrides: Partial<Config> = {}): App {
  const app = quietApp(testConfig(overrides));
  apps.push(app);
  return app;
}

export async function closeApps(): Promise<void> {
  await Promise.all(apps.splice(0).map((app) => app.close()));
}

/** The hidden _csrf input of a form; group 1 is the token. */
export const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

/** The value of the hidden _csrf input on a page. */
export function csrfFrom(html: string): string {
  const match = CSRF_FIELD.exec(html);
  if (!match?.[1]) throw new Error(`no _csrf field in page:\n${html.slice(0, 500)}`);
  return match[1];
}

/** GETs a form page and POSTs `fields` to it with the page's token. Returns the POST's response. */
export async function submit(agent: Agent, path: string, fields: Record<string, string>) {
  const page = await agent.get(path).expect(200);
  return agent
    .post(path)
    .type('form')
    .send({ ...fields, _csrf: csrfFrom(page.text) });
}

/** Answers every question; leaves the agent on a complete session. */
export async function completeJourney(
  agent: Agent,
  answers = { firstName: 'Ada', lastName: 'Lovelace', favoriteColor: 'teal' },
): Promise<void> {
  await submit(agent, '/page1', { firstName: answers.firstName, lastName: answers.lastName }).then((r) => expect(r.status).toBe(303));
  await submit(agent, '/page2', { favoriteColor: answers.favoriteColor }).then((r) => expect(r.status).toBe(303));
}

/** Every Set-Cookie header of a response (an empty list when there is none). */
export function setCookiesOf(res: { headers: Record<string, unknown> }): string[] {
  const setCookie = res.headers['set-cookie'];
  return Array.isArray(setCookie) ? (setCookie as string[]) : [];
}

/** The session cookie ("name=value; attributes") from a response's Set-Cookie, if any. */
export function sessionCookie(res: { headers: Record<string, unknown> }, name = COOKIE_NAME): string | undefined {
  return setCookiesOf(res).find((c) => c.startsWith(`${name}=`));
}

/** A Cookie header carrying back what a response set, as a browser would (name=value pairs only). */
export function cookiesSetBy(res: { headers: Record<string, unknown> }): string {
  return setCookiesOf(res)
    .map((c) => c.split(';', 1)[0] ?? '')
    .join('; ');
}

/** The value in a Set-Cookie line for cookie `name`; undefined when the line is for another cookie (or absent). */
export function cookieValueOf(setCookie: string | undefined, name = COOKIE_NAME): string | undefined {
  if (setCookie === undefined || !setCookie.startsWith(`${name}=`)) return undefined;
  return setCookie.slice(name.length + 1).split(';', 1)[0];
}

/**
 * A Cookie header as a browser would hold it after `res`: `header`'s cookies, updated by what `res` set
 * (a cookie set empty or already expired is dropped).
 */
export function withCookiesFrom(header: string, res: { headers: Record<string, unknown> }): string {
  const jar = new Map<string, string>();
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  const setCookie = res.headers['set-cookie'];
  for (const line of Array.isArray(setCookie) ? (setCookie as string[]) : []) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0$/i.test(a));
    if (expired || value === '') jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}
