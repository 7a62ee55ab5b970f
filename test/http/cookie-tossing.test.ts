// Cookie tossing (someone who can set cookies for this host, e.g. from a sibling subdomain): where the app is served over
// https only, every cookie has the __Host- prefix, which browsers accept only from this very host over https; and once
// the visitor has a session, the form token is bound to it, so a token planted with a tossed CSRF cookie fails.
// Regression (issue 21.10): no cookie had the prefix, and a planted cookie and token were accepted into a live session.
import request from 'supertest';
import { csrfFrom, setCookiesOf, withCookiesFrom } from '../support/app';
import { modes } from '../support/sessions';
import { appWithEnv, closeEnvApps } from '../support/settings';
import { Visitor } from '../support/visitor';

afterAll(closeEnvApps);

const PRODUCTION = { NODE_ENV: 'production', SESSION_SECRET: 'a-production-secret-that-is-long-enough-0123', DYNO: 'web.1' };
const HTTPS = { 'X-Forwarded-Proto': 'https' };

describe.each(modes)('in %s mode', (sessionMode) => {
  test('in production every cookie is __Host-: Secure, Path=/, no Domain', async () => {
    const app = appWithEnv({ ...PRODUCTION, SESSION_MODE: sessionMode });
    const page = await request(app).get('/page1').set(HTTPS).expect(200);
    const res = await request(app)
      .post('/page1')
      .set({ ...HTTPS, Cookie: withCookiesFrom('', page) })
      .type('form')
      .send({ firstName: 'Ada', lastName: 'Lovelace', _csrf: csrfFrom(page.text) })
      .expect(303);
    const cookies = [...setCookiesOf(page), ...setCookiesOf(res)];
    expect(cookies.length).toBeGreaterThanOrEqual(2); // the form token's cookie, and the session's
    for (const cookie of cookies) {
      expect(cookie).toMatch(/^__Host-flow\./);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; Path=\//i);
      expect(cookie).not.toMatch(/; Domain=/i);
    }
  });

  test('in development (http) the names stay plain', async () => {
    const page = await request(appWithEnv({ NODE_ENV: 'development', SESSION_MODE: sessionMode })).get('/page1').expect(200);
    expect(setCookiesOf(page).map((c) => c.split('=', 1)[0])).toEqual(['flow.csrf']);
  });

  test('a token planted with a tossed CSRF cookie fails once the visitor has a session, and nothing is stored', async () => {
    const app = appWithEnv({ SESSION_MODE: sessionMode });
    // The attacker's own visit: a CSRF cookie value and the token the app gave them for it.
    const attackersPage = await request(app).get('/page1').expect(200);
    const tossed = setCookiesOf(attackersPage)[0]!.split(';', 1)[0]!; // flow.csrf=<value>
    const attackersToken = csrfFrom(attackersPage.text);

    const victim = new Visitor();
    expect((await victim.submit(app, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
    // The tossed cookie replaces the victim's CSRF cookie; their session cookie stays.
    victim.cookie = `${tossed}; ${victim.cookie!.split('; ').filter((c) => !c.startsWith('flow.csrf=')).join('; ')}`;
    const forged = await victim.post(app, '/page1', { firstName: 'Mallory', lastName: 'Evil', _csrf: attackersToken });
    expect(forged.status).toBe(403);
    const summary = await victim.get(app, '/page2');
    expect(summary.text).toContain('Lovelace');
    expect(summary.text).not.toContain('Mallory');
  });

  test('the visitor\'s own forms keep working before and after their session begins', async () => {
    const visitor = new Visitor();
    const app = appWithEnv({ SESSION_MODE: sessionMode });
    expect((await visitor.submit(app, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
    expect((await visitor.submit(app, '/page2', { favoriteColor: 'teal' })).status).toBe(303);
    expect((await visitor.submit(app, '/page1', { firstName: 'Grace', lastName: 'Hopper' })).status).toBe(303);
  });
});
