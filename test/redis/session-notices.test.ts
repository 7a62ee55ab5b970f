// Issue 22.2 against every server-mode store and cookie mode: a notice gives a reason only when the app knows it.
// Timed out (idle or absolute): "Your session expired". Started over, and the old cookie comes back: "You started
// over". Gone for a reason the app cannot know (the embedded store restarted, Redis lost its data): a neutral
// "We could not find your session", never a timeout that did not happen.
import request from 'supertest';
import { createApp } from '../../src/app';
import { testConfig, testDeps } from '../support/app';
import { closeServers, listening } from '../support/hostile';
import { describeEachStore } from '../support/stores';
import { Visitor } from '../support/visitor';
import { createMemorySessionStore } from '../../src/session/stores';
import { csrfFrom } from '../support/app';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const EXPIRED = 'Your session expired.';
const STARTED_OVER = 'You started over.';
const LOST = 'We could not find your session.';

/** The notice the next page shows for `cookie`, following the redirect a stale cookie gets. */
async function noticeFor(target: Parameters<typeof request>[0], visitor: Visitor): Promise<string> {
  await visitor.get(target, '/page2');
  const page = (await visitor.get(target, '/page1')).text;
  return [EXPIRED, STARTED_OVER, LOST].filter((notice) => page.includes(notice)).join(' + ') || 'none';
}

async function answered(target: Parameters<typeof request>[0]): Promise<Visitor> {
  const visitor = new Visitor();
  expect((await visitor.submit(target, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
  return visitor;
}

describeEachStore((fixture) => {
  afterEach(closeServers);

  test('idle timeout: "expired"', async () => {
    const { app } = await fixture().app({ sessionIdleMs: 400 });
    const server = await listening(app);
    const visitor = await answered(server);
    await wait(600);
    expect(await noticeFor(server, visitor)).toBe(EXPIRED);
  });

  test('absolute lifetime: "expired"', async () => {
    const { app } = await fixture().app({ sessionAbsoluteMs: 600 });
    const server = await listening(app);
    const visitor = await answered(server);
    await wait(800);
    expect(await noticeFor(server, visitor)).toBe(EXPIRED);
  });

  test('an old cookie pasted back after start over: "started over", and it reaches nothing', async () => {
    const { app } = await fixture().app();
    const server = await listening(app);
    const visitor = await answered(server);
    const oldCookie = visitor.cookie;
    const page = await visitor.get(server, '/page2');
    expect((await visitor.post(server, '/start-over', { _csrf: csrfFrom(page.text) })).status).toBe(303);
    const pasted = new Visitor();
    pasted.cookie = oldCookie;
    expect(await noticeFor(server, pasted)).toBe(STARTED_OVER);
    expect((await pasted.get(server, '/')).text).not.toContain('Lovelace');
    // Answering again from the pasted cookie's browser starts a new session: the old one never comes back.
    expect((await pasted.submit(server, '/page1', { firstName: 'New', lastName: 'Start' })).status).toBe(303);
    expect((await pasted.get(server, '/page2')).text).not.toContain('Lovelace');
  });

  test('an answer sent with the old cookie after start over: 403 says it was started over, not that it expired', async () => {
    const { app } = await fixture().app();
    const server = await listening(app);
    const visitor = await answered(server);
    const oldCookie = visitor.cookie ?? '';
    const page = await visitor.get(server, '/page2');
    await visitor.post(server, '/start-over', { _csrf: csrfFrom(page.text) });
    const res = await request(server).post('/page2').set('Cookie', oldCookie).type('form').send({ favoriteColor: 'teal', _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(403);
    expect(res.text).toContain('started over');
    expect(res.text).not.toContain('expired');
  });
});

test('the embedded store restarted (a new process, same secret): "we could not find", not "expired"', async () => {
  const config = testConfig();
  const before = createApp(config, { ...testDeps, sessionStore: createMemorySessionStore(config) });
  const visitor = await answered(before);
  const after = createApp(config, { ...testDeps, sessionStore: createMemorySessionStore(config) });
  expect(await noticeFor(after, visitor)).toBe(LOST);
});

describe('cookie mode', () => {
  test('idle timeout: "expired"', async () => {
    const app = createApp(testConfig({ sessionMode: 'cookie', sessionIdleMs: 400 }), testDeps);
    const visitor = await answered(app);
    await wait(600);
    expect(await noticeFor(app, visitor)).toBe(EXPIRED);
  });
});
