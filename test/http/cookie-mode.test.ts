// Cookie mode only: what it means that the session is the cookie (readable, signed, not revocable, size-capped).
import request from 'supertest';
import { closeApps, completeJourney, COOKIE_NAME, cookiesSetBy, cookieValueOf, csrfFrom, sessionCookie, SIGNATURE_COOKIE_NAME, TEST_SECRET, testApp } from '../support/app';
import { cookieContent, cookieHeader, cookieIn, decodeCookieSession, encodeCookieSession, signCookie } from '../support/sessions';
import { Visitor } from '../support/visitor';

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

describe('the 4,096-byte limit (issue 21.4): a change that would outgrow it is refused, nothing kept is lost', () => {
  const emoji = (n: number) => '😀'.repeat(n); // 4 bytes of UTF-8 each: 12 once percent-encoded, about 5.3 in the cookie

  /** Every session Set-Cookie line the visitor was sent, to check none ever passed the limit. */
  function watchedVisitor() {
    const visitor = new Visitor();
    const lines: string[] = [];
    const remember = <T extends { headers: Record<string, unknown> }>(res: T): T => {
      const line = sessionCookie(res);
      if (line !== undefined) lines.push(line);
      return res;
    };
    return {
      visitor,
      lines,
      get: async (target: Parameters<Visitor['get']>[0], path: string) => remember(await visitor.get(target, path)),
      submit: async (target: Parameters<Visitor['get']>[0], path: string, fields: Record<string, string>) => remember(await visitor.submit(target, path, fields)),
    };
  }

  test('the largest valid answers, a placed order not yet shown and a second order: never a cookie over 4,096 bytes; the refused answer gets a clear 413', async () => {
    const target = cookieApp();
    const v = watchedVisitor();
    expect((await v.submit(target, '/page1', { firstName: emoji(100), lastName: emoji(100) })).status).toBe(303);
    expect((await v.submit(target, '/page2', { favoriteColor: emoji(100) })).status).toBe(303);
    const order = async () => {
      const statuses: number[] = [];
      for (const [path, fields] of [
        ['/order/size', { size: 'medium' }],
        ['/order/toppings', { toppings: ['mushrooms', 'pineapple', 'peppers'] as unknown as string }],
        ['/order/quantity', { quantity: '10' }],
        ['/order/delivery', { method: 'delivery' }],
        ['/order/address', { address: emoji(200) }],
      ] as const) {
        statuses.push((await v.submit(target, path, fields)).status);
      }
      return statuses;
    };
    expect(await order()).toEqual([303, 303, 303, 303, 303]);
    const check = await v.get(target, '/order/check');
    // Placing (the done page still to be shown) is never what the limit refuses.
    const placed = await v.visitor.post(target, '/order/check', { _csrf: csrfFrom(check.text) });
    expect(placed.status).toBe(303);
    expect(placed.headers.location).toBe('/order/done');
    // A second order beside the placed one: its long address is refused, with a page that says why and what to do.
    const second = await order();
    expect(second).toContain(413);
    const refusedAt = second.indexOf(413);
    expect(second.slice(0, refusedAt).every((s) => s === 303)).toBe(true);
    const refused = await v.visitor.submit(target, '/order/address', { address: emoji(200) });
    expect(refused.status).toBe(413);
    expect(refused.text).toContain('does not fit in your cookie');
    expect(refused.text).toContain('4,096 bytes');
    expect(refused.text).toContain('server mode');
    expect(refused.text).toContain('everything you answered before is still kept');

    for (const line of v.lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(4096);
    // Nothing kept was lost: the lesson's answers, and the placed order's done page.
    expect((await v.get(target, '/page3')).text).toContain(emoji(100));
    const done = await v.get(target, '/order/done');
    expect(done.status).toBe(200);
    expect(done.text).toContain('Order placed');
    expect(done.text).toContain(emoji(200));
  }, 20_000);

  test('statistical: 12 random journeys of the largest answers: no cookie over 4,096 bytes, no 5xx, every refusal a 413', async () => {
    const target = cookieApp();
    const deadline = Date.now() + 15_000;
    let over = 0;
    let trials = 0;
    const statuses = new Set<number>();
    for (; trials < 12 && Date.now() < deadline; trials++) {
      const v = watchedVisitor();
      const long = (n: number) => emoji(n - ((trials * 7) % 20)); // the longest, or up to 19 characters shorter
      statuses.add((await v.submit(target, '/page1', { firstName: long(100), lastName: long(100) })).status);
      statuses.add((await v.submit(target, '/page2', { favoriteColor: long(100) })).status);
      for (let round = 0; round < 2; round++) {
        for (const [path, fields] of [
          ['/order/size', { size: 'large' }],
          ['/order/toppings', { toppings: 'olives' }],
          ['/order/quantity', { quantity: '9' }],
          ['/order/delivery', { method: 'delivery' }],
          ['/order/address', { address: long(200) }],
        ] as const) {
          statuses.add((await v.submit(target, path, fields)).status);
        }
        const check = await v.get(target, '/order/check');
        if (check.status === 200) statuses.add((await v.visitor.post(target, '/order/check', { _csrf: csrfFrom(check.text) })).status);
      }
      if (v.lines.some((line) => Buffer.byteLength(line) > 4096)) over++;
    }
    expect(trials).toBeGreaterThanOrEqual(6);
    expect(over).toBe(0);
    expect([...statuses].filter((s) => s !== 303 && s !== 413)).toEqual([]);
  }, 20_000);
});
