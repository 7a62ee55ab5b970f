import request from 'supertest';
import { type Agent, closeApps, completeJourney, COOKIE_NAME, csrfFrom, sessionCookie, submit, testApp } from '../support/app';

afterAll(closeApps);

const cookieValue = (setCookie: string) => setCookie.split(';', 1)[0]!;

// Start over in both modes (and its CSRF check): test/http/session-modes.test.ts. Here, what server mode adds.
describe('start over (server mode)', () => {
  test('ends the session: a new cookie replaces the old, and the old one no longer reaches the answers', async () => {
    const app = testApp();
    const agent = request.agent(app);
    await completeJourney(agent);
    const page3 = await agent.get('/page3').expect(200);
    const oldCookie = captureCookie(agent);

    const res = await agent.post('/start-over').type('form').send({ _csrf: csrfFrom(page3.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const newCookie = sessionCookie(res);
    expect(newCookie).toBeDefined();
    expect(cookieValue(newCookie!)).not.toBe(oldCookie);

    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('You started over');
    expect(home.text).not.toContain('Lovelace');

    // Someone holding the old cookie gets nothing back.
    const replay = await request(app).get('/page3').set('Cookie', oldCookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/page1');
  });
});

/** The agent's current session cookie, taken from a response that sets it (the first form view). */
function captureCookie(agent: Agent): string {
  const jar = (agent as unknown as { jar: { getCookie(name: string, opts: object): { toValueString(): string } | undefined } }).jar;
  const cookie = jar.getCookie(COOKIE_NAME, { domain: '127.0.0.1', path: '/', secure: false, script: false });
  if (!cookie) throw new Error('no session cookie in the agent');
  return cookie.toValueString();
}

describe('cookies a visitor did not get from us', () => {
  test.each([
    ['a tampered signature', (c: string) => c.slice(0, -3) + (c.endsWith('AAA') ? 'BBB' : 'AAA')],
    ['a truncated value', (c: string) => c.slice(0, 20)],
    ['junk', () => `${COOKIE_NAME}=%%%not-a-cookie%%%`],
    ['an unsigned id', () => `${COOKIE_NAME}=abc123`],
    ['an empty value', () => `${COOKIE_NAME}=`],
  ])('%s just starts a fresh session, never an error', async (_name, mangle) => {
    const app = testApp();
    const agent = request.agent(app);
    await completeJourney(agent);
    const original = captureCookie(agent);
    const res = await request(app).get('/page1').set('Cookie', mangle(original));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('Lovelace');
    expect(res.text).not.toContain('Your session expired');
    expect(sessionCookie(res)).toBeUndefined(); // no session until there is something to keep
    // The real session is untouched.
    expect((await agent.get('/page3').expect(200)).text).toContain('Lovelace');
  });
});

describe('idle expiry', () => {
  test('tells a visitor who comes back after the idle timeout that the session expired, on page 1', async () => {
    const agent = request.agent(testApp({ sessionIdleMs: 300 }));
    await completeJourney(agent);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const res = await agent.get('/page3').expect(303);
    expect(res.headers.location).toBe('/page1');
    const page1 = await agent.get('/page1').expect(200);
    expect(page1.text).toContain('Your session expired');
    expect(page1.text).not.toContain('Lovelace');
    // Said once only.
    expect((await agent.get('/page1')).text).not.toContain('Your session expired');
  });

  test('keeps a session alive while the visitor keeps coming back', async () => {
    const agent = request.agent(testApp({ sessionIdleMs: 600 }));
    await submit(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' });
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await agent.get('/page2').expect(200)).text).toContain('Lovelace');
    }
  });

  test('refuses a form sent after expiry with a 403 that says the session ended, stores nothing, and tells the next page', async () => {
    const agent = request.agent(testApp({ sessionIdleMs: 300 }));
    await submit(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' });
    const page = await agent.get('/page2');
    await new Promise((resolve) => setTimeout(resolve, 700));
    const res = await agent.post('/page2').type('form').send({ favoriteColor: 'teal', _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your session ended');
    const page1 = await agent.get('/page1').expect(200);
    expect(page1.text).toContain('Your session expired');
    expect(page1.text).not.toContain('teal');
  });
});

describe('production cookie flags', () => {
  test('the cookie is Secure when the request came over https through the router (X-Forwarded-Proto)', async () => {
    const app = testApp({ nodeEnv: 'production', trustProxy: 1 });
    const page = await request(app).get('/page1').set('X-Forwarded-Proto', 'https').expect(200);
    const res = await request(app)
      .post('/page1')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookieValue(sessionCookie(page, 'flow.csrf')!))
      .type('form')
      .send({ firstName: 'A', lastName: 'B', _csrf: csrfFrom(page.text) })
      .expect(303);
    for (const cookie of [sessionCookie(page, 'flow.csrf'), sessionCookie(res)]) {
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
    }
  });

  test('the cookie is not Secure over plain http', async () => {
    const app = testApp({ nodeEnv: 'production', trustProxy: 1 });
    const res = await request(app).get('/page1').expect(200);
    expect(sessionCookie(res, 'flow.csrf')).toMatch(/HttpOnly/);
    expect(sessionCookie(res, 'flow.csrf')).not.toMatch(/Secure/);
  });

  test('a form works over https behind the router', async () => {
    // supertest speaks plain http, so its cookie jar would withhold a Secure cookie: send it by hand.
    const app = testApp({ nodeEnv: 'production', trustProxy: 1 });
    const page1 = await request(app).get('/page1').set('X-Forwarded-Proto', 'https');
    const cookie = cookieValue(sessionCookie(page1, 'flow.csrf')!);
    const res = await request(app)
      .post('/page1')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookie)
      .type('form')
      .send({ firstName: 'A', lastName: 'B', _csrf: csrfFrom(page1.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/page2');
  });
});

describe('many visitors at once', () => {
  test('40 agents answering at the same time each see only their own answers', async () => {
    const app = testApp();
    const users = Array.from({ length: 40 }, (_, i) => ({
      agent: request.agent(app),
      answers: { firstName: `First${i}x`, lastName: `Last${i}x`, favoriteColor: `Colour${i}x` },
    }));
    await Promise.all(users.map(({ agent, answers }) => completeJourney(agent, answers)));
    await Promise.all(
      users.map(async ({ agent, answers }, i) => {
        const summary = await agent.get('/page3').expect(200);
        expect(summary.text).toContain(answers.firstName);
        expect(summary.text).toContain(answers.favoriteColor);
        const others = summary.text.match(/First\d+x/g) ?? [];
        expect(new Set(others)).toEqual(new Set([`First${i}x`]));
      }),
    );
  });
});
