// Issue 21.5 against every server-mode store: the first answers of two tabs of one browser, sent at once before
// either has a session, meet in one session (both answers kept, one cookie), without weakening the defences
// against session fixation: a planted id is never adopted, and an ended session's id is never given out again.
import type { Server } from 'node:http';
import request from 'supertest';
import { COOKIE_NAME, cookieValueOf, csrfFrom, sessionCookie, TEST_SECRET } from '../support/app';
import { signedCookieValue as signedId } from '../../src/http/cookies';
import { closeServers, listening, storedIn } from '../support/hostile';
import { heldPost } from '../support/race';
import { serverSessionId } from '../support/sessions';
import { describeEachStore } from '../support/stores';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A browser that has seen a form page (so it holds flow.csrf) and has no session yet: its Cookie header and form token. */
async function freshBrowser(server: Server): Promise<{ cookie: string; token: string }> {
  const page = await request(server).get('/page1').expect(200);
  const csrf = (page.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('flow.csrf='));
  return { cookie: csrf?.split(';', 1)[0] ?? '', token: csrfFrom(page.text) };
}

/** A Cookie pair for a session id signed with the test secret, as if planted in the browser. */
function signedCookieFor(id: string): string {
  return `${COOKIE_NAME}=${encodeURIComponent(signedId(id, TEST_SECRET))}`;
}

/** The session cookie value a raw response set, if any. */
function sidSetIn(text: string): string | undefined {
  return /^Set-Cookie: flow\.sid=([^;]+);/im.exec(text)?.[1];
}

describeEachStore((fixture) => {
  afterEach(closeServers);

  async function setUp() {
    const { app, store } = await fixture().app();
    return { server: await listening(app), count: () => fixture().count(store) };
  }

  test('two first answers held, then released together: one session, both answers, one cookie value in both responses', async () => {
    const { server, count } = await setUp();
    const { cookie, token } = await freshBrowser(server);
    const lesson = heldPost(server, '/page1', cookie, { firstName: 'Ada', lastName: 'Lovelace', _csrf: token });
    const order = heldPost(server, '/order/size', cookie, { size: 'large', _csrf: token });
    await wait(200); // both requests have read their (absent) session and wait for their bodies
    lesson.release();
    order.release();
    const [a, b] = await Promise.all([lesson.response, order.response]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const sidA = sidSetIn(a.text);
    const sidB = sidSetIn(b.text);
    expect(sidA).toBeDefined();
    expect(sidB).toBe(sidA);
    expect(await count()).toBe(1);
    const home = await request(server).get('/').set('Cookie', `${cookie}; flow.sid=${sidA ?? ''}`).expect(200);
    const stored = storedIn(home.text);
    expect(stored['First name']).toBe('Ada');
    expect(stored.Size).toBe('Large');
  });

  test('statistical: 20 browsers each sending two first answers at once: no answer lost, one session each', async () => {
    const { server, count } = await setUp();
    const deadline = Date.now() + 15_000;
    let lost = 0;
    let trials = 0;
    for (; trials < 20 && Date.now() < deadline; trials++) {
      const { cookie, token } = await freshBrowser(server);
      const [a, b] = await Promise.all([
        request(server).post('/page1').set('Cookie', cookie).type('form').send({ firstName: `Ada${trials}`, lastName: 'Lovelace', _csrf: token }),
        request(server).post('/order/size').set('Cookie', cookie).type('form').send({ size: 'small', _csrf: token }),
      ]);
      expect([a.status, b.status]).toEqual([303, 303]);
      const sid = cookieValueOf(sessionCookie(a));
      const stored = storedIn((await request(server).get('/').set('Cookie', `${cookie}; ${COOKIE_NAME}=${sid ?? ''}`)).text);
      if (cookieValueOf(sessionCookie(b)) !== sid || stored['First name'] !== `Ada${trials}` || stored.Size !== 'Small') lost++;
    }
    expect(trials).toBeGreaterThanOrEqual(10);
    expect(lost).toBe(0);
    expect(await count()).toBe(trials);
  }, 20_000);

  test('a planted session id is never adopted: the first answer gets an id of its own', async () => {
    const { server } = await setUp();
    const { cookie, token } = await freshBrowser(server);
    for (const planted of [`${COOKIE_NAME}=attacker-chosen-id`, signedCookieFor('attacker-chosen-id-000000000000')]) {
      const res = await request(server).post('/page1').set('Cookie', `${cookie}; ${planted}`).type('form').send({ firstName: 'Ada', lastName: 'Lovelace', _csrf: token });
      // An unsigned id is no session (a fresh one is made); a signed one the store never had is an ended session (403).
      expect([303, 403]).toContain(res.status);
      const sid = cookieValueOf(sessionCookie(res));
      if (res.status === 303) expect(serverSessionId(sid ?? '')).not.toBe('attacker-chosen-id');
    }
  });

  test('after start over, the same browser (same CSRF cookie) answering again gets a new id; the old cookie reaches nothing', async () => {
    const { server } = await setUp();
    const { cookie, token } = await freshBrowser(server);
    const first = await request(server).post('/page1').set('Cookie', cookie).type('form').send({ firstName: 'Ada', lastName: 'Lovelace', _csrf: token });
    const oldSid = cookieValueOf(sessionCookie(first)) ?? '';
    // Once the session exists, its forms carry a token bound to it (cookie tossing: docs/HARDENING.md): read it from a page.
    const page = await request(server).get('/page1').set('Cookie', `${cookie}; ${COOKIE_NAME}=${oldSid}`).expect(200);
    await request(server).post('/start-over').set('Cookie', `${cookie}; ${COOKIE_NAME}=${oldSid}`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    const again = await request(server).post('/page1').set('Cookie', cookie).type('form').send({ firstName: 'Grace', lastName: 'Hopper', _csrf: token });
    expect(again.status).toBe(303);
    const newSid = cookieValueOf(sessionCookie(again)) ?? '';
    expect(newSid).not.toBe(oldSid);
    const old = await request(server).get('/').set('Cookie', `${cookie}; ${COOKIE_NAME}=${oldSid}`).expect(200);
    expect(old.text).not.toContain('Hopper');
    expect(old.text).not.toContain('Lovelace');
  });
});
