// The session clock (issue 20): every page of a live session tells both ends; POST /session/stay restarts the idle
// clock only, never makes a session, and refuses without a token; in the memory store, Redis and cookie mode.
import request from 'supertest';
import type { App } from '../../src/app';
import type { Config } from '../../src/config';
import { closeApps, COOKIE_NAME, csrfFrom, submit, testApp, type Agent } from '../support/app';
import { cookieIn, decodeCookieSession } from '../support/sessions';
import { storeFixture, type StoreFixture } from '../support/stores';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Where = 'memory' | 'redis' | 'cookie';
const everywhere: readonly Where[] = ['memory', 'redis', 'cookie'];

/** The clock's stay form on a page: its token and its return path. */
function stayFormOf(html: string): { token: string; returnPath: string } {
  const form = /<form method="post" action="\/session\/stay"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
  if (form === undefined) throw new Error('no stay form on the page');
  return { token: csrfFrom(form), returnPath: /name="return" value="([^"]*)"/.exec(form)?.[1] ?? '' };
}

/** The lesson's first answer: the session begins. Returns the next page's HTML. */
async function begin(agent: Agent): Promise<string> {
  expect((await submit(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
  return (await agent.get('/page2').expect(200)).text;
}

/** True when the agent's session still holds the first answer (the page's footer shows it). */
async function stillHasSession(agent: Agent): Promise<boolean> {
  const page = await agent.get('/page2');
  return page.status === 200 && page.text.includes('First name: <span class="stored__value">Ada</span>');
}

function stay(agent: Agent, token: string | undefined, returnPath = '/page2') {
  return agent
    .post('/session/stay')
    .type('form')
    .send(token === undefined ? { return: returnPath } : { _csrf: token, return: returnPath });
}

describe.each(everywhere)('in %s', (where) => {
  let fixture: StoreFixture | undefined;
  beforeAll(async () => {
    if (where !== 'cookie') fixture = await storeFixture(where);
  });
  afterAll(async () => {
    await fixture?.close();
    await closeApps();
  });

  /** An app here, and how many sessions its store holds (always 0 in cookie mode: it keeps none). */
  async function appWith(overrides: Partial<Config> = {}): Promise<{ app: App; count: () => Promise<number> }> {
    if (fixture === undefined) return { app: testApp({ ...overrides, sessionMode: 'cookie' }), count: () => Promise.resolve(0) };
    const { app, store } = await fixture.app(overrides);
    const f = fixture;
    return { app, count: () => f.count(store) };
  }

  test('every page of a live session says when it ends if idle and when for good, in words and as <time>', async () => {
    const { app } = await appWith({ sessionIdleMs: 30 * 60_000, sessionAbsoluteMs: 12 * 60 * 60_000 });
    const agent = request.agent(app);
    const home = await agent.get('/').expect(200);
    expect(home.text).not.toContain('data-session-clock'); // no session: nothing to end
    const page = await begin(agent);
    expect(page).toMatch(/Your session ends <time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">in 30 minutes<\/time> if you do nothing/);
    expect(page).toMatch(/and <time datetime="[^"]+">in (12 hours|11 hours and 59 minutes)<\/time> whatever you do\./);
    expect(page).toContain('data-idle-ms="1800000"');
    expect(page).toContain('data-warn-before-ms="120000"');
    expect(page).toMatch(/data-absolute-left-ms="4319\d{4}|43200000"/);
    expect(page).toContain('<script src="/session-clock.js" defer></script>');
    for (const path of ['/', '/page1', '/how-it-works', '/no-such-page']) {
      expect((await agent.get(path)).text).toContain('data-session-clock');
    }
  });

  test('when the absolute end comes first, the page says the session cannot be extended, and offers no stay', async () => {
    const { app } = await appWith({ sessionIdleMs: 30 * 60_000, sessionAbsoluteMs: 10 * 60_000 });
    const page = await begin(request.agent(app));
    expect(page).toMatch(/Your session ends for good <time datetime="[^"]+">in (10 minutes|9 minutes and 59 seconds)<\/time>, whatever you do: it cannot be extended\./);
    expect(page).toMatch(/<form method="post" action="\/session\/stay" class="session-clock__stay" data-clock-stay hidden>/);
  });

  test('staying restarts the idle clock: the session outlives its old idle end', async () => {
    const { app } = await appWith({ sessionIdleMs: 2000, sessionAbsoluteMs: 60_000 });
    const stayer = request.agent(app);
    const idler = request.agent(app); // the control: the same, without staying
    const [page] = await Promise.all([begin(stayer), begin(idler)]);
    await wait(1200);
    const stayed = await stay(stayer, stayFormOf(page).token);
    expect(stayed.status).toBe(303);
    expect(stayed.headers.location).toBe('/page2');
    await wait(1400); // 2.6 s after the idle clock last restarted for the control, 1.4 s for the stayer
    expect(await stillHasSession(stayer)).toBe(true);
    expect(await stillHasSession(idler)).toBe(false);
  }, 15_000);

  test('staying never moves the absolute end', async () => {
    const { app } = await appWith({ sessionIdleMs: 2000, sessionAbsoluteMs: 3000 });
    const agent = request.agent(app);
    const { token } = stayFormOf(await begin(agent));
    await wait(1200);
    expect((await stay(agent, token)).status).toBe(303);
    await wait(1200);
    expect((await stay(agent, token)).status).toBe(303);
    await wait(900); // 3.3 s after the session began; 0.9 s after the last stay
    const ended = await stay(agent, token);
    expect(ended.status).toBe(403);
    expect(ended.text).toContain('Your session ended');
    expect(await stillHasSession(agent)).toBe(false);
  }, 15_000);

  test.each([
    ['without a token', undefined],
    ['with a wrong token', 'f'.repeat(43)],
  ])('a stay %s is refused with 403, and the session is still there', async (_case, token) => {
    const { app } = await appWith();
    const agent = request.agent(app);
    await begin(agent);
    const res = await stay(agent, token);
    expect(res.status).toBe(403);
    expect(res.text).toContain('That form could not be accepted');
    expect(await stillHasSession(agent)).toBe(true);
  });

  test('a stay from a visitor with no session makes none: 403, no session cookie, nothing stored', async () => {
    const { app, count } = await appWith();
    const agent = request.agent(app);
    const form = await agent.get('/page1').expect(200); // a form page: the CSRF cookie, and a valid token
    const res = await stay(agent, csrfFrom(form.text), '/page1');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your session ended');
    expect(res.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${COOKIE_NAME.replace('.', '\\.')}=[^;]`))]));
    expect(cookieIn(agent)).toBeUndefined();
    expect(await count()).toBe(0);
  });

  test('a stay after the session ended says so (403, "Your session ended") and brings nothing back', async () => {
    const { app, count } = await appWith({ sessionIdleMs: 300 });
    const agent = request.agent(app);
    const { token } = stayFormOf(await begin(agent));
    await wait(600);
    const res = await stay(agent, token);
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your session ended');
    expect(await count()).toBe(0);
    expect(await stillHasSession(agent)).toBe(false);
  });

  test('the stay form comes back to the page it was on, and never to another site', async () => {
    const { app } = await appWith();
    const agent = request.agent(app);
    await begin(agent);
    const check = (await agent.get('/page1?x=1').expect(200)).text;
    const { token, returnPath } = stayFormOf(check);
    expect(returnPath).toBe('/page1?x=1');
    expect((await stay(agent, token, returnPath)).headers.location).toBe('/page1?x=1');
    for (const elsewhere of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'page2', '/page2\r\nX: y']) {
      expect((await stay(agent, token, elsewhere)).headers.location).toBe('/');
    }
  });

  if (where === 'cookie') {
    test('in cookie mode staying re-issues the cookie with a later idle clock and the same start', async () => {
      const { app } = await appWith();
      const agent = request.agent(app);
      const { token } = stayFormOf(await begin(agent));
      const before = decodeCookieSession(cookieIn(agent) ?? '');
      await wait(20);
      const res = await stay(agent, token);
      expect(res.status).toBe(303);
      expect(res.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${COOKIE_NAME.replace('.', '\\.')}=`))]));
      const after = decodeCookieSession(cookieIn(agent) ?? '');
      expect(after.lastSeen).toBeGreaterThan(before.lastSeen as number);
      expect(after.createdAt).toBe(before.createdAt);
      expect(after.journeys).toEqual(before.journeys);
    });
  }
});

describe('the script under the Content-Security-Policy', () => {
  afterAll(closeApps);

  test('scripts and fetches are allowed from this site only, never inline', async () => {
    const res = await request(testApp()).get('/');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  test('the script and its stylesheet are served from public/', async () => {
    const app = testApp();
    const script = await request(app).get('/session-clock.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.text).toContain('BroadcastChannel');
    const css = await request(app).get('/session-clock.css').expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
  });

  test('no page has an inline script or an inline event handler', async () => {
    const agent = request.agent(testApp());
    const page = await begin(agent);
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page).not.toMatch(/\son[a-z]+=/);
  });
});
