// Cross-site posts refused: Origin and Sec-Fetch-Site from another site get a 403 page and change nothing.
import request from 'supertest';
import { isCrossSite } from '../../src/http/origin-check';
import { closeApps, completeJourney, cookiesSetBy, csrfFrom, testApp, type Agent } from '../support/app';

afterAll(closeApps);

const HOST = 'flow.example';

/** A visitor with every question answered, and a valid token for their next post. */
async function answeredVisitor(): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(testApp());
  await completeJourney(agent);
  const page = await agent.get('/page1').expect(200);
  return { agent, csrf: csrfFrom(page.text) };
}

/** A valid post (token and cookie) to /page1, with `headers`. */
function post(agent: Agent, csrf: string, headers: Record<string, string>) {
  let req = agent.post('/page1').set('Host', HOST);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return req.type('form').send({ firstName: 'Mallory', lastName: 'Evil', _csrf: csrf });
}

async function expectUnchanged(agent: Agent): Promise<void> {
  const summary = await agent.get('/page3').expect(200);
  expect(summary.text).toContain('Lovelace');
  expect(summary.text).not.toContain('Mallory');
}

describe('refused with 403, and nothing changes', () => {
  test.each([
    ['Origin of another site', { Origin: 'http://evil.example' }],
    ['Origin of another port', { Origin: `http://${HOST}:8080` }],
    ['Origin of the other scheme', { Origin: `https://${HOST}` }],
    ['Origin: null (sandboxed iframes, data: URLs, file: pages)', { Origin: 'null' }],
    ['an Origin that is not a URL', { Origin: 'not a url' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: cross-site with our own Origin', { 'Sec-Fetch-Site': 'cross-site', Origin: `http://${HOST}` }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'Sec-Fetch-Site': 'same-site' }],
    ['Sec-Fetch-Site: same-origin with another Origin', { 'Sec-Fetch-Site': 'same-origin', Origin: 'http://evil.example' }],
  ])('%s, even with a valid cookie and token', async (_name, headers) => {
    const { agent, csrf } = await answeredVisitor();
    const res = await post(agent, csrf, headers);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('A request from another site was refused');
    expect(res.text).toContain('nothing was changed');
    expect(res.text).toContain('<footer'); // in the app's look
    await expectUnchanged(agent);
  });

  test('start over from another site ends nothing', async () => {
    const { agent, csrf } = await answeredVisitor();
    const res = await agent.post('/start-over').set('Origin', 'http://evil.example').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(403);
    await expectUnchanged(agent);
  });

  test('is checked before the body is read: a cross-site JSON post is 403, not 415', async () => {
    const { agent } = await answeredVisitor();
    const res = await agent.post('/page1').set('Origin', 'http://evil.example').send({ firstName: 'Mallory' });
    expect(res.status).toBe(403);
  });
});

describe('accepted as today', () => {
  test.each([
    ['no Origin and no Sec-Fetch-Site (curl, supertest, older clients)', {}],
    ['our own Origin', { Origin: `http://${HOST}` }],
    ['our own Origin in capitals', { Origin: `HTTP://${HOST.toUpperCase()}` }],
    ['Sec-Fetch-Site: same-origin', { 'Sec-Fetch-Site': 'same-origin' }],
    ['Sec-Fetch-Site: same-origin with our Origin', { 'Sec-Fetch-Site': 'same-origin', Origin: `http://${HOST}` }],
    ['Sec-Fetch-Site: none (the visitor acted directly)', { 'Sec-Fetch-Site': 'none' }],
    ['Origin: null vouched for by Sec-Fetch-Site: same-origin', { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' }],
  ])('%s', async (_name, headers) => {
    const { agent, csrf } = await answeredVisitor();
    const res = await post(agent, csrf, headers);
    expect(res.status).toBe(303);
    expect((await agent.get('/page3').expect(200)).text).toContain('Mallory');
  });

  test('https://<host> behind the router in production (X-Forwarded-Proto: https), and not its http:// twin', async () => {
    const app = testApp({ nodeEnv: 'production', trustProxy: 1 });
    const page = await request(app).get('/page1').set('Host', HOST).set('X-Forwarded-Proto', 'https').expect(200);
    const cookies = cookiesSetBy(page);
    const send = (origin: string) =>
      request(app)
        .post('/page1')
        .set({ Host: HOST, 'X-Forwarded-Proto': 'https', Origin: origin, Cookie: cookies })
        .type('form')
        .send({ firstName: 'Ada', lastName: 'Lovelace', _csrf: csrfFrom(page.text) });
    expect((await send(`http://${HOST}`)).status).toBe(403);
    expect((await send(`https://${HOST}:443`)).status).toBe(303);
  });

  test('GET is never refused: following a link from another site works', async () => {
    const res = await request(testApp()).get('/page1').set({ 'Sec-Fetch-Site': 'cross-site', Origin: 'http://evil.example' });
    expect(res.status).toBe(200);
  });
});

test('pages tell browsers to send our own origin on our forms (Referrer-Policy: same-origin, not no-referrer)', async () => {
  // Under no-referrer, browsers send "Origin: null" on same-origin posts, which the check refuses.
  const res = await request(testApp()).get('/page1').expect(200);
  expect(res.headers['referrer-policy']).toBe('same-origin');
});

test('isCrossSite compares scheme and host as the app sees them', () => {
  const req = (headers: Record<string, string>, protocol = 'http') =>
    ({ protocol, host: headers.host, get: (name: string) => headers[name.toLowerCase()] }) as unknown as Parameters<typeof isCrossSite>[0];
  expect(isCrossSite(req({ host: 'a.example', origin: 'http://a.example' }))).toBe(false);
  expect(isCrossSite(req({ host: 'a.example', origin: 'http://a.example:80' }))).toBe(false);
  expect(isCrossSite(req({ host: 'a.example', origin: 'https://a.example' }, 'https'))).toBe(false);
  expect(isCrossSite(req({ host: 'a.example', origin: 'https://a.example' }))).toBe(true);
  expect(isCrossSite(req({ origin: 'http://a.example' }))).toBe(true); // no Host: nothing to match
});
