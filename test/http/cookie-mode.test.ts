// Cookie mode only: what it means that the session is the cookie (readable, signed, not revocable, size-capped).
import request from 'supertest';
import { closeApps, completeJourney, COOKIE_NAME, cookiesSetBy, cookieValueOf, csrfFrom, sessionCookie, SIGNATURE_COOKIE_NAME, TEST_SECRET, testApp } from '../support/app';
import { cookieContent, cookieHeader, cookieIn, decodeCookieSession, encodeCookieSession, signCookie } from '../support/sessions';

afterAll(closeApps);

const cookieApp = (overrides = {}) => testApp({ sessionMode: 'cookie', ...overrides });

test('anyone holding the cookie can decode it and read the answers: signed, not encrypted', async () => {
  const agent = request.agent(cookieApp());
  await completeJourney(agent, { firstName: 'Ada', lastName: 'Lovelace', favoriteColor: 'teal' });
  const data = decodeCookieSession(cookieIn(agent) ?? '');
  expect(data.journeys).toEqual({ lesson: { firstName: 'Ada', lastName: 'Lovelace', favoriteColor: 'teal' } });
  expect(data.csrfToken).toBeUndefined(); // the token lives in its own cookie
  expect(typeof data.lastSeen).toBe('number');
  expect(typeof data.createdAt).toBe('number');
});

test('the inspector shows the decoded cookie, with the id masked', async () => {
  const agent = request.agent(cookieApp());
  await completeJourney(agent);
  const html = (await agent.get('/page3').expect(200)).text;
  const data = decodeCookieSession(cookieIn(agent) ?? '');
  expect(html).toContain('Signed, not encrypted.');
  expect(html).toContain('&#34;firstName&#34;: &#34;Ada&#34;');
  expect(html).not.toContain(String(data.id));
  expect(html).toContain('cannot revoke');
});

test('a cookie whose content was changed without the secret is rejected: a fresh session, no error', async () => {
  const target = cookieApp();
  const agent = request.agent(target);
  await completeJourney(agent);
  const data = decodeCookieSession(cookieIn(agent) ?? '');
  const forged = encodeCookieSession({ ...data, journeys: { lesson: { firstName: 'Mallory', lastName: 'X', favoriteColor: 'black' } } });
  const oldSignature = cookieIn(agent, 'flow.sid.sig') ?? '';
  const withOldSignature = await request(target).get('/page3').set('Cookie', `flow.sid=${forged}; flow.sid.sig=${oldSignature}`);
  expect(withOldSignature.status).toBe(303);
  expect(withOldSignature.headers.location).toBe('/page1');

  const otherSecret = await request(target)
    .get('/page1')
    .set('Cookie', `${COOKIE_NAME}=${forged}; ${SIGNATURE_COOKIE_NAME}=${signCookie(COOKIE_NAME, forged, 'some-other-secret-of-enough-length-000')}`)
    .expect(200);
  expect(otherSecret.text).not.toContain('Mallory');
  expect(otherSecret.text).toContain('Nothing yet.');
});

test('a cookie signed with the secret is accepted as it is: the signature, not secrecy, is the only check', async () => {
  const target = cookieApp();
  const value = encodeCookieSession(cookieContent({ firstName: 'Grace', lastName: 'Hopper' }));
  const res = await request(target).get('/page2').set('Cookie', `flow.sid=${value}; flow.sid.sig=${signCookie('flow.sid', value, TEST_SECRET)}`);
  expect(res.status).toBe(200);
  expect(res.text).toContain('Hopper');
});

test('an old secret still verifies after rotation, and new cookies are signed with the first', async () => {
  const value = encodeCookieSession(cookieContent({ firstName: 'Grace', lastName: 'Hopper' }));
  const rotated = cookieApp({ sessionSecrets: ['a-brand-new-secret-that-is-long-enough-42', TEST_SECRET] });
  const res = await request(rotated).get('/page2').set('Cookie', `flow.sid=${value}; flow.sid.sig=${signCookie('flow.sid', value, TEST_SECRET)}`).expect(200);
  expect(res.text).toContain('Hopper');
  const next = res.headers['set-cookie'] as unknown as string[];
  const newValue = cookieValueOf(next.find((c) => c.startsWith(`${COOKIE_NAME}=`))) ?? '';
  const newSig = cookieValueOf(next.find((c) => c.startsWith(`${SIGNATURE_COOKIE_NAME}=`)), SIGNATURE_COOKIE_NAME);
  expect(newSig).toBe(signCookie(COOKIE_NAME, newValue, 'a-brand-new-secret-that-is-long-enough-42'));
});

test('start over cannot revoke a copied cookie: replayed before the idle timeout, it brings the old answers back', async () => {
  const target = cookieApp();
  const agent = request.agent(target);
  await completeJourney(agent, { firstName: 'Ada', lastName: 'Lovelace', favoriteColor: 'teal' });
  const copied = cookieHeader(agent);
  const summary = await agent.get('/page3').expect(200);
  await agent.post('/start-over').type('form').send({ _csrf: csrfFrom(summary.text) }).expect(303);
  await agent.get('/page3').expect(303).expect('Location', '/page1');

  const replayed = await request(target).get('/page3').set('Cookie', copied).expect(200);
  expect(replayed.text).toContain('Lovelace');
});

test('a replayed cookie older than the idle timeout is refused, with the expiry notice', async () => {
  const target = cookieApp({ sessionIdleMs: 60_000 });
  const value = encodeCookieSession(cookieContent({ firstName: 'Ada', lastName: 'Lovelace' }, { lastSeen: Date.now() - 61_000 }));
  const cookie = `flow.sid=${value}; flow.sid.sig=${signCookie('flow.sid', value)}`;
  const res = await request(target).get('/page2').set('Cookie', cookie).expect(303).expect('Location', '/page1');
  const page1 = await request(target).get('/page1').set('Cookie', cookiesSetBy(res)).expect(200);
  expect(page1.text).toContain('Your session expired');
  expect(page1.text).not.toContain('Lovelace');
});

test('each request moves the idle clock in the cookie forward', async () => {
  const target = cookieApp();
  const lastSeen = Date.now() - 20 * 60_000;
  const value = encodeCookieSession(cookieContent({ firstName: 'Ada', lastName: 'Lovelace' }, { id: 'abc', lastSeen }));
  const res = await request(target).get('/page2').set('Cookie', `flow.sid=${value}; flow.sid.sig=${signCookie('flow.sid', value)}`).expect(200);
  const next = /^flow\.sid=([^;]*)/.exec(sessionCookie(res) ?? '')?.[1] ?? '';
  expect(decodeCookieSession(next).lastSeen).toBeGreaterThan(lastSeen);
});

test('with every answer at its longest (100 four-byte emoji each) the cookie stays under 4 KB', async () => {
  const agent = request.agent(cookieApp());
  const longest = '😀'.repeat(100);
  await completeJourney(agent, { firstName: longest, lastName: longest, favoriteColor: longest });
  const summary = await agent.get('/page3').expect(200);
  const setCookie = sessionCookie(summary) ?? '';
  const value = /^flow\.sid=([^;]*)/.exec(setCookie)?.[1] ?? '';
  expect(decodeCookieSession(value).journeys).toEqual({ lesson: { firstName: longest, lastName: longest, favoriteColor: longest } });
  expect(Buffer.byteLength(setCookie)).toBeLessThan(4096); // the whole header line, attributes included
  // The inspector's figure is the real one: name=value as the browser stores it.
  expect(summary.text).toContain(`About ${Buffer.byteLength(`${COOKIE_NAME}=${value}`)} bytes`);
});

test('/healthz reports the cookie as the store: nothing on the server to reach, even with REDIS_URL set', async () => {
  const res = await request(cookieApp({ redisUrl: 'redis://127.0.0.1:1' })).get('/healthz').expect(200);
  expect(res.body).toEqual({ status: 'ok', store: { kind: 'cookie', reachable: true, writable: true } });
});

describe('absolute lifetime (SESSION_ABSOLUTE_MINUTES), carried signed in the cookie', () => {
  test('a session ends its absolute lifetime after it began, however active, and a replayed copy dies at the same moment', async () => {
    const target = cookieApp({ sessionAbsoluteMs: 1500 });
    const agent = request.agent(target);
    await completeJourney(agent);
    const copied = cookieHeader(agent);
    const createdAt = Number(decodeCookieSession(cookieIn(agent) ?? '').createdAt);
    // Active all along: every request moves lastSeen, never createdAt.
    while (Date.now() - createdAt < 1100) {
      await agent.get('/page3').expect(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(Number(decodeCookieSession(cookieIn(agent) ?? '').createdAt)).toBe(createdAt);
    // Before the end, the copy still works (cookie mode cannot revoke), ...
    expect((await request(target).get('/page3').set('Cookie', copied).expect(200)).text).toContain('Lovelace');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, createdAt + 1600 - Date.now())));
    // ... after it, neither the visitor's cookie nor the copy reaches the answers, and both are told.
    for (const cookie of [cookieHeader(agent), copied]) {
      const res = await request(target).get('/page3').set('Cookie', cookie).expect(303).expect('Location', '/page1');
      const setCookie = res.headers['set-cookie'] as unknown as string[];
      expect(setCookie.some((c) => c.startsWith('flow.sid=;'))).toBe(true);
      expect(setCookie.some((c) => /^flow\.sid\.sig=[^;]*;.*expires=Thu, 01 Jan 1970/i.test(c))).toBe(true);
      const page1 = await request(target).get('/page1').set('Cookie', cookiesSetBy(res)).expect(200);
      expect(page1.text).toContain('Your session expired');
      expect(page1.text).not.toContain('Lovelace');
    }
  }, 10_000);

  test('a cookie signed without createdAt (or with one moved forward without the secret) is no live session', async () => {
    const target = cookieApp();
    const old = cookieContent({ firstName: 'Ada', lastName: 'Lovelace' });
    delete old.createdAt;
    const value = encodeCookieSession(old);
    const res = await request(target).get('/page2').set('Cookie', `flow.sid=${value}; flow.sid.sig=${signCookie('flow.sid', value)}`);
    expect(res.status).toBe(303);
    const value2 = encodeCookieSession(cookieContent({ firstName: 'Ada', lastName: 'Lovelace' }, { createdAt: Date.now() - 13 * 60 * 60_000 }));
    const res2 = await request(target).get('/page2').set('Cookie', `flow.sid=${value2}; flow.sid.sig=${signCookie('flow.sid', value2)}`);
    expect(res2.status).toBe(303); // began 13 hours ago: past the default 12-hour lifetime
  });
});

test('start over clears both cookies (the server cannot do more in cookie mode)', async () => {
  const agent = request.agent(cookieApp());
  await completeJourney(agent);
  const summary = await agent.get('/page3').expect(200);
  const res = await agent.post('/start-over').type('form').send({ _csrf: csrfFrom(summary.text) }).expect(303);
  const setCookie = res.headers['set-cookie'] as unknown as string[];
  expect(setCookie.some((c) => /^flow\.sid=;.*expires=Thu, 01 Jan 1970/i.test(c))).toBe(true);
  expect(setCookie.some((c) => /^flow\.sid\.sig=[^;]*;.*expires=Thu, 01 Jan 1970/i.test(c))).toBe(true);
});
