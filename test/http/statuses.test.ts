import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/pages/errors';
import { requestLogger } from '../../src/http/logger';
import type { RecordStore } from '../../src/session/record-store';
import { signedCookieValue } from '../../src/http/cookies';
import type { SessionStore } from '../../src/session/session-store';
import { createSessionStore } from '../../src/session/stores';
import { useViews } from '../../src/pages/views';
import { silentLog } from '../../src/util/log';
import { closeApps, completeJourney, COOKIE_NAME, csrfFrom, quietApp, submit, testApp, testConfig, testPages, TEST_SECRET } from '../support/app';

afterAll(closeApps);

// A missing or wrong token, in both modes: test/http/session-modes.test.ts. Here, tokens that look right but aren't.
describe('403: a token that is not this session\'s', () => {
  test('a token from another visitor’s session is refused', async () => {
    const app = testApp();
    const alice = request.agent(app);
    const bob = request.agent(app);
    const alicesPage = await alice.get('/page1');
    await bob.get('/page1');
    const res = await bob.post('/page1').type('form').send({ firstName: 'A', lastName: 'B', _csrf: csrfFrom(alicesPage.text) });
    expect(res.status).toBe(403);
  });

});

describe('404: not found', () => {
  test.each([
    ['GET', '/nowhere'],
    ['GET', '/page4'],
    ['POST', '/page3'],
    ['POST', '/'],
    ['PUT', '/page1'],
    ['DELETE', '/page1'],
    ['GET', '/start-over'],
  ])('%s %s answers an HTML "not found" page in the app’s look', async (method, url) => {
    const res = await request(testApp())[method.toLowerCase() as 'get'](url);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Page not found');
    expect(res.text).toContain('<link rel="stylesheet" href="/style.css">');
  });

  test('sets no cookie', async () => {
    const res = await request(testApp()).get('/nowhere').expect(404);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('413: a body over the limit', () => {
  test('is refused with an HTML page, and stored answers stay', async () => {
    const agent = request.agent(testApp());
    await completeJourney(agent);
    const page = await agent.get('/page2');
    const res = await agent
      .post('/page2')
      .type('form')
      .send(`favoriteColor=${'x'.repeat(9000)}&_csrf=${csrfFrom(page.text)}`);
    expect(res.status).toBe(413);
    expect(res.text).toContain('That was too much');
    expect((await agent.get('/page3').expect(200)).text).toContain('teal');
  });

  test('a body just under the limit is read (and the long answer refused with 422)', async () => {
    const agent = request.agent(testApp());
    const page = await agent.get('/page1');
    const body = `_csrf=${csrfFrom(page.text)}&lastName=B&firstName=`;
    const res = await agent
      .post('/page1')
      .type('form')
      .send(body + 'x'.repeat(8 * 1024 - body.length));
    expect(res.status).toBe(422);
  });
});

describe('503: the session store cannot be reached', () => {
  function brokenStore(): SessionStore {
    const fail = () => Promise.reject(new Error('connection refused'));
    const records: RecordStore = { get: fail, set: fail, destroy: fail, touch: fail };
    return { kind: 'memory', records, ping: fail, checkWritable: fail, close: () => Promise.resolve() };
  }

  test('a page that needs the session answers the friendly 503 page with Retry-After', async () => {
    const app = quietApp(testConfig(), { sessionStore: brokenStore() });
    const res = await request(app).get('/page1').set('Cookie', signedCookie());
    // A correctly signed cookie makes the store get asked.
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).toContain('Try again in a moment');
    expect(res.text).not.toContain('connection refused');
  });

  test('a POST whose save fails never shows a success redirect', async () => {
    const sessionStore = createSessionStore(testConfig());
    let failing = false;
    const records = sessionStore.records!;
    const realSet = records.set.bind(records);
    records.set = (sid, data) => (failing ? Promise.reject(new Error('down')) : realSet(sid, data));
    const app = quietApp(testConfig(), { sessionStore });
    const agent = request.agent(app);
    const page = await agent.get('/page1').expect(200);
    failing = true;
    const res = await agent.post('/page1').type('form').send({ firstName: 'A', lastName: 'B', _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(503);
    expect(res.headers.location).toBeUndefined();
  });

  test('/healthz answers 503 JSON when the store does not answer, 200 when it does', async () => {
    const down = await request(quietApp(testConfig(), { sessionStore: brokenStore() })).get('/healthz');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'unavailable', problem: 'store unreachable', store: { kind: 'memory', reachable: false, writable: false } });
    const up = await request(testApp()).get('/healthz');
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ status: 'ok', store: { kind: 'memory', reachable: true, writable: true } });
    expect(up.headers['set-cookie']).toBeUndefined();
  });

  test('the stylesheet is still served', async () => {
    const res = await request(quietApp(testConfig(), { sessionStore: brokenStore() })).get('/style.css');
    expect(res.status).toBe(200);
  });
});

describe('500: a bug', () => {
  function appThatThrows(showDetail: boolean) {
    const app = express();
    useViews(app, { cache: false, idleMinutes: 30, idleText: '30 minutes', absoluteMinutes: 720, absoluteText: '12 hours', sessionMode: 'server', csrfCookieName: 'flow.csrf' });
    app.get('/boom', () => {
      throw new Error('kaboom at line 42');
    });
    app.use(errorHandler({ pages: testPages(), showDetail, log: silentLog }));
    return app;
  }

  test('in production: a friendly page with no stack trace', async () => {
    const res = await request(appThatThrows(false)).get('/boom');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Something went wrong');
    expect(res.text).not.toContain('kaboom');
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  test('in development: the page shows the stack to help the developer', async () => {
    const res = await request(appThatThrows(true)).get('/boom');
    expect(res.status).toBe(500);
    expect(res.text).toContain('kaboom at line 42');
    expect(res.text).toContain('shown outside production only');
  });

  test.each([
    ['production', false],
    ['development', true],
  ] as const)('createApp in %s shows the stack: %s', async (nodeEnv, shown) => {
    // A store that throws (instead of calling back with an error) is a bug, not an outage: 500.
    const sessionStore = createSessionStore(testConfig());
    sessionStore.records!.get = () => {
      throw new TypeError('kaboom in the store');
    };
    const app = quietApp(testConfig({ nodeEnv }), { sessionStore });
    const res = await request(app).get('/page1').set('Cookie', signedCookie());
    expect(res.status).toBe(500);
    expect(res.text).toContain('Something went wrong');
    expect(res.text.includes('kaboom in the store')).toBe(shown);
  });
});

/** A correctly signed session cookie (with the test secret), so the store gets asked. */
function signedCookie(): string {
  return `${COOKIE_NAME}=${encodeURIComponent(signedCookieValue('some-session-id', TEST_SECRET))}`;
}

describe('headers', () => {
  test('every page has a strict Content-Security-Policy and no X-Powered-By', async () => {
    const res = await request(testApp()).get('/');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the request log', () => {
  test('writes one line per request with method, path, status and time, and never the answers', async () => {
    const lines: string[] = [];
    const app = express();
    app.use(requestLogger((line) => lines.push(line)));
    app.use(express.urlencoded({ extended: false }));
    app.post('/page1', (_req, res) => res.redirect(303, '/page2'));
    await request(app).post('/page1?token=secret').type('form').send({ firstName: 'Confidential' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^method=POST path="\/page1" status=303 ms=\d+\.\d\n$/);
  });
});

test('a whole journey works with the production settings', async () => {
  const agent = request.agent(testApp({ nodeEnv: 'production' }));
  await completeJourney(agent);
  expect((await submit(agent, '/page1', { firstName: 'X', lastName: 'Y' })).headers.location).toBe('/page3');
});
