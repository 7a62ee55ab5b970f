// The session inspector panel and the how-it-works page, as a visitor sees them.
import request from 'supertest';
import { signedCookieValue } from '../../src/http/cookies';
import { createSessionStore } from '../../src/session/stores';
import { closeApps, completeJourney, COOKIE_NAME, quietApp, testApp, testConfig, TEST_SECRET } from '../support/app';
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
      // The panel itself needs no script (the page's one script is the session clock's, outside the panel).
      expect(/<aside class="inspector"[\s\S]*?<\/aside>/.exec(html)?.[0]).not.toContain('<script');
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

  test('the panel shows the answers first, that a token exists, and both clocks: 30 minutes after the last request, and the absolute end', async () => {
    const agent = request.agent(testApp({ sessionMode, sessionAbsoluteMs: 90 * 60_000 }));
    await completeJourney(agent);
    const html = (await agent.get('/page3').expect(200)).text;
    expect(html).toContain(`<strong>${sessionMode} mode</strong>`);
    expect(html).toContain(`Answers (${sessionMode === 'cookie' ? 'inside the cookie' : 'on the server'})`);
    const answers = 'About you: First name: Ada; Last name: Lovelace; Favourite colour: teal';
    expect(html).toContain(answers);
    if (sessionMode === 'server') expect(html.indexOf(answers)).toBeLessThan(html.indexOf('class="inspector__data"')); // the answers before the raw record
    expect(html).toContain('yes: the flow.csrf cookie holds a random value');
    expect(html).toContain('Ends when idle');
    expect(html).toContain('30 minutes after your last request');
    expect(html).toMatch(/If this page is your last, at <time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">\d\d:\d\d UTC<\/time>/);
    expect(html).toContain('Ends in any case');
    expect(html).toContain('90 minutes after it began, however active you are');
    expect(html.match(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">\d\d:\d\d UTC<\/time>/g)).toHaveLength(2);
    const how = (await agent.get('/how-it-works').expect(200)).text;
    expect(how).toMatch(/unless you make another request, and at <time datetime="[^"]+">\d\d:\d\d UTC<\/time>\s+in any case/);
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
  expect(html).toContain('&#34;version&#34;: 2');
  expect(html).toContain('&#34;createdAt&#34;: ');
  expect(html).not.toContain('csrfToken'); // no token in the session: it lives in its own cookie
  expect(html).toContain('It carries only your session id');
  expect(html).not.toContain('Signed, not encrypted.');
  // The record's own fields are labelled for what they are; express-session's cookie settings are not shown as data.
  expect(html).not.toContain('&#34;cookie&#34;: {');
  expect(html).toContain('<code>createdAt</code> is when the session began');
  expect(html).toContain('<code>version</code> counts its changes');
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
  expect(html).toContain('so it cannot revoke a copy of it');
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
  const sessionStore = createSessionStore(testConfig());
  sessionStore.records!.get = () => Promise.reject(new Error('connection refused'));
  const app = quietApp(testConfig(), { sessionStore });
  const cookie = `${COOKIE_NAME}=${encodeURIComponent(signedCookieValue('some-session-id', TEST_SECRET))}`;
  const res = await request(app).get('/page1').set('Cookie', cookie);
  expect(res.status).toBe(503);
  expect(res.text).not.toContain('Session inspector');
});

test('over https the panel says the cookie is Secure', async () => {
  const agent = request.agent(testApp({ nodeEnv: 'production', trustProxy: 1 }));
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
