// The origin check behind a proxy that rewrites Host (nginx's default `proxy_set_header Host $proxy_host`, with the
// public name in X-Forwarded-Host): the public origin comes from X-Forwarded-Host/-Proto when, and only when, the proxy
// is trusted (TRUST_PROXY), or from PUBLIC_ORIGIN. Regression (issue 21.6): every genuine form there was refused 403.
import type { App } from '../../src/app';
import { cookiesSetBy, csrfFrom } from '../support/app';
import { appWithEnv, closeEnvApps } from '../support/settings';
import request from 'supertest';

afterAll(closeEnvApps);

const PUBLIC = 'forms.example.org';
/** What nginx sends on: its upstream's name in Host, the public name and scheme in X-Forwarded-*. */
const REWRITTEN = { Host: 'app-upstream:3000', 'X-Forwarded-Host': PUBLIC, 'X-Forwarded-Proto': 'https' };

/** A browser's form post on the public site (Origin as the browser sets it), through the proxy. */
async function formThroughProxy(app: App, origin: string, headers: Record<string, string> = REWRITTEN): Promise<number> {
  const page = await request(app).get('/page1').set(headers).expect(200);
  const res = await request(app)
    .post('/page1')
    .set({ ...headers, Origin: origin, 'Sec-Fetch-Site': 'same-origin', Cookie: cookiesSetBy(page) })
    .type('form')
    .send({ firstName: 'Ada', lastName: 'Lovelace', _csrf: csrfFrom(page.text) });
  return res.status;
}

describe('the proxy is trusted (TRUST_PROXY=1)', () => {
  test('a same-origin form through a Host-rewriting proxy is accepted', async () => {
    expect(await formThroughProxy(appWithEnv({ TRUST_PROXY: '1' }), `https://${PUBLIC}`)).toBe(303);
  });

  test('another site is still refused', async () => {
    expect(await formThroughProxy(appWithEnv({ TRUST_PROXY: '1' }), 'https://evil.example')).toBe(403);
  });
});

describe('the proxy is not trusted', () => {
  test('X-Forwarded-Host is not believed: a client cannot name its own origin with it', async () => {
    const app = appWithEnv();
    const spoofed = { Host: 'app.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' };
    expect(await formThroughProxy(app, 'https://evil.example', spoofed)).toBe(403);
    expect(await formThroughProxy(app, 'http://app.example', spoofed)).toBe(303);
  });
});

describe('PUBLIC_ORIGIN', () => {
  test('names the public origin whatever the proxy sends', async () => {
    const app = appWithEnv({ PUBLIC_ORIGIN: `https://${PUBLIC}` });
    expect(await formThroughProxy(app, `https://${PUBLIC}`, { Host: 'app-upstream:3000' })).toBe(303);
    expect(await formThroughProxy(app, 'http://app-upstream:3000', { Host: 'app-upstream:3000' })).toBe(403);
  });
});
