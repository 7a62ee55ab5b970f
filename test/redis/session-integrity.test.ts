// Issue 10 against every server-mode store: nothing stored for readers, stale cookies write nothing, changes are
// atomic (two tabs keep both answers), start over always wins, and sessions end at their absolute lifetime.
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { csrfFrom } from '../support/app';
import { closeServers, listening, storedIn } from '../support/hostile';
import { heldPost } from '../support/race';
import { describeEachStore, watchLoads } from '../support/stores';
import { Visitor } from '../support/visitor';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A visitor who has answered both questions; returns them and the summary page's token. */
async function answeredVisitor(server: Server, name = 'Ada', colour = 'teal') {
  const visitor = new Visitor();
  expect((await visitor.submit(server, '/page1', { firstName: name, lastName: 'Lovelace' })).status).toBe(303);
  expect((await visitor.submit(server, '/page2', { favoriteColor: colour })).status).toBe(303);
  const summary = await visitor.get(server, '/page3');
  return { visitor, token: csrfFrom(summary.text) };
}

/** A request with no cookie over a kept-alive connection (fast enough for thousands). */
function anonymous(server: Server, agent: http.Agent, method: string, path: string): Promise<{ status: number; setCookie: string[] }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] }));
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

async function answersOf(server: Server, visitor: Visitor) {
  return storedIn((await visitor.get(server, '/')).text);
}

describeEachStore((fixture) => {
  afterEach(closeServers);

  async function setUp(overrides = {}) {
    const { app, store } = await fixture().app(overrides);
    return { server: await listening(app), store, count: () => fixture().count(store) };
  }

  describe('nothing is stored for a visitor who has stored nothing', () => {
    test('2,000 anonymous GETs and HEADs of /page1 add no session, and leave a visitor on a 3-session store alone', async () => {
      // Production settings: compiled templates are kept, as in a real flood.
      const { server, count } = await setUp({ memoryStoreMaxSessions: 3, nodeEnv: 'production' });
      const { visitor } = await answeredVisitor(server, 'Kept');
      expect(await count()).toBe(1);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
      const deadline = Date.now() + 20_000;
      let sent = 0;
      const statuses = new Set<number>();
      let sessionCookies = 0;
      try {
        for (; sent < 2000 && Date.now() < deadline; sent += 50) {
          const batch = Array.from({ length: 50 }, (_, j) => anonymous(server, agent, j % 2 === 0 ? 'HEAD' : 'GET', '/page1'));
          for (const res of await Promise.all(batch)) {
            statuses.add(res.status);
            if (res.setCookie.some((c) => c.startsWith('flow.sid='))) sessionCookies++;
          }
        }
      } finally {
        agent.destroy();
      }
      expect(sent).toBe(2000);
      expect([...statuses]).toEqual([200]);
      expect(sessionCookies).toBe(0);
      expect(await count()).toBe(1);
      expect((await answersOf(server, visitor))['First name']).toBe('Kept');
    }, 30_000);

    test('the first answers create the session; a 422 creates nothing', async () => {
      const { server, count } = await setUp();
      const visitor = new Visitor();
      expect((await visitor.submit(server, '/page1', { firstName: '', lastName: '' })).status).toBe(422);
      expect(await count()).toBe(0);
      expect((await visitor.submit(server, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
      expect(await count()).toBe(1);
    });
  });

  describe('a stale cookie writes nothing', () => {
    test('on /, a 404, a page that redirects, and refused POSTs: no entry is added, the cookie is cleared, and the expiry notice still shows', async () => {
      // A session that really timed out: the store then keeps only a marker saying so, no session.
      const { server, count } = await setUp({ sessionIdleMs: 500 });
      const { visitor, token } = await answeredVisitor(server);
      await wait(700);
      const stale = visitor.cookie ?? '';
      expect(await count()).toBe(0);

      const responses = [
        await request(server).get('/').set('Cookie', stale),
        await request(server).get('/nowhere').set('Cookie', stale),
        await request(server).get('/page3').set('Cookie', stale),
        await request(server).post('/page2').set('Cookie', stale).type('form').send({ favoriteColor: 'x' }), // no token
        await request(server).post('/page2').set('Cookie', stale).type('form').send({ favoriteColor: 'x', _csrf: token }), // ended
      ];
      expect(responses.map((r) => r.status)).toEqual([200, 404, 303, 403, 403]);
      expect(responses[4]?.text).toContain('Your session ended');
      expect(await count()).toBe(0);
      for (const res of [responses[0], responses[1], responses[2], responses[4]]) {
        const setCookie = (res?.headers['set-cookie'] ?? []) as string[];
        expect(setCookie.some((c) => c.startsWith('flow.sid=;'))).toBe(true); // cleared
      }
      // The notice still shows on the next page, once.
      const page1 = await visitor.get(server, '/page1');
      expect(page1.text).toContain('Your session expired');
      expect((await visitor.get(server, '/page1')).text).not.toContain('Your session expired');
      expect(await count()).toBe(0);
    });
  });

  describe('two tabs keep both answers', () => {
    test.each([
      ['tab A (name) held while tab B (colour) completes', 'A'],
      ['tab B (colour) held while tab A (name) completes', 'B'],
    ])('%s', async (_name, heldTab) => {
      const { server, store } = await setUp();
      const { visitor } = await answeredVisitor(server);
      const token = csrfFrom((await visitor.get(server, '/page1')).text);
      const loads = watchLoads(store);
      const tabA = { path: '/page1', fields: { firstName: 'Grace', lastName: 'Lovelace', _csrf: token } };
      const tabB = { path: '/page2', fields: { favoriteColor: 'crimson', _csrf: token } };
      const [held, other] = heldTab === 'A' ? [tabA, tabB] : [tabB, tabA];

      const loaded = loads.nextLoad();
      const slow = heldPost(server, held.path, visitor.cookie ?? '', held.fields);
      await loaded; // the held request has read the session (version n)
      const fast = await request(server).post(other.path).set('Cookie', visitor.cookie ?? '').type('form').send(other.fields);
      expect(fast.status).toBe(303);
      slow.release();
      expect((await slow.response).status).toBe(303);

      const stored = await answersOf(server, visitor);
      expect(stored['First name']).toBe('Grace');
      expect(stored['Favourite colour']).toBe('crimson');
    });

    test('50 trials of two POSTs of one session sent at once: no answer is ever lost', async () => {
      const { server } = await setUp();
      const deadline = Date.now() + 20_000;
      let lost = 0;
      let trials = 0;
      for (; trials < 50 && Date.now() < deadline; trials++) {
        const { visitor } = await answeredVisitor(server, `Ada${trials}`);
        const token = csrfFrom((await visitor.get(server, '/page1')).text);
        const cookie = visitor.cookie ?? '';
        const [a, b] = await Promise.all([
          request(server).post('/page1').set('Cookie', cookie).type('form').send({ firstName: `Grace${trials}`, lastName: 'Hopper', _csrf: token }),
          request(server).post('/page2').set('Cookie', cookie).type('form').send({ favoriteColor: `colour${trials}`, _csrf: token }),
        ]);
        expect([a.status, b.status]).toEqual([303, 303]);
        const stored = await answersOf(server, visitor);
        if (stored['First name'] !== `Grace${trials}` || stored['Favourite colour'] !== `colour${trials}`) lost++;
      }
      expect(trials).toBeGreaterThanOrEqual(20);
      expect(lost).toBe(0);
    }, 30_000);
  });

  describe('start over always wins', () => {
    test('an answer in flight while start over runs stores nothing and gets 403 "Your session ended", not 303', async () => {
      const { server, store, count } = await setUp();
      const { visitor, token } = await answeredVisitor(server);
      const oldCookie = visitor.cookie ?? '';
      const loads = watchLoads(store);

      const loaded = loads.nextLoad();
      const slow = heldPost(server, '/page2', oldCookie, { favoriteColor: 'resurrected', _csrf: token });
      await loaded;
      const startOver = await visitor.post(server, '/start-over', { _csrf: token });
      expect(startOver.status).toBe(303);
      slow.release();
      const answer = await slow.response;
      expect(answer.status).toBe(403);
      expect(answer.text).toContain('Your session ended');
      expect(answer.text).not.toMatch(/^Location:/im);

      expect(await count()).toBe(0);
      // The old cookie reaches no answers, now or later.
      for (const path of ['/page2', '/page3']) {
        const res = await request(server).get(path).set('Cookie', oldCookie);
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('/page1');
      }
      const home = await request(server).get('/').set('Cookie', oldCookie).expect(200);
      expect(home.text).not.toContain('Lovelace');
      expect(home.text).not.toContain('resurrected');
      expect(await count()).toBe(0);
    });

    test('a request of the old session that only reads, in flight during start over, brings nothing back', async () => {
      const { server, store, count } = await setUp();
      const { visitor, token } = await answeredVisitor(server);
      const oldCookie = visitor.cookie ?? '';
      const loads = watchLoads(store);
      const loaded = loads.nextLoad();
      // A refused (422) POST: it reads the session, changes nothing, and is touched at the end.
      const slow = heldPost(server, '/page2', oldCookie, { favoriteColor: '', _csrf: token });
      await loaded;
      await visitor.post(server, '/start-over', { _csrf: token });
      slow.release();
      expect((await slow.response).status).toBe(422);
      await wait(50);
      expect(await count()).toBe(0);
    });
  });

  describe('absolute lifetime', () => {
    test('a session ends its absolute lifetime after it began, however active, with the expiry notice', async () => {
      const { server, count } = await setUp({ sessionAbsoluteMs: 1500 });
      const visitor = new Visitor();
      await visitor.submit(server, '/page1', { firstName: 'Ada', lastName: 'Lovelace' });
      const began = Date.now();
      while (Date.now() - began < 1100) {
        expect((await visitor.get(server, '/page2')).status).toBe(200); // active all along
        await wait(200);
      }
      await wait(Math.max(0, 1600 - (Date.now() - began)));
      const res = await visitor.get(server, '/page2');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/page1');
      const page1 = await visitor.get(server, '/page1');
      expect(page1.text).toContain('Your session expired');
      expect(page1.text).not.toContain('Lovelace');
      expect(await count()).toBe(0);
    }, 10_000);
  });
});
