// Issue 21.3 against every server-mode store: a write whose reply never came is re-read before the visitor is answered.
// The store wrapper below makes the write happen (or not) and then reports a failure, as a Redis that stalls after
// taking the command does; test/redis/outage.test.ts does the same with a real redis-server paused mid-request.
import type { Server } from 'node:http';
import request from 'supertest';
import { csrfFrom } from '../support/app';
import { closeServers, listening, storedIn } from '../support/hostile';
import type { SessionStore } from '../../src/session/session-store';
import { describeEachStore } from '../support/stores';
import { answerOrder } from '../support/trust';
import { Visitor } from '../support/visitor';

type Fault = 'none' | 'stored-then-failed' | 'failed-unstored';

/** From now on the store's writes behave as `fault` says (reads are untouched). */
function faultyWrites(store: SessionStore): { set(fault: Fault): void } {
  const records = store.records!;
  const realSet = records.set.bind(records);
  let fault: Fault = 'none';
  records.set = async (id, record) => {
    if (fault === 'none') return realSet(id, record);
    if (fault === 'stored-then-failed') await realSet(id, record);
    throw new Error('no answer within 1500 ms');
  };
  return { set: (next) => void (fault = next) };
}

async function answersOf(server: Server, visitor: Visitor) {
  return storedIn((await visitor.get(server, '/')).text);
}

describeEachStore((fixture) => {
  afterEach(closeServers);

  async function setUp() {
    const { app, store } = await fixture().app();
    return { server: await listening(app), writes: faultyWrites(store) };
  }

  test('an answer whose write went through but whose reply was lost is answered as stored (303), not 503', async () => {
    const { server, writes } = await setUp();
    const visitor = new Visitor();
    expect((await visitor.submit(server, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
    const page2 = await visitor.get(server, '/page2');
    writes.set('stored-then-failed');
    const res = await visitor.post(server, '/page2', { favoriteColor: 'teal', _csrf: csrfFrom(page2.text) });
    writes.set('none');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/page3');
    expect((await answersOf(server, visitor))['Favourite colour']).toBe('teal');
  });

  test('a first answer whose write went through but whose reply was lost gets its session cookie (303)', async () => {
    const { server, writes } = await setUp();
    const visitor = new Visitor();
    const page1 = await visitor.get(server, '/page1');
    writes.set('stored-then-failed');
    const res = await visitor.post(server, '/page1', { firstName: 'Ada', lastName: 'Lovelace', _csrf: csrfFrom(page1.text) });
    writes.set('none');
    expect(res.status).toBe(303);
    expect((await answersOf(server, visitor))['First name']).toBe('Ada');
  });

  test('an answer whose write did not go through is answered 503, saying it was not saved and the earlier answers are kept', async () => {
    const { server, writes } = await setUp();
    const visitor = new Visitor();
    expect((await visitor.submit(server, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
    const page2 = await visitor.get(server, '/page2');
    writes.set('failed-unstored');
    const res = await visitor.post(server, '/page2', { favoriteColor: 'teal', _csrf: csrfFrom(page2.text) });
    writes.set('none');
    expect(res.status).toBe(503);
    expect(res.text).toContain('Your last answer was not saved.');
    expect(res.text).toContain('The answers you gave before are still kept.');
    expect(res.text).not.toContain('safe');
    const stored = await answersOf(server, visitor);
    expect(stored['First name']).toBe('Ada');
    expect(stored['Favourite colour']).toBeUndefined();
  });

  test('"Place order" whose write went through but whose reply was lost goes to the done page, never to an empty first question', async () => {
    const { server, writes } = await setUp();
    const visitor = new Visitor();
    await answerOrder(visitor, server, 'collection');
    const check = await visitor.get(server, '/order/check');
    writes.set('stored-then-failed');
    const placed = await visitor.post(server, '/order/check', { _csrf: csrfFrom(check.text) });
    writes.set('none');
    expect(placed.status).toBe(303);
    expect(placed.headers.location).toBe('/order/done');
    const done = await visitor.get(server, '/order/done');
    expect(done.status).toBe(200);
    expect(done.text).toContain('Order placed');
  });

  test('statistical: 20 answers whose reply was lost, half stored and half not: every 303 was stored, every 503 was not', async () => {
    const { server, writes } = await setUp();
    const deadline = Date.now() + 15_000;
    let wrong = 0;
    let trials = 0;
    for (; trials < 20 && Date.now() < deadline; trials++) {
      const visitor = new Visitor();
      expect((await visitor.submit(server, '/page1', { firstName: `Ada${trials}`, lastName: 'Lovelace' })).status).toBe(303);
      const page2 = await visitor.get(server, '/page2');
      writes.set(trials % 2 === 0 ? 'stored-then-failed' : 'failed-unstored');
      const res = await request(server)
        .post('/page2')
        .set('Cookie', visitor.cookie ?? '')
        .type('form')
        .send({ favoriteColor: `colour${trials}`, _csrf: csrfFrom(page2.text) });
      writes.set('none');
      const stored = (await answersOf(server, visitor))['Favourite colour'] === `colour${trials}`;
      if ((res.status === 303) !== stored || ![303, 503].includes(res.status)) wrong++;
    }
    expect(trials).toBeGreaterThanOrEqual(10);
    expect(wrong).toBe(0);
  }, 20_000);
});
