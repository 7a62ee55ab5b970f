// The session inspector panel and the how-it-works page, as a visitor sees them.
import crypto from 'node:crypto';
import request from 'supertest';
import { signedCookieValue } from '../../src/http/cookies';
import { createSessionStore } from '../../src/session/stores';
import { closeApps, completeJourney, COOKIE_NAME, quietApp, submit, testApp, testConfig, TEST_SECRET, type Agent } from '../support/app';
import { cookieIn, fingerprintIn, modes } from '../support/sessions';

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

test.each([
  [false, 'flow.csrf'],
  [true, '__Host-flow.csrf'],
])('with SECURE_COOKIES %s, the panel and how-it-works name the CSRF cookie as the browser holds it: %s', async (secureCookies, name) => {
  const app = testApp({ secureCookies, cookieName: secureCookies ? '__Host-flow.sid' : 'flow.sid' });
  const page1 = await request(app).get('/page1').expect(200);
  expect(page1.headers['set-cookie']?.[0]).toMatch(new RegExp(`^${name.replace('.', '\\.')}=`));
  expect(page1.text).toContain(`a small <code>${name}</code> cookie`);
  expect((await request(app).get('/how-it-works').expect(200)).text).toContain(`a small cookie, <code>${name}</code>, holding`);
  if (secureCookies) expect(page1.text).not.toMatch(/[^-]flow\.csrf/);
});

test("a session's panel says its page's forms are signed with the flow.csrf cookie", async () => {
  const agent = request.agent(testApp());
  await completeJourney(agent);
  expect((await agent.get('/page3').expect(200)).text).toContain('yes: the flow.csrf cookie holds a random value');
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

/** The lesson and the start of the order answered: both journeys hold answers, as for a learner who did the lesson first. */
async function answerBothJourneys(agent: Agent): Promise<void> {
  await completeJourney(agent);
  await submit(agent, '/order/size', { size: 'small' }).then((r) => expect(r.status).toBe(303));
  await submit(agent, '/order/toppings', { toppings: 'cheese' }).then((r) => expect(r.status).toBe(303));
}

/** The panel's "at a glance" list: each <div> of it, as the markup holds it. */
function glanceRows(html: string): string[] {
  const list = /<dl class="inspector__facts">([\s\S]*?)<\/dl>/.exec(html)?.[1];
  if (list === undefined) throw new Error('no inspector__facts list on the page');
  return list.split('</div>').map((part) => part.trim()).filter((part) => part !== '');
}

describe.each(modes)('the panel laid out whatever the session holds, in %s mode', (sessionMode) => {
  test('each fact is one row of the list (its term and its values in one <div>), with both journeys holding answers', async () => {
    const agent = request.agent(testApp({ sessionMode }));
    await answerBothJourneys(agent);
    const html = (await agent.get('/page3').expect(200)).text;
    const rows = glanceRows(html);
    // A <dt> then several <dd>s straight in a two-column grid shifted every later cell by one (the page was 1,772 px wide).
    for (const row of rows) {
      expect(row.startsWith('<div>')).toBe(true);
      expect(row.match(/<dt>/g)).toHaveLength(1);
      expect(row.match(/<dd>/g)).toHaveLength(1);
    }
    expect(rows.map((row) => /<dt>([^<]*)<\/dt>/.exec(row)?.[1])).toEqual([
      'Fingerprint',
      `Answers (${sessionMode === 'cookie' ? 'inside the cookie' : 'on the server'})`,
      'Ends when idle',
      'Ends in any case',
      'CSRF token',
    ]);
    expect(html).toContain('<li>About you: First name: Ada; Last name: Lovelace; Favourite colour: teal</li>');
    expect(html).toContain('<li>Your pizza order: Size: Small; Toppings: Cheese</li>');
  });

  test('the facts come first (the record or the decoded cookie), what they mean after', async () => {
    const agent = request.agent(testApp({ sessionMode }));
    await answerBothJourneys(agent);
    const html = (await agent.get('/page3').expect(200)).text;
    const at = (text: string) => {
      const index = html.indexOf(text);
      if (index < 0) throw new Error(`not on the page: ${text}`);
      return index;
    };
    expect(at('Your session at a glance')).toBeLessThan(at('class="inspector__data"'));
    expect(at('class="inspector__data"')).toBeLessThan(at('What you are looking at'));
    // The JSON scrolls inside its block on a narrow screen: a keyboard can reach it, and a screen reader can name it.
    expect(html).toMatch(/<pre class="inspector__data" tabindex="0" role="region" aria-label="The session (record|cookie, decoded), as JSON|The session cookie, decoded">/);
  });
});

test("in server mode the panel shows the cookie's value as the browser holds it: s%3A, the id, a dot, the signature", async () => {
  const agent = request.agent(testApp({ sessionMode: 'server' }));
  await completeJourney(agent);
  const html = (await agent.get('/page3').expect(200)).text;
  expect(html).toContain('<code>s%3A</code>‹your session id›<code>.</code>‹signature›');
  expect(html).toContain('<code>s:</code> (for "signed"; <code>%3A</code> is the colon, URL-encoded)');
  const value = decodeURIComponent(cookieIn(agent) ?? '');
  expect(value).toMatch(/^s:[^.]+\.[A-Za-z0-9+/]+$/); // what the text says is what the browser holds
});

/** Counts the HMACs computed while `run` runs (the CSRF token, express-session's cookie signature, ...). */
async function hmacsDuring(run: () => Promise<unknown>): Promise<number> {
  const spy = jest.spyOn(crypto, 'createHmac');
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

test('the panel reads what the page already has: it costs no HMAC, on a page with forms or without', async () => {
  const withPanel = request.agent(testApp());
  const withoutPanel = request.agent(testApp({ sessionInspector: false }));
  await answerBothJourneys(withPanel);
  await answerBothJourneys(withoutPanel);
  for (const path of ['/page3', '/how-it-works', '/order/quantity']) {
    const on = await hmacsDuring(() => withPanel.get(path).expect(200));
    const off = await hmacsDuring(() => withoutPanel.get(path).expect(200));
    expect(on).toBeGreaterThan(0); // the spy sees the page's own token and the cookie's signature
    expect(on).toBe(off);
  }
  // An error page signs the token once, for its footer's Start over form; the panel adds nothing.
  const on = await hmacsDuring(() => withPanel.get('/nowhere').expect(404));
  const off = await hmacsDuring(() => withoutPanel.get('/nowhere').expect(404));
  expect(on).toBe(off);
});
