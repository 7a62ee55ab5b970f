// The order on the session module's guarantees, against every server-mode store: two journeys changed at once keep
// both, start over wins over an order in flight, an ended session's form stores nothing, readers store nothing.
import type { Server } from 'node:http';
import request from 'supertest';
import { csrfFrom, testApp } from '../support/app';
import { closeServers, listening, storedIn } from '../support/hostile';
import { heldPost } from '../support/race';
import { describeEachStore, storeFixture, watchLoads } from '../support/stores';
import { Visitor } from '../support/visitor';

async function visitorWithBoth(server: Server): Promise<Visitor> {
  const visitor = new Visitor();
  expect((await visitor.submit(server, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
  expect((await visitor.submit(server, '/order/size', { size: 'small' })).status).toBe(303);
  return visitor;
}

async function storedBy(server: Server, visitor: Visitor) {
  return storedIn((await visitor.get(server, '/')).text);
}

describeEachStore((fixture) => {
  afterEach(closeServers);

  async function setUp() {
    const { app, store } = await fixture().app();
    return { server: await listening(app), store, count: () => fixture().count(store) };
  }

  test.each([
    ['the order\'s answer held while the lesson\'s completes', 'order'],
    ['the lesson\'s answer held while the order\'s completes', 'lesson'],
  ])('%s: both are kept', async (_name, heldOne) => {
    const { server, store } = await setUp();
    const visitor = await visitorWithBoth(server);
    const token = csrfFrom((await visitor.get(server, '/order/toppings')).text);
    const order = { path: '/order/toppings', fields: { toppings: 'olives', _csrf: token } };
    const lesson = { path: '/page2', fields: { favoriteColor: 'crimson', _csrf: token } };
    const [held, other] = heldOne === 'order' ? [order, lesson] : [lesson, order];

    const loads = watchLoads(store);
    const loaded = loads.nextLoad();
    const slow = heldPost(server, held.path, visitor.cookie ?? '', held.fields);
    await loaded; // the held request has read the session
    const fast = await request(server).post(other.path).set('Cookie', visitor.cookie ?? '').type('form').send(other.fields);
    expect(fast.status).toBe(303);
    slow.release();
    expect((await slow.response).status).toBe(303);
    expect(await storedBy(server, visitor)).toMatchObject({ 'First name': 'Ada', 'Favourite colour': 'crimson', Size: 'Small', Toppings: 'Olives' });
  });

  test('an order placed while start over runs is not placed: start over wins, and the old cookie reaches nothing', async () => {
    const { server, store, count } = await setUp();
    const visitor = await visitorWithBoth(server);
    for (const [path, fields] of [
      ['/order/toppings', {}],
      ['/order/quantity', { quantity: '2' }],
      ['/order/delivery', { method: 'collection' }],
    ] as const) {
      expect((await visitor.submit(server, path, fields)).status).toBe(303);
    }
    const token = csrfFrom((await visitor.get(server, '/order/check')).text);
    const oldCookie = visitor.cookie ?? '';
    const loads = watchLoads(store);
    const loaded = loads.nextLoad();
    const place = heldPost(server, '/order/check', oldCookie, { _csrf: token });
    await loaded;
    expect((await request(server).post('/start-over').set('Cookie', oldCookie).type('form').send({ _csrf: token })).status).toBe(303);
    place.release();
    const placed = await place.response;
    expect(placed.status).toBe(403);
    expect(placed.text).toContain('Your session ended');
    expect(await count()).toBe(0);
    const done = await request(server).get('/order/done').set('Cookie', oldCookie);
    expect(done.status).toBe(303);
  });

  test('reading every order page stores nothing for a visitor who has stored nothing', async () => {
    const { server, count } = await setUp();
    for (const path of ['/order/size', '/order/toppings', '/order/quantity', '/order/delivery', '/order/address', '/order/check', '/order/done']) {
      await request(server).get(path);
      await request(server).head(path);
    }
    expect(await count()).toBe(0);
  });
});

test('an order form sent after the session ended is refused (403, "Your session ended") and stores nothing', async () => {
  const agent = request.agent(testApp({ sessionIdleMs: 300 }));
  const size = await agent.get('/order/size');
  await agent.post('/order/size').type('form').send({ size: 'large', _csrf: csrfFrom(size.text) }).expect(303);
  const page = await agent.get('/order/toppings').expect(200);
  await new Promise((resolve) => setTimeout(resolve, 700));
  const res = await agent.post('/order/toppings').type('form').send({ toppings: 'olives', _csrf: csrfFrom(page.text) });
  expect(res.status).toBe(403);
  expect(res.text).toContain('Your session ended');
  const again = await agent.get('/order/toppings');
  expect(again.status).toBe(303);
  expect(again.headers.location).toBe('/order/size');
});

test('the done page opened twice at once is shown once', async () => {
  const fixture = await storeFixture('memory');
  const { app, store } = await fixture.app();
  const server = await listening(app);
  const records = store.records;
  if (records === undefined) throw new Error('no records');
  try {
    for (let trial = 0; trial < 5; trial++) {
      const visitor = new Visitor();
      for (const [path, fields] of [
        ['/order/size', { size: 'small' }],
        ['/order/toppings', {}],
        ['/order/quantity', { quantity: '1' }],
        ['/order/delivery', { method: 'collection' }],
      ] as const) {
        expect((await visitor.submit(server, path, fields)).status).toBe(303);
      }
      expect((await visitor.submit(server, '/order/check', {})).status).toBe(303);
      const cookie = visitor.cookie ?? '';
      // Both requests read the session before either stores its change: slow loads, started together.
      const get = records.get.bind(records);
      records.get = async (id) => {
        const record = await get(id);
        await new Promise((resolve) => setTimeout(resolve, 50));
        return record;
      };
      const views = await Promise.all([request(server).get('/order/done').set('Cookie', cookie), request(server).get('/order/done').set('Cookie', cookie)]);
      records.get = get;
      expect(views.map((v) => v.status).sort()).toEqual([200, 303]);
    }
  } finally {
    await closeServers();
    await fixture.close();
  }
});
