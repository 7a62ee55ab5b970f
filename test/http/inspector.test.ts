// The session inspector panel and the how-it-works page, as a visitor sees them.
import session from 'express-session';
import request from 'supertest';
import type { SessionStore } from '../../src/session/session-store';
import { closeApps, completeJourney, quietApp, testApp, testConfig } from '../support/app';
import { fingerprintIn, modes } from '../support/sessions';

afterAll(closeApps);

describe.each(modes)('in %s mode', (sessionMode) => {
  test('every page has the panel, a plain <details> linking to how-it-works', async () => {
    const agent = request.agent(testApp({ sessionMode }));
    await completeJourney(agent);
    for (const [path, status] of [['/', 200], ['/page1', 200], ['/page3', 200], ['/how-it-works', 200], ['/nowhere', 404]] as const) {
      const html = (await agent.get(path).expect(status)).text;
      expect(html).toContain('<details>');
      expect(html).toContain('Session inspector: where your answers are right now');
      expect(html).toContain('<a href="/how-it-works">');
      expect(html).not.toContain('<script');
    }
  });

  test('a visitor with nothing stored is told there is no session yet, and sees no fingerprint', async () => {
    const home = await request(testApp({ sessionMode })).get('/').expect(200);
    expect(home.text).toContain('no session yet');
    expect(home.text).toContain('No session cookie yet. When a session starts');
    expect(home.text).not.toMatch(/It carries only your session id|Two cookies:/); // nothing claims a cookie that is not there
    expect(fingerprintIn(home.text)).toBeUndefined();
    expect(home.headers['set-cookie']).toBeUndefined();
  });

  test('the panel shows the answers first, that a token exists, and that the session ends 30 minutes after the last request', async () => {
    const agent = request.agent(testApp({ sessionMode }));
    await completeJourney(agent);
    const html = (await agent.get('/page3').expect(200)).text;
    expect(html).toContain(`<strong>${sessionMode} mode</strong>`);
    const answers = `First name: Ada; Last name: Lovelace; Favourite colour: teal (${sessionMode === 'cookie' ? 'inside the cookie' : 'on the server'})`;
    expect(html).toContain(answers);
    expect(html.indexOf(answers)).toBeLessThan(html.indexOf('class="inspector__data"')); // the answers before the raw record
    expect(html).toContain('yes: a random token that every form must send back');
    expect(html).toContain('30 minutes after your last request');
    expect(html).toMatch(/If this page is your last, at <time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">\d\d:\d\d UTC<\/time>/);
  });

  test('SESSION_INSPECTOR=off removes the panel, and the how-it-works page still works', async () => {
    const agent = request.agent(testApp({ sessionMode, sessionInspector: false }));
    await completeJourney(agent);
    for (const path of ['/', '/page3', '/how-it-works']) {
      const html = (await agent.get(path).expect(200)).text;
      expect(html).not.toContain('class="inspector"');
      expect(html).not.toContain('Session inspector');
    }
  });
});

test('in server mode the panel shows the store record and says the cookie holds only the id', async () => {
  const agent = request.agent(testApp({ sessionMode: 'server' }));
  await completeJourney(agent);
  const html = (await agent.get('/page3').expect(200)).text;
  expect(html).toContain('(store: <code>memory</code>)');
  expect(html).toContain('&#34;lastName&#34;: &#34;Lovelace&#34;');
  expect(html).toContain('&#34;csrfToken&#34;: &#34;‹64 characters, not shown here›&#34;');
  expect(html).toContain('It carries only your session id');
  expect(html).not.toContain('Signed, not encrypted.');
  // express-session's cookie fields come apart from the answers, each labelled for what it means.
  expect(html).not.toContain('&#34;cookie&#34;: {');
  expect(html).toContain('<code>originalMaxAge: null</code>');
  expect(html).toContain('the browser keeps the cookie until it closes');
});

test('every message that counts minutes says "1 minute", not "1 minutes"', async () => {
  const agent = request.agent(testApp({ sessionMode: 'server', sessionIdleMs: 60_000 }));
  await completeJourney(agent);
  for (const path of ['/page3', '/how-it-works']) {
    const html = (await agent.get(path).expect(200)).text;
    expect(html).not.toMatch(/\b1 minutes\b/);
    expect(html).toMatch(/\b1 minute\b/);
  }
});

test('the how-it-works page tells the story with the visitor\'s own fingerprint, store and idle time', async () => {
  const agent = request.agent(testApp({ sessionMode: 'server', sessionIdleMs: 45 * 60_000 }));
  const fresh = (await agent.get('/how-it-works').expect(200)).text;
  expect(fresh).toContain('You are here: you have no session yet.');
  await completeJourney(agent);
  const html = (await agent.get('/how-it-works').expect(200)).text;
  expect(html).toContain('<h1>How a session works here</h1>');
  expect(html).toContain("keeping sessions in this server process&#39;s memory");
  expect(html).toContain('after 45 minutes without a request');
  expect(html).toContain('303 See Other');
  expect(html).toMatch(/your session's fingerprint is\s+<code class="inspector__fingerprint">[0-9a-f]{8}<\/code>/);
});

test('in cookie mode the how-it-works page explains that start over cannot revoke the old cookie', async () => {
  const html = (await request(testApp({ sessionMode: 'cookie' })).get('/how-it-works').expect(200)).text;
  expect(html).toContain('<strong>cookie mode</strong>');
  expect(html).toContain('it cannot revoke the old cookie');
});

test('the home page links to how-it-works', async () => {
  const home = await request(testApp()).get('/').expect(200);
  expect(home.text).toContain('<a href="/how-it-works">how a session works here</a>');
});

test('a refused body (413) still renders, with the panel, like its footer: the session was read first', async () => {
  const agent = request.agent(testApp());
  await completeJourney(agent);
  const res = await agent.post('/page1').type('form').send({ firstName: 'x'.repeat(20_000) });
  expect(res.status).toBe(413);
  expect(res.text).toContain('Session inspector');
  expect(res.text).toContain('First name: <span class="stored__value">Ada</span>');
});

test('the 503 page shows no panel: a session store that cannot be reached has nothing to show', async () => {
  const store = new session.MemoryStore();
  store.get = (_sid, callback) => callback(new Error('connection refused'));
  const sessionStore: SessionStore = { kind: 'memory', store, ping: () => Promise.resolve(), checkWritable: () => Promise.resolve(), close: () => Promise.resolve() };
  const app = quietApp(testConfig(), { sessionStore });
  const page = await request(testApp()).get('/page1');
  const cookie = (page.headers['set-cookie'] as unknown as string[])[0]!.split(';', 1)[0]!;
  const res = await request(app).get('/page1').set('Cookie', cookie);
  expect(res.status).toBe(503);
  expect(res.text).not.toContain('Session inspector');
});

test('over https the panel says the cookie is Secure', async () => {
  const agent = request.agent(testApp({ nodeEnv: 'production' }));
  const html = (await agent.get('/page1').set('X-Forwarded-Proto', 'https').expect(200)).text;
  expect(html).toContain('HttpOnly, SameSite=Lax, Path=/, Secure');
});

test('the home page and the summary say where the answers live, in each mode', async () => {
  const server = request.agent(testApp({ sessionMode: 'server' }));
  const cookie = request.agent(testApp({ sessionMode: 'cookie' }));
  expect((await server.get('/').expect(200)).text).toContain("a cookie that holds only the session's id");
  expect((await cookie.get('/').expect(200)).text).toContain('the whole\n      session travels in a cookie');
  await completeJourney(server);
  await completeJourney(cookie);
  expect((await server.get('/page3').expect(200)).text).toContain('These answers live in your session on the server.');
  expect((await cookie.get('/page3').expect(200)).text).toContain('These answers live in your session, inside a signed cookie.');
});
