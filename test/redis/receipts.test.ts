// Receipts that last (issue 20): the done page links to /receipts/<token>, readable without any session for 30 days,
// 404 for an altered, unknown or expired token, no-store and noindex; in the memory store, Redis and cookie mode.
import express from 'express';
import request from 'supertest';
import { requestLogger } from '../../src/http/logger';
import type { App } from '../../src/app';
import type { Config } from '../../src/config';
import { RECEIPT_LIFETIME_MS, openReceipt, sealReceipt, type Receipt } from '../../src/routes/receipt-token';
import { csrfFrom, quietApp, submit, testConfig, TEST_SECRET, type Agent } from '../support/app';
import { storeFixture, type StoreFixture } from '../support/stores';

const day = 24 * 60 * 60_000;

/** A clock the test moves by hand. */
function handClock(start = Date.UTC(2030, 0, 15, 12, 0)) {
  let now = start;
  return { now: () => now, move: (ms: number) => (now += ms) };
}

/** Orders a pizza to the done page; returns the done page's HTML. */
async function placeOrder(agent: Agent, address = 'Flat 1, 1 High Street <b>&</b>'): Promise<string> {
  const post = async (path: string, fields: Record<string, string>) => expect((await submit(agent, path, fields)).status).toBe(303);
  await post('/order/size', { size: 'large' });
  await post('/order/toppings', { toppings: 'cheese' });
  await post('/order/quantity', { quantity: '2' });
  await post('/order/delivery', { method: 'delivery' });
  await post('/order/address', { address });
  const check = await agent.get('/order/check').expect(200);
  const placed = await agent.post('/order/check').type('form').send({ _csrf: csrfFrom(check.text) });
  expect(placed.headers.location).toBe('/order/done');
  return (await agent.get('/order/done').expect(200)).text;
}

function receiptLinkIn(html: string): string {
  const href = /<a href="(\/receipts\/[A-Za-z0-9_-]+)">Your receipt<\/a>/.exec(html)?.[1];
  if (href === undefined) throw new Error('no receipt link on the done page');
  return href;
}

/** The token with one character changed (to another base64url character). */
function altered(token: string, at: number): string {
  const c = token[at] ?? 'A';
  return token.slice(0, at) + (c === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

type Where = 'memory' | 'redis' | 'cookie';

describe.each<Where>(['memory', 'redis', 'cookie'])('in %s', (where) => {
  let fixture: StoreFixture | undefined;
  beforeAll(async () => {
    if (where === 'redis') fixture = await storeFixture(where);
  });
  const apps: App[] = [];
  afterAll(async () => {
    await fixture?.close();
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  /** An app here; its receipts use `clock` (the Redis fixture's apps keep the real clock). */
  async function appAt(clock: { now: () => number }, overrides: Partial<Config> = {}): Promise<App> {
    if (fixture !== undefined) return (await fixture.app(overrides)).app;
    const app = quietApp(testConfig({ ...overrides, sessionMode: where === 'cookie' ? 'cookie' : 'server' }), { now: clock.now });
    apps.push(app);
    return app;
  }

  test('the done page links to a receipt that shows the reference and the answers as the check page did', async () => {
    const clock = handClock();
    const app = await appAt(clock);
    const agent = request.agent(app);
    const done = await placeOrder(agent);
    const reference = /class="reference">([^<]+)</.exec(done)?.[1];
    const link = receiptLinkIn(done);
    const receipt = await request(app).get(link).expect(200); // another browser: no cookie at all
    expect(receipt.text).toContain(`class="reference">${reference ?? '?'}<`);
    expect(receipt.text).toContain('Receipt: Your pizza order');
    for (const [label, value] of [['Size', 'Large'], ['Toppings', 'Cheese'], ['Quantity', '2'], ['Delivery or collection', 'Delivery to your door']]) {
      expect(receipt.text).toMatch(new RegExp(`<dt class="summary__key">${label}</dt>\\s*<dd class="summary__value">${value}</dd>`));
    }
    expect(receipt.text).toContain('Flat 1, 1 High Street &lt;b&gt;&amp;&lt;/b&gt;'); // escaped, as everywhere
    expect(receipt.headers['cache-control']).toBe('no-store');
    expect(receipt.headers['x-robots-tag']).toBe('noindex');
    expect(receipt.headers['set-cookie']).toBeUndefined(); // reading it starts nothing
    expect(receipt.text).not.toContain('data-session-clock');
  });

  test('the receipt outlives the session: after start over, in the same browser', async () => {
    const app = await appAt(handClock());
    const agent = request.agent(app);
    const done = await placeOrder(agent);
    const home = await agent.get('/').expect(200);
    expect((await agent.post('/start-over').type('form').send({ _csrf: csrfFrom(home.text) })).status).toBe(303);
    const receipt = await agent.get(receiptLinkIn(done)).expect(200);
    expect(receipt.text).toContain('Receipt: Your pizza order');
  });

  test('a token with any one character changed, an unknown token and junk all answer 404', async () => {
    const app = await appAt(handClock());
    const link = receiptLinkIn(await placeOrder(request.agent(app)));
    const token = link.slice('/receipts/'.length);
    const positions = [0, 5, 11, 12, 20, Math.floor(token.length / 2), token.length - 17, token.length - 2, token.length - 1];
    for (const at of positions) {
      const res = await request(app).get(`/receipts/${altered(token, at)}`);
      expect([at, res.status]).toEqual([at, 404]);
      expect(res.text).toContain('Page not found');
    }
    for (const other of [token.slice(0, -1), `${token}A`, 'A'.repeat(token.length), 'not-a-receipt', '%00', 'x'.repeat(5000)]) {
      expect((await request(app).get(`/receipts/${other}`)).status).toBe(404);
    }
    expect((await request(app).get('/receipts/')).status).toBe(404);
  });

  test('the receipt survives a restart of the app and an empty store: the token carries it', async () => {
    const first = await appAt(handClock());
    const link = receiptLinkIn(await placeOrder(request.agent(first)));
    const restarted = await appAt(handClock()); // the same secret; an empty store (the Redis fixture flushes it)
    expect((await request(restarted).get(link).expect(200)).text).toContain('Receipt: Your pizza order');
  });

  if (where !== 'redis') {
    test('a receipt reads for 30 days and answers 404 after (the clock moved by hand)', async () => {
      const clock = handClock();
      const app = await appAt(clock);
      const link = receiptLinkIn(await placeOrder(request.agent(app)));
      const page = await request(app).get(link).expect(200);
      expect(page.text).toContain('15 January 2030, 12:00 UTC'); // issued
      expect(page.text).toContain('14 February 2030, 12:00 UTC'); // works until
      clock.move(30 * day - 1000);
      expect((await request(app).get(link)).status).toBe(200);
      clock.move(1 * day + 1000); // 31 days after it was issued
      expect((await request(app).get(link)).status).toBe(404);
    });
  }
});

describe('the token', () => {
  const receipt: Receipt = {
    journeyLabel: 'Your pizza order',
    reference: 'ABCD-1234',
    rows: [
      { label: 'Size', value: 'Large' },
      { label: 'Delivery address', value: 'Flat 1, 1 High Street\nTown\nAB1 2CD, José 李小龍 🍕' },
    ],
    issuedAt: Date.UTC(2030, 0, 15),
  };
  const now = receipt.issuedAt + day;

  test('opens to the same receipt, with the secret that sealed it or any other listed (rotation)', () => {
    const token = sealReceipt(receipt, TEST_SECRET);
    expect(openReceipt(token, [TEST_SECRET], now)).toEqual(receipt);
    expect(openReceipt(token, ['a-new-secret-that-is-long-enough-0123456789', TEST_SECRET], now)).toEqual(receipt);
    expect(openReceipt(token, ['a-new-secret-that-is-long-enough-0123456789'], now)).toBeUndefined(); // its secret retired
  });

  test('reveals nothing of the answers to someone who only has the link', () => {
    const token = sealReceipt(receipt, TEST_SECRET);
    const bytes = Buffer.from(token, 'base64url').toString('latin1');
    for (const secret of ['ABCD-1234', 'Large', 'High Street', 'pizza']) expect(bytes).not.toContain(secret);
    expect(token).not.toEqual(sealReceipt(receipt, TEST_SECRET)); // a fresh nonce each time
  });

  test('is a few hundred characters for the largest order', () => {
    const big = { ...receipt, rows: [...receipt.rows, { label: 'Delivery address', value: 'x'.repeat(200) }] };
    expect(sealReceipt(big, TEST_SECRET).length).toBeLessThan(600);
  });

  test('lasts 30 days to the millisecond, and one issued in the future is refused', () => {
    const token = sealReceipt(receipt, TEST_SECRET);
    expect(openReceipt(token, [TEST_SECRET], receipt.issuedAt + RECEIPT_LIFETIME_MS)).toEqual(receipt);
    expect(openReceipt(token, [TEST_SECRET], receipt.issuedAt + RECEIPT_LIFETIME_MS + 1)).toBeUndefined();
    expect(openReceipt(token, [TEST_SECRET], receipt.issuedAt - 2 * 60_000)).toBeUndefined();
  });
});

test("the request log never holds a receipt's token", async () => {
  const lines: string[] = [];
  const app = express();
  app.use(requestLogger((line) => lines.push(line)));
  app.get('/receipts/:token', (_req, res) => res.sendStatus(404));
  await request(app).get('/receipts/M_OidbRj7td_QwsnxEW').expect(404);
  expect(lines).toEqual([expect.stringMatching(/^method=GET path="\/receipts\/<token>" status=404 /)]);
});
