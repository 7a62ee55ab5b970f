// Cookie mode only: what it means that the session is the cookie (readable, signed, not revocable, size-capped).
import request from 'supertest';
import { closeApps, completeJourney, COOKIE_NAME, cookiesSetBy, cookieValueOf, csrfFrom, sessionCookie, SIGNATURE_COOKIE_NAME, TEST_SECRET, testApp } from '../support/app';
import { cookieHeader, cookieIn, decodeCookieSession, encodeCookieSession, signCookie } from '../support/sessions';

afterAll(closeApps);

const cookieApp = (overrides = {}) => testApp({ sessionMode: 'cookie', ...overrides });

test('anyone holding the cookie can decode it and read the answers: signed, not encrypted', async () => {
  const agent = request.agent(cookieApp());
  await completeJourney(agent, { firstName: 'Ada', lastName: 'Lovelace', favoriteColor: 'teal' });
  const data = decodeCookieSession(cookieIn(agent) ?? '');
  expect(data.answers).toEqual({ firstName: 'Ada', lastName: 'Lovelace', favoriteColor: 'teal' });
  expect(typeof data.csrfToken).toBe('string');
  expect(typeof data.lastSeen).toBe('number');
});

test('the inspector shows the decoded cookie, with the token and id masked', async () => {
  const agent = request.agent(cookieApp());
  await completeJourney(agent);
  const html = (await agent.get('/page3').expect(200)).text;
  const data = decodeCookieSession(cookieIn(agent) ?? '');
  expect(html).toContain('Signed, not encrypted.');
  expect(html).toContain('&#34;firstName&#34;: &#34;Ada&#34;');
  expect(html).toContain('&#34;csrfToken&#34;: &#34;‹64 characters, not shown here›&#34;');
  expect(html).not.toContain(String(data.id));
  expect(html).toContain('cannot revoke');
});

test('a cookie whose content was changed without the secret is rejected: a fresh session, no error', async () => {
  const target = cookieApp();
  const agent = request.agent(target);
  await completeJourney(agent);
  const data = decodeCookieSession(cookieIn(agent) ?? '');
  const forged = encodeCookieSession({ ...data, answers: { firstName: 'Mallory', lastName: 'X', favoriteColor: 'black' } });
  const oldSignature = cookieIn(agent, SIGNATURE_COOKIE_NAME) ?? '';
  const withOldSignature = await request(target).get('/page3').set('Cookie', `${COOKIE_NAME}=${forged}; ${SIGNATURE_COOKIE_NAME}=${oldSignature}`);
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
  const value = encodeCookieSession({ answers: { firstName: 'Grace', lastName: 'Hopper' }, lastSeen: Date.now() });
  const res = await request(target).get('/page2').set('Cookie', `${COOKIE_NAME}=${value}; ${SIGNATURE_COOKIE_NAME}=${signCookie(COOKIE_NAME, value, TEST_SECRET)}`);
  expect(res.status).toBe(200);
  expect(res.text).toContain('Hopper');
});

test('an old secret still verifies after rotation, and new cookies are signed with the first', async () => {
  const value = encodeCookieSession({ answers: { firstName: 'Grace', lastName: 'Hopper' }, lastSeen: Date.now() });
  const rotated = cookieApp({ sessionSecrets: ['a-brand-new-secret-that-is-long-enough-42', TEST_SECRET] });
  const res = await request(rotated).get('/page2').set('Cookie', `${COOKIE_NAME}=${value}; ${SIGNATURE_COOKIE_NAME}=${signCookie(COOKIE_NAME, value, TEST_SECRET)}`).expect(200);
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
  const value = encodeCookieSession({ answers: { firstName: 'Ada', lastName: 'Lovelace' }, lastSeen: Date.now() - 61_000 });
  const cookie = `${COOKIE_NAME}=${value}; ${SIGNATURE_COOKIE_NAME}=${signCookie(COOKIE_NAME, value)}`;
  const res = await request(target).get('/page2').set('Cookie', cookie).expect(303).expect('Location', '/page1');
  const page1 = await request(target).get('/page1').set('Cookie', cookiesSetBy(res)).expect(200);
  expect(page1.text).toContain('Your session expired');
  expect(page1.text).not.toContain('Lovelace');
});

test('each request moves the idle clock in the cookie forward', async () => {
  const target = cookieApp();
  const lastSeen = Date.now() - 20 * 60_000;
  const value = encodeCookieSession({ answers: { firstName: 'Ada', lastName: 'Lovelace' }, id: 'abc', lastSeen });
  const res = await request(target).get('/page2').set('Cookie', `${COOKIE_NAME}=${value}; ${SIGNATURE_COOKIE_NAME}=${signCookie(COOKIE_NAME, value)}`).expect(200);
  const next = cookieValueOf(sessionCookie(res)) ?? '';
  expect(decodeCookieSession(next).lastSeen).toBeGreaterThan(lastSeen);
});

test('with every answer at its longest (100 four-byte emoji each) the cookie stays under 4 KB', async () => {
  const agent = request.agent(cookieApp());
  const longest = '😀'.repeat(100);
  await completeJourney(agent, { firstName: longest, lastName: longest, favoriteColor: longest });
  const summary = await agent.get('/page3').expect(200);
  const setCookie = sessionCookie(summary) ?? '';
  const value = cookieValueOf(setCookie) ?? '';
  expect(decodeCookieSession(value).answers).toEqual({ firstName: longest, lastName: longest, favoriteColor: longest });
  expect(Buffer.byteLength(setCookie)).toBeLessThan(4096); // the whole header line, attributes included
  // The inspector's figure is the real one: name=value as the browser stores it.
  expect(summary.text).toContain(`About ${Buffer.byteLength(`${COOKIE_NAME}=${value}`)} bytes`);
});

test('/healthz reports the cookie as the store: nothing on the server to reach, even with REDIS_URL set', async () => {
  const res = await request(cookieApp({ redisUrl: 'redis://127.0.0.1:1' })).get('/healthz').expect(200);
  expect(res.body).toEqual({ status: 'ok', store: { kind: 'cookie', reachable: true, writable: true } });
});
