// The signed double-submit CSRF token: no session needed, a cookie with the session cookie's flags, rotation, and refusals.
import request from 'supertest';
import { closeApps, completeJourney, csrfFrom, sessionCookie, testApp, withCookiesFrom } from '../support/app';
import { modes } from '../support/sessions';

afterAll(closeApps);

const OLD = 'old-secret-that-is-long-enough-0123456789';
const NEW = 'new-secret-that-is-long-enough-9876543210';

describe.each(modes)('in %s mode', (sessionMode) => {
  test('a form page sets only the flow.csrf cookie (HttpOnly, SameSite=Lax, Path=/), and reuses it on the next page', async () => {
    const agent = request.agent(testApp({ sessionMode }));
    const first = await agent.get('/page1').expect(200);
    const cookie = sessionCookie(first, 'flow.csrf');
    expect(cookie).toMatch(/^flow\.csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(sessionCookie(first)).toBeUndefined();
    const again = await agent.get('/page1').expect(200);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(csrfFrom(again.text)).toBe(csrfFrom(first.text));
  });

  test.each([
    ['no token', () => ({})],
    ['a wrong token', () => ({ _csrf: 'A'.repeat(43) })],
    ['the token twice', (token: string) => ({ _csrf: [token, token] })],
  ] as [string, (token: string) => Record<string, unknown>][])('a POST with %s is refused with 403 and stores nothing', async (_name, tokenField) => {
    const agent = request.agent(testApp({ sessionMode }));
    const page = await agent.get('/page1').expect(200);
    const res = await agent.post('/page1').type('form').send({ firstName: 'A', lastName: 'B', ...tokenField(csrfFrom(page.text)) });
    expect(res.status).toBe(403);
    expect(sessionCookie(res)).toBeUndefined();
  });

  test('a valid token without its cookie, or with another visitor’s cookie, is refused', async () => {
    const app = testApp({ sessionMode });
    const mine = await request(app).get('/page1').expect(200);
    const theirs = await request(app).get('/page1').expect(200);
    const fields = { firstName: 'A', lastName: 'B', _csrf: csrfFrom(mine.text) };
    await request(app).post('/page1').type('form').send(fields).expect(403);
    await request(app).post('/page1').set('Cookie', withCookiesFrom('', theirs)).type('form').send(fields).expect(403);
    await request(app).post('/page1').set('Cookie', withCookiesFrom('', mine)).type('form').send(fields).expect(303);
  });

  test('rotation: a token made under a secret still listed is accepted; once the secret is gone it is refused', async () => {
    const before = testApp({ sessionMode, sessionSecrets: [OLD] });
    const during = testApp({ sessionMode, sessionSecrets: [NEW, OLD] });
    const after = testApp({ sessionMode, sessionSecrets: [NEW] });
    const page = await request(before).get('/page1').expect(200);
    const cookies = withCookiesFrom('', page);
    const fields = { firstName: 'A', lastName: 'B', _csrf: csrfFrom(page.text) };
    await request(during).post('/page1').set('Cookie', cookies).type('form').send(fields).expect(303);
    await request(after).post('/page1').set('Cookie', cookies).type('form').send(fields).expect(403);
    // Pages made during the rotation carry tokens under the new secret, which the next deploy accepts.
    const fresh = await request(during).get('/page1').set('Cookie', cookies).expect(200);
    await request(after).post('/page1').set('Cookie', cookies).type('form').send({ ...fields, _csrf: csrfFrom(fresh.text) }).expect(303);
  });

  test('start over needs the token too', async () => {
    const agent = request.agent(testApp({ sessionMode }));
    await completeJourney(agent);
    await agent.post('/start-over').type('form').send({ _csrf: 'forged' }).expect(403);
    expect((await agent.get('/page3').expect(200)).text).toContain('Lovelace');
  });
});
