// NEW_SESSIONS_PER_MINUTE: past the limit, a new visitor from that address gets the 429 page with Retry-After.
import request from 'supertest';
import { closeApps, csrfFrom, testApp } from '../support/app';
import { behindProxy, firstAnswersFrom, inAFreshMinute, visitorFrom } from '../support/limits';

afterAll(closeApps);

beforeEach(() => inAFreshMinute(), 10_000); // may wait up to 5 s for the next minute

const CLASSROOM = '203.0.113.7';

describe('the limit on new sessions per client address', () => {
  test('past the limit, a new visitor gets the 429 page with Retry-After, and nothing is stored for them', async () => {
    const app = behindProxy(testApp({ newSessionsPerMinute: 3 }));
    for (let i = 0; i < 3; i++) expect((await firstAnswersFrom(CLASSROOM, app)).res.status).toBe(303);

    const { visitor, res } = await firstAnswersFrom(CLASSROOM, app);
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Too many new visitors from your network');
    expect(res.text).toContain('Error 429');
    expect(res.headers.location).toBeUndefined();

    // Their answers were not kept: page 2 still sends them to page 1.
    const page2 = await visitor.get(app, '/page2');
    expect(page2.status).toBe(303);
    expect(page2.headers.location).toBe('/page1');
  });

  test('a visitor who already has a session is never limited', async () => {
    const app = behindProxy(testApp({ newSessionsPerMinute: 1 }));
    const { visitor, res } = await firstAnswersFrom(CLASSROOM, app);
    expect(res.status).toBe(303);
    expect((await firstAnswersFrom(CLASSROOM, app)).res.status).toBe(429); // the address is now over its limit

    expect((await visitor.submit(app, '/page2', { favoriteColor: 'teal' })).status).toBe(303);
    expect((await visitor.submit(app, '/page1', { firstName: 'Grace', lastName: 'Hopper' })).status).toBe(303);
    expect((await visitor.submit(app, '/page2', { favoriteColor: 'red' })).status).toBe(303);
    const summary = await visitor.get(app, '/page3');
    expect(summary.text).toContain('Hopper');
    // Start over keeps working too (it is not a first answer).
    expect((await visitor.post(app, '/start-over', { _csrf: csrfFrom(summary.text) })).status).toBe(303);
  });

  test('other addresses are unaffected', async () => {
    const app = behindProxy(testApp({ newSessionsPerMinute: 2 }));
    for (let i = 0; i < 2; i++) await firstAnswersFrom(CLASSROOM, app);
    expect((await firstAnswersFrom(CLASSROOM, app)).res.status).toBe(429);
    expect((await firstAnswersFrom('198.51.100.9', app)).res.status).toBe(303);
    expect((await firstAnswersFrom('2001:db8::1', app)).res.status).toBe(303);
  });

  test('the addresses of one IPv6 /64 (one home or phone) share a count', async () => {
    const app = behindProxy(testApp({ newSessionsPerMinute: 2 }));
    expect((await firstAnswersFrom('2001:db8:7:7::1', app)).res.status).toBe(303);
    expect((await firstAnswersFrom('2001:db8:7:7::2', app)).res.status).toBe(303);
    expect((await firstAnswersFrom('2001:db8:7:7:abcd::3', app)).res.status).toBe(429);
    expect((await firstAnswersFrom('2001:db8:7:8::1', app)).res.status).toBe(303);
  });

  test('reading pages and refused answers count nothing: only a created session does', async () => {
    const app = behindProxy(testApp({ newSessionsPerMinute: 1 }));
    for (let i = 0; i < 5; i++) {
      const visitor = visitorFrom(CLASSROOM);
      expect((await visitor.get(app, '/page1')).status).toBe(200);
      expect((await visitor.submit(app, '/page1', { firstName: '', lastName: '' })).status).toBe(422);
      expect((await visitor.post(app, '/page1', { firstName: 'A', lastName: 'B', _csrf: 'wrong' })).status).toBe(403);
    }
    expect((await firstAnswersFrom(CLASSROOM, app)).res.status).toBe(303);
  });

  test('0 turns the limit off', async () => {
    const app = behindProxy(testApp({ newSessionsPerMinute: 0 }));
    for (let i = 0; i < 30; i++) expect((await firstAnswersFrom(CLASSROOM, app)).res.status).toBe(303);
  });

  test('the limit holds in cookie mode too', async () => {
    const app = behindProxy(testApp({ newSessionsPerMinute: 1, sessionMode: 'cookie' }));
    const firstAnswers = async () => {
      const agent = request.agent(app); // keeps both cookies (the session and its signature)
      const page = await agent.get('/page1').set('X-Forwarded-For', CLASSROOM).expect(200);
      return agent
        .post('/page1')
        .set('X-Forwarded-For', CLASSROOM)
        .type('form')
        .send({ firstName: 'Ada', lastName: 'Lovelace', _csrf: csrfFrom(page.text) });
    };
    expect((await firstAnswers()).status).toBe(303);
    const refused = await firstAnswers();
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  });

  test('without trust proxy, X-Forwarded-For is ignored: the address is the connection\'s', async () => {
    const app = testApp({ newSessionsPerMinute: 1 });
    expect((await firstAnswersFrom('192.0.2.1', app)).res.status).toBe(303);
    expect((await firstAnswersFrom('192.0.2.2', app)).res.status).toBe(429); // same loopback address underneath
    expect((await request(app).get('/healthz')).status).toBe(200);
  });
});
