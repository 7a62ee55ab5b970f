// The same flow, in both session modes: server (express-session + store) and cookie (cookie-session).
import request from 'supertest';
import { createSessionStore } from '../../src/session/stores';
import { closeApps, completeJourney, COOKIE_NAME, cookiesSetBy, csrfFrom, quietApp, sessionCookie, SIGNATURE_COOKIE_NAME, submit, testApp, testConfig } from '../support/app';
import { cookieHeader, cookieIn, decodeCookieSession, encodeCookieSession, fingerprintIn, modes, serverSessionId, signCookie } from '../support/sessions';

afterAll(closeApps);

/** Submits a form page as a browser would, and checks the status. */
async function send(agent: Parameters<typeof submit>[0], path: string, fields: Record<string, string>, status: number) {
  const res = await submit(agent, path, fields);
  expect(res.status).toBe(status);
  return res;
}

describe.each(modes)('in %s mode', (sessionMode) => {
  const app = () => testApp({ sessionMode });

  test('a visitor can answer every question, see the summary, and change an answer', async () => {
    const agent = request.agent(app());
    await completeJourney(agent);
    const summary = await agent.get('/page3').expect(200);
    expect(summary.text).toContain('Lovelace');
    expect(summary.text).toContain('teal');
    const back = await submit(agent, '/page2', { favoriteColor: 'crimson' });
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/page3');
    expect((await agent.get('/page3').expect(200)).text).toContain('crimson');
  });

  test('the home page, the how-it-works page and a 404 set no cookie for a new visitor', async () => {
    const target = app();
    for (const [path, status] of [['/', 200], ['/how-it-works', 200], ['/nowhere', 404]] as const) {
      const res = await request(target).get(path).expect(status);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  test('the footer lists every stored answer and offers start over', async () => {
    const agent = request.agent(app());
    await send(agent, '/page1', { firstName: 'José', lastName: '李小龍' }, 303);
    const page2 = await agent.get('/page2').expect(200);
    expect(page2.text).toContain('First name: <span class="stored__value">José</span>');
    expect(page2.text).toContain('action="/start-over"');
  });

  test.each([
    ['/page1', 'missing', { firstName: 'Mallory', lastName: 'X' }],
    ['/page1', 'wrong', { firstName: 'Mallory', lastName: 'X', _csrf: 'f'.repeat(64) }],
    ['/start-over', 'missing', {}],
    ['/start-over', 'wrong', { _csrf: 'forged' }],
  ])('POST %s with a %s CSRF token is refused with a 403 page, and nothing in the session changes', async (path, _token, body) => {
    const agent = request.agent(app());
    await completeJourney(agent);
    const res = await agent.post(path).type('form').send(body);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('That form could not be accepted');
    expect(res.text).toContain('href="/page1"');
    const summary = await agent.get('/page3').expect(200);
    expect(summary.text).toContain('Lovelace');
    expect(summary.text).not.toContain('Mallory');
  });

  test('invalid answers come back with 422 and nothing stored is lost', async () => {
    const agent = request.agent(app());
    await send(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' }, 303);
    await send(agent, '/page1', { firstName: '', lastName: 'Byron' }, 422);
    expect((await agent.get('/page2').expect(200)).text).toContain('Lovelace');
  });

  test('start over gives a new, empty session, with a notice', async () => {
    const agent = request.agent(app());
    await completeJourney(agent);
    const page = await agent.get('/page3').expect(200);
    await agent.post('/start-over').type('form').send({ _csrf: csrfFrom(page.text) }).expect(303).expect('Location', '/');
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('You started over');
    expect(home.text).not.toContain('Lovelace');
    for (const path of ['/page2', '/page3']) await agent.get(path).expect(303).expect('Location', '/page1');
  });

  test('no fingerprint before the first answers, then one that stays across pages, and a new one after start over', async () => {
    const agent = request.agent(app());
    expect(fingerprintIn((await agent.get('/page1').expect(200)).text)).toBeUndefined(); // no session yet
    await send(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' }, 303);
    const page2 = await agent.get('/page2').expect(200);
    const first = fingerprintIn(page2.text);
    expect(first).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprintIn((await agent.get('/page1').expect(200)).text)).toBe(first);
    expect(fingerprintIn((await agent.get('/how-it-works').expect(200)).text)).toBe(first);
    expect(fingerprintIn((await agent.get('/nowhere').expect(404)).text)).toBe(first);

    await agent.post('/start-over').type('form').send({ _csrf: csrfFrom(page2.text) }).expect(303);
    expect(fingerprintIn((await agent.get('/').expect(200)).text)).toBeUndefined(); // ended, and nothing new yet
    await send(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' }, 303);
    const after = fingerprintIn((await agent.get('/page2').expect(200)).text);
    expect(after).toMatch(/^[0-9a-f]{8}$/);
    expect(after).not.toBe(first);
  });

  test('no page ever shows the session id or the signed cookie', async () => {
    const agent = request.agent(app());
    const pages: string[] = [];
    const keep = (res: { text: string }) => pages.push(res.text);
    keep(await agent.get('/page1').expect(200));
    keep(await send(agent, '/page1', { firstName: '', lastName: '' }, 422));
    await send(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' }, 303);
    keep(await agent.get('/page2').expect(200));
    await send(agent, '/page2', { favoriteColor: 'teal' }, 303);
    for (const path of ['/', '/page3', '/how-it-works']) keep(await agent.get(path).expect(200));
    keep(await agent.get('/nowhere').expect(404));
    keep(await agent.post('/page2').type('form').send({ favoriteColor: 'x' }).expect(403));

    const cookie = cookieIn(agent);
    if (cookie === undefined) throw new Error('no session cookie');
    const id = sessionMode === 'server' ? serverSessionId(cookie) : String(decodeCookieSession(cookie).id);
    expect(id.length).toBeGreaterThanOrEqual(16);
    for (const html of pages) {
      expect(html).not.toContain(id);
      expect(html).not.toContain(cookie);
      expect(html).not.toContain(decodeURIComponent(cookie));
    }
  });

  test("the CSRF token's value appears only in the forms' hidden _csrf fields", async () => {
    const agent = request.agent(app());
    await completeJourney(agent);
    for (const path of ['/page1', '/page2', '/page3', '/', '/how-it-works']) {
      const html = (await agent.get(path).expect(200)).text;
      const token = csrfFrom(html);
      const everywhere = html.split(token).length - 1;
      const inHiddenFields = html.split(`name="_csrf" value="${token}"`).length - 1;
      expect(inHiddenFields).toBeGreaterThan(0);
      expect(everywhere).toBe(inHiddenFields);
    }
  });

  test('the cookies are HttpOnly, SameSite=Lax, Path=/, and Secure only over https', async () => {
    const agent = request.agent(app());
    const overHttp = sessionCookie(await send(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' }, 303));
    expect(overHttp).toMatch(/HttpOnly/i);
    expect(overHttp).toMatch(/SameSite=Lax/i);
    expect(overHttp).toMatch(/Path=\//i);
    expect(overHttp).not.toMatch(/Secure/i);

    // In production the app trusts Heroku's router, so X-Forwarded-Proto: https counts as https.
    const production = testApp({ sessionMode, nodeEnv: 'production', trustProxy: 1 });
    const page = await request(production).get('/page1').set('X-Forwarded-Proto', 'https').expect(200);
    expect(sessionCookie(page, 'flow.csrf')).toMatch(/;\s*Secure/i);
    expect(page.text).not.toContain('not marked <code>Secure</code>');
    const overHttps = await request(production)
      .post('/page1')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookiesSetBy(page))
      .type('form')
      .send({ firstName: 'Ada', lastName: 'Lovelace', _csrf: csrfFrom(page.text) })
      .expect(303);
    expect(sessionCookie(overHttps)).toMatch(/;\s*Secure/i);
  });

  test('a tampered or junk cookie is just "no session": a fresh one starts, never an error', async () => {
    const target = app();
    const agent = request.agent(target);
    await completeJourney(agent);
    const value = cookieIn(agent) ?? '';
    const altered = `${value.slice(0, -3)}${value.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    for (const cookie of [`${COOKIE_NAME}=${altered}`, `${COOKIE_NAME}=%%%junk`, `${COOKIE_NAME}=; ${SIGNATURE_COOKIE_NAME}=`, `${COOKIE_NAME}=${'x'.repeat(3000)}`]) {
      const res = await request(target).get('/page3').set('Cookie', cookie);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/page1');
    }
  });

  test('a visitor whose session has expired is told so and starts again at page 1', async () => {
    // Server mode: a short idle timeout, really run out (the store then keeps a marker saying the session expired).
    const config = testConfig(sessionMode === 'server' ? { sessionMode, sessionIdleMs: 500 } : { sessionMode });
    const sessionStore = createSessionStore(config);
    const target = quietApp(config, { sessionStore });
    try {
      const agent = request.agent(target);
      await completeJourney(agent);
      let cookies = cookieHeader(agent);
      if (sessionMode === 'server') {
        await new Promise((resolve) => setTimeout(resolve, 700));
      } else {
        // The cookie carries its own clock: the same session, last seen longer ago than the idle timeout.
        const data = decodeCookieSession(cookieIn(agent) ?? '');
        const value = encodeCookieSession({ ...data, lastSeen: Date.now() - config.sessionIdleMs - 1000 });
        cookies = `${COOKIE_NAME}=${value}; ${SIGNATURE_COOKIE_NAME}=${signCookie(COOKIE_NAME, value)}`;
      }
      const res = await request(target).get('/page3').set('Cookie', cookies).expect(303);
      expect(res.headers.location).toBe('/page1');
      expect(sessionCookie(res)).toMatch(/^flow\.sid=;/); // cleared: the ended session's id is of no more use
      const page1 = await request(target).get('/page1').set('Cookie', cookiesSetBy(res)).expect(200);
      expect(page1.text).toContain('Your session expired');
      expect(page1.text).not.toContain('Lovelace');
    } finally {
      await target.close();
    }
  });
});
