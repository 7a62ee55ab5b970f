// Test helpers: an app built with test settings, and reading the CSRF token from a page, as a browser would.
import request from 'supertest';
import { createApp, type App } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';

const apps: App[] = [];

/** Settings for tests: the config a developer would get, with a fixed secret and no request log. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-that-is-long-enough-0123456789' }),
    ...overrides,
  };
}

/** An app closed after the test file (see closeApps). */
export function testApp(overrides: Partial<Config> = {}): App {
  const app = createApp(testConfig(overrides));
  apps.push(app);
  return app;
}

export async function closeApps(): Promise<void> {
  await Promise.all(apps.splice(0).map((app) => app.close()));
}

/** The value of the hidden _csrf input on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no _csrf field in page:\n${html.slice(0, 500)}`);
  return match[1];
}

type Agent = ReturnType<typeof request.agent>;

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

/** The session cookie ("name=value") from a response's Set-Cookie, if any. */
export function sessionCookie(res: { headers: Record<string, unknown> }, name = 'flow.sid'): string | undefined {
  const setCookie = res.headers['set-cookie'];
  const list = Array.isArray(setCookie) ? (setCookie as string[]) : [];
  return list.find((c) => c.startsWith(`${name}=`));
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
