// Trust (issue 20) when requests of one session are in flight at once, decided on the stored record: the same
// submission twice (one order, sent once), two tabs posting one step (the second is stale: 409), Undo against a newer
// change, cancel against placing. Deterministic: one request's body is held back over a raw socket until the other
// has finished. On the memory store, on Redis, and across two app instances sharing one Redis.
import type { Server } from 'node:http';
import request from 'supertest';
import type { App } from '../../src/app';
import { lessonJourney, orderJourney } from '../../src/flow/journeys';
import { createRedisSessionStore } from '../../src/session/redis';
import type { SessionStore } from '../../src/session/session-store';
import { createMemorySessionStore } from '../../src/session/stores';
import { silentLog } from '../../src/util/log';
import { quietApp, testConfig } from '../support/app';
import { closeServers, listening, storedIn } from '../support/hostile';
import { heldPost } from '../support/race';
import { eventually, startRedis, type RedisServer } from '../support/redis';
import { watchLoads } from '../support/stores';
import { answerOrder, countedJourney, hiddenFields, referenceIn, sendForm } from '../support/trust';
import { Visitor } from '../support/visitor';

let redis: RedisServer;
const sends: string[] = [];
const apps: App[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await closeServers();
  await Promise.all(apps.splice(0).map((app) => app.close()));
  sends.length = 0;
});
afterAll(() => redis.stop());

/** An app over a store of this kind serving the lesson, the order and a journey whose sending is counted. */
async function served(kind: 'memory' | 'redis'): Promise<{ server: Server; store: SessionStore }> {
  const config = { ...testConfig(), redisUrl: kind === 'redis' ? redis.url : undefined };
  const store = config.redisUrl !== undefined ? createRedisSessionStore({ ...config, redisUrl: config.redisUrl }, { log: silentLog }) : createMemorySessionStore(config);
  const app = quietApp(config, { sessionStore: store, journeys: [lessonJourney, orderJourney, countedJourney(sends)] });
  apps.push(app);
  await eventually(() => store.ping());
  return { server: await listening(app), store };
}

/** Two servers: one app, or two instances on one Redis (the held request goes to the first, the other to the second). */
const setups = {
  'the memory store': async () => {
    const { server, store } = await served('memory');
    return { held: server, other: server, store };
  },
  Redis: async () => {
    const { server, store } = await served('redis');
    return { held: server, other: server, store };
  },
  'two instances on one Redis': async () => {
    const [a, b] = [await served('redis'), await served('redis')];
    return { held: a.server, other: b.server, store: a.store };
  },
};

/** The held post's redirect target, from its raw response. */
function locationIn(text: string): string | undefined {
  return /^location: (.*)$/im.exec(text)?.[1]?.trim();
}

/**
 * Holds `held` back (its session loaded, its body not yet sent), runs `other` to the end, then releases `held`.
 * Returns both outcomes.
 */
async function race(setup: Awaited<ReturnType<(typeof setups)['Redis']>>, visitor: Visitor, held: { path: string; fields: Record<string, string> }, other: () => Promise<request.Response>) {
  const loaded = watchLoads(setup.store).nextLoad();
  const slow = heldPost(setup.held, held.path, visitor.cookie ?? '', held.fields);
  await loaded; // the held request has read the session
  const fast = await other();
  slow.release();
  const slowResponse = await slow.response;
  return { fast, slow: { status: slowResponse.status, location: locationIn(slowResponse.text), text: slowResponse.text } };
}

describe.each(Object.keys(setups) as (keyof typeof setups)[])('on %s', (name) => {
  test('the same submission sent twice at once: sent once, both answered with the same order', async () => {
    const setup = await setups[name]();
    const visitor = new Visitor();
    expect((await sendForm(visitor, setup.other, '/gift/kind', { gift: 'plant' })).status).toBe(303);
    const form = hiddenFields((await visitor.get(setup.other, '/gift/check')).text, '/gift/check');
    const { fast, slow } = await race(setup, visitor, { path: '/gift/check', fields: form }, () =>
      request(setup.other).post('/gift/check').set('Cookie', visitor.cookie ?? '').type('form').send(form),
    );
    expect([fast.status, fast.headers.location]).toEqual([303, '/gift/done']);
    expect([slow.status, slow.location]).toEqual([303, '/gift/done']);
    expect(sends).toHaveLength(1);
    const done = await visitor.get(setup.other, '/gift/done');
    expect(referenceIn(done.text)).toBe(sends[0]);
  });

  test('the order placed twice at once (a double click): one reference, and neither lands on the first question', async () => {
    const setup = await setups[name]();
    const visitor = new Visitor();
    await answerOrder(visitor, setup.other, 'collection');
    const form = hiddenFields((await visitor.get(setup.other, '/order/check')).text, '/order/check');
    const { fast, slow } = await race(setup, visitor, { path: '/order/check', fields: form }, () =>
      request(setup.other).post('/order/check').set('Cookie', visitor.cookie ?? '').type('form').send(form),
    );
    expect([fast.headers.location, slow.location]).toEqual(['/order/done', '/order/done']);
    const done = await visitor.get(setup.other, '/order/done');
    expect(referenceIn(done.text)).toBeDefined();
    expect((await visitor.get(setup.other, '/order/done')).status).toBe(303); // one order, shown once
  });

  test('two tabs post one step at once: the later is stale (409) and stores nothing', async () => {
    const setup = await setups[name]();
    const visitor = new Visitor();
    await answerOrder(visitor, setup.other);
    const tabA = hiddenFields((await visitor.get(setup.other, '/order/size')).text, '/order/size');
    const tabB = hiddenFields((await visitor.get(setup.other, '/order/size')).text, '/order/size');
    const { fast, slow } = await race(setup, visitor, { path: '/order/size', fields: { ...tabA, size: 'medium' } }, () =>
      request(setup.other).post('/order/size').set('Cookie', visitor.cookie ?? '').type('form').send({ ...tabB, size: 'small' }),
    );
    expect(fast.status).toBe(303);
    expect(slow.status).toBe(409);
    expect(slow.text).toContain('This answer was changed in another tab or window');
    expect(storedIn((await visitor.get(setup.other, '/')).text).Size).toBe('Small');
  });

  test('Undo held while another change lands: nothing is undone (Undo works only until the next change)', async () => {
    const setup = await setups[name]();
    const visitor = new Visitor();
    await answerOrder(visitor, setup.other, 'delivery');
    await sendForm(visitor, setup.other, '/order/delivery', { method: 'collection' });
    const undo = hiddenFields((await visitor.get(setup.other, '/order/check')).text, '/undo');
    const quantity = hiddenFields((await visitor.get(setup.other, '/order/quantity')).text, '/order/quantity');
    const { fast, slow } = await race(setup, visitor, { path: '/undo', fields: undo }, () =>
      request(setup.other).post('/order/quantity').set('Cookie', visitor.cookie ?? '').type('form').send({ ...quantity, quantity: '4' }),
    );
    expect([fast.status, slow.status]).toEqual([303, 303]);
    const stored = storedIn((await visitor.get(setup.other, '/')).text);
    expect(stored).toMatchObject({ Quantity: '4', 'Delivery or collection': 'Collection from the shop' });
    expect(stored).not.toHaveProperty('Delivery address');
  });

  test('cancel held while the order is placed: nothing is erased, and cancel leads to the order', async () => {
    const setup = await setups[name]();
    const visitor = new Visitor();
    await answerOrder(visitor, setup.other, 'collection');
    const check = (await visitor.get(setup.other, '/order/check')).text;
    const { fast, slow } = await race(setup, visitor, { path: '/order/cancel', fields: hiddenFields(check, '/order/cancel') }, () =>
      request(setup.other).post('/order/check').set('Cookie', visitor.cookie ?? '').type('form').send(hiddenFields(check, '/order/check')),
    );
    expect(fast.headers.location).toBe('/order/done');
    expect([slow.status, slow.location]).toEqual([303, '/order/done']);
    const done = await visitor.get(setup.other, '/order/done');
    expect(done.status).toBe(200);
    expect(referenceIn(done.text)).toBeDefined();
  });
});
