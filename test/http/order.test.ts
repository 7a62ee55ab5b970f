// The pizza order over HTTP: every path and branch change, each field type's rules, guards, namespaces, cancel, place, done once.
import request from 'supertest';
import { closeApps, csrfFrom, completeJourney, sessionCookie, testApp, type Agent } from '../support/app';
import { storedIn } from '../support/hostile';
import { inAFreshMinute } from '../support/limits';

type Pairs = readonly (readonly [string, string])[];

afterAll(closeApps);

function visitor(): Agent {
  return request.agent(testApp());
}

/** GETs `path` for its token, then POSTs the pairs (a name may repeat, as a browser sends ticked checkboxes). */
async function post(agent: Agent, path: string, pairs: Pairs, tokenFrom = path) {
  const page = await agent.get(tokenFrom).expect(200);
  const body = new URLSearchParams([...pairs.map(([k, v]) => [k, v]), ['_csrf', csrfFrom(page.text)]]).toString();
  return agent.post(path).type('form').send(body);
}

async function answer(agent: Agent, path: string, pairs: Pairs, expectedNext: string) {
  const res = await post(agent, path, pairs);
  expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: expectedNext });
}

async function orderForDelivery(agent: Agent, address = '1 High Street\r\nTown\r\nAB1 2CD') {
  await answer(agent, '/order/size', [['size', 'large']], '/order/toppings');
  await answer(agent, '/order/toppings', [['toppings', 'cheese'], ['toppings', 'olives']], '/order/quantity');
  await answer(agent, '/order/quantity', [['quantity', '2']], '/order/delivery');
  await answer(agent, '/order/delivery', [['method', 'delivery']], '/order/address');
  await answer(agent, '/order/address', [['address', address]], '/order/check');
}

async function orderForCollection(agent: Agent) {
  await answer(agent, '/order/size', [['size', 'small']], '/order/toppings');
  await answer(agent, '/order/toppings', [], '/order/quantity');
  await answer(agent, '/order/quantity', [['quantity', '1']], '/order/delivery');
  await answer(agent, '/order/delivery', [['method', 'collection']], '/order/check');
}

/** The check page's rows, as "Label: value". */
function rowsOf(html: string): string[] {
  return Array.from(html.matchAll(/<dt class="summary__key">([^<]*)<\/dt>\s*<dd class="summary__value">([^<]*)<\/dd>/g), (m) => `${m[1] ?? ''}: ${m[2] ?? ''}`);
}

async function expectRedirect(agent: Agent, path: string, to: string) {
  const res = await agent.get(path);
  expect({ path, status: res.status, location: res.headers.location }).toEqual({ path, status: 303, location: to });
}

describe('the paths', () => {
  test('the home page links to the order', async () => {
    const home = await visitor().get('/').expect(200);
    expect(home.text).toContain('href="/order/size"');
  });

  test('delivery: five questions, then the check page lists every answer with a Change link', async () => {
    const agent = visitor();
    await orderForDelivery(agent);
    const check = await agent.get('/order/check').expect(200);
    expect(check.text).toContain('<h1>Check your answers</h1>');
    expect(rowsOf(check.text)).toEqual([
      'Size: Large',
      'Toppings: Cheese, Olives',
      'Quantity: 2',
      'Delivery or collection: Delivery to your door',
      'Delivery address: 1 High Street\nTown\nAB1 2CD',
    ]);
    for (const slug of ['size', 'toppings', 'quantity', 'delivery', 'address']) expect(check.text).toContain(`href="/order/${slug}">Change`);
    expect(check.text).toMatch(/<form method="post" action="\/order\/check"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">\s*<button type="submit" class="button">Place order<\/button>/);
  });

  test('collection: no address is asked, and none is listed', async () => {
    const agent = visitor();
    await orderForCollection(agent);
    const check = await agent.get('/order/check').expect(200);
    expect(rowsOf(check.text)).toEqual(['Size: Small', 'Toppings: None (plain tomato)', 'Quantity: 1', 'Delivery or collection: Collection from the shop']);
  });

  test('each step page prefills what is stored, and numbers no question: the order branches, so its count would jump', async () => {
    const agent = visitor();
    await orderForDelivery(agent);
    const address = await agent.get('/order/address').expect(200);
    expect(address.text).not.toContain('Question ');
    expect(address.text).toContain('>1 High Street\nTown\nAB1 2CD</textarea>');
    const toppings = await agent.get('/order/toppings').expect(200);
    expect(toppings.text.match(/ checked>/g)).toHaveLength(2);
    expect((await agent.get('/order/quantity').expect(200)).text).toContain('value="2"');
  });
});

describe('guards', () => {
  test('a visitor who skips ahead is sent to the first step they owe', async () => {
    const agent = visitor();
    for (const path of ['/order/toppings', '/order/quantity', '/order/delivery', '/order/address', '/order/check', '/order/done']) {
      await expectRedirect(agent, path, '/order/size');
    }
    await answer(agent, '/order/size', [['size', 'medium']], '/order/toppings');
    await expectRedirect(agent, '/order/delivery', '/order/toppings');
    await expectRedirect(agent, '/order/check', '/order/toppings');
  });

  test('the address is off the path for a collection: asking for it leads to the check page', async () => {
    const agent = visitor();
    await orderForCollection(agent);
    await expectRedirect(agent, '/order/address', '/order/check');
  });

  test('a form posted for a step the visitor may not see stores nothing', async () => {
    const agent = visitor();
    await answer(agent, '/order/size', [['size', 'small']], '/order/toppings');
    const res = await post(agent, '/order/quantity', [['quantity', '3']], '/order/toppings');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/order/toppings');
    expect(storedIn((await agent.get('/').expect(200)).text)).toEqual({ Size: 'Small' });
  });
});

describe('branch changes from the check page', () => {
  test('delivery → collection drops the address and returns to the check page', async () => {
    const agent = visitor();
    await orderForDelivery(agent);
    await answer(agent, '/order/delivery', [['method', 'collection']], '/order/check');
    const check = await agent.get('/order/check').expect(200);
    expect(rowsOf(check.text).join('\n')).not.toContain('Delivery address');
    // Nowhere on the page but in the session inspector, which shows the address kept aside for Undo (test/http/undo.test.ts).
    const [page = '', inspector = ''] = check.text.split('<aside class="inspector"');
    expect(page).not.toContain('High Street');
    expect(inspector).toMatch(/_undo[\s\S]*High Street/);
    await expectRedirect(agent, '/order/address', '/order/check');
  });

  test('collection → delivery asks for the address (now owed, and empty), then returns to the check page', async () => {
    const agent = visitor();
    await orderForCollection(agent);
    await answer(agent, '/order/delivery', [['method', 'delivery']], '/order/address');
    await expectRedirect(agent, '/order/check', '/order/address');
    expect((await agent.get('/order/address').expect(200)).text).toMatch(/spellcheck="false"><\/textarea>/);
    await answer(agent, '/order/address', [['address', '2 Low Road']], '/order/check');
    expect(rowsOf((await agent.get('/order/check').expect(200)).text)).toContain('Delivery address: 2 Low Road');
  });

  test('delivery → collection → delivery does not bring the old address back', async () => {
    const agent = visitor();
    await orderForDelivery(agent);
    await answer(agent, '/order/delivery', [['method', 'collection']], '/order/check');
    await answer(agent, '/order/delivery', [['method', 'delivery']], '/order/address');
  });

  test('any other Change returns to the check page', async () => {
    const agent = visitor();
    await orderForDelivery(agent);
    await answer(agent, '/order/size', [['size', 'small']], '/order/check');
    await answer(agent, '/order/toppings', [], '/order/check');
    await answer(agent, '/order/quantity', [['quantity', '10']], '/order/check');
    await answer(agent, '/order/address', [['address', '3 New Lane']], '/order/check');
    expect(rowsOf((await agent.get('/order/check').expect(200)).text)).toEqual([
      'Size: Small',
      'Toppings: None (plain tomato)',
      'Quantity: 10',
      'Delivery or collection: Delivery to your door',
      'Delivery address: 3 New Lane',
    ]);
  });
});

describe('each field type\'s rules, as a 422 with the error summary and what was sent kept', () => {
  async function refused(path: string, pairs: Pairs, message: string, setUp: (agent: Agent) => Promise<void> = () => Promise.resolve()) {
    const agent = visitor();
    await setUp(agent);
    const before = storedIn((await agent.get('/').expect(200)).text);
    const res = await post(agent, path, pairs);
    expect(res.status).toBe(422);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toMatch(new RegExp(`<li><a href="#[a-z]+">${message.replace(/[.()]/g, '\\$&')}</a></li>`));
    expect(res.text).toContain('<title>Error: ');
    expect(storedIn((await agent.get('/').expect(200)).text)).toEqual(before);
    return res.text;
  }
  const toSize = (a: Agent) => answer(a, '/order/size', [['size', 'small']], '/order/toppings');
  const toQuantity = async (a: Agent) => {
    await toSize(a);
    await answer(a, '/order/toppings', [], '/order/quantity');
  };
  const toAddress = async (a: Agent) => {
    await toQuantity(a);
    await answer(a, '/order/quantity', [['quantity', '1']], '/order/delivery');
    await answer(a, '/order/delivery', [['method', 'delivery']], '/order/address');
  };

  test.each<[string, Pairs, string]>([
    ['missing', [], 'Select a size'],
    ['unknown', [['size', 'huge']], 'Select a size from the list'],
    ['sent twice', [['size', 'small'], ['size', 'large']], 'Select only one option for size'],
    ['bracketed', [['size[x]', 'small']], 'Select only one option for size'],
  ])('size %s', async (_name, pairs, message) => {
    await refused('/order/size', pairs, message);
  });

  test('toppings: none at all is an answer', async () => {
    const agent = visitor();
    await toSize(agent);
    await answer(agent, '/order/toppings', [], '/order/quantity');
  });

  test('toppings: one, or three sent as a repeated field, are answers', async () => {
    const agent = visitor();
    await toSize(agent);
    await answer(agent, '/order/toppings', [['toppings', 'pineapple'], ['toppings', 'cheese'], ['toppings', 'peppers']], '/order/quantity');
    expect(storedIn((await agent.get('/').expect(200)).text)).toMatchObject({ Toppings: 'Cheese, Peppers, Pineapple' });
  });

  test('toppings: four are refused, all four still ticked', async () => {
    const html = await refused('/order/toppings', ['cheese', 'mushrooms', 'peppers', 'olives'].map((t) => ['toppings', t] as const), 'Choose 3 toppings or fewer', toSize);
    expect(html.match(/ checked>/g)).toHaveLength(4);
  });

  test.each<[string, Pairs, string]>([
    ['unknown', [['toppings', 'anchovies']], 'Choose toppings from the list'],
    ['known and unknown', [['toppings', 'cheese'], ['toppings', 'ham']], 'Choose toppings from the list'],
    ['repeated value', [['toppings', 'cheese'], ['toppings', 'cheese']], 'Choose each of the toppings only once'],
    ['bracketed', [['toppings[]', 'cheese']], 'Choose toppings from the list'],
  ])('toppings: %s refused', async (_name, pairs, message) => {
    await refused('/order/toppings', pairs, message, toSize);
  });

  test.each<[string, string]>([
    ['0', 'Quantity must be between 1 and 10'],
    ['11', 'Quantity must be between 1 and 10'],
    ['2.5', 'Quantity must be a whole number, like 2'],
    ['abc', 'Quantity must be a whole number, like 2'],
    ['', 'Enter how many pizzas you would like'],
  ])('quantity %j refused, what was typed kept', async (typed, message) => {
    const html = await refused('/order/quantity', [['quantity', typed]], message, toQuantity);
    expect(html).toContain(`name="quantity" value="${typed}"`);
    expect(html).toContain('aria-invalid="true"');
  });

  test('quantity sent twice refused', async () => {
    await refused('/order/quantity', [['quantity', '1'], ['quantity', '2']], 'Send how many pizzas you would like once, as plain text', toQuantity);
  });

  test.each<[string, Pairs, string]>([
    ['too short', [['address', ' abcd ']], 'Delivery address must be 5 characters or more'],
    ['too long', [['address', 'x'.repeat(201)]], 'Delivery address must be 200 characters or fewer'],
    ['with a tab', [['address', '1 High\tStreet']], 'Delivery address must not contain control characters such as tabs (line breaks are fine)'],
    ['sent twice', [['address', '1 High Street'], ['address', '2 Low Road']], 'Send the delivery address once, as plain text'],
  ])('address %s refused', async (_name, pairs, message) => {
    await refused('/order/address', pairs, message, toAddress);
  });

  test('method: one of delivery or collection', async () => {
    await refused('/order/delivery', [['method', 'drone']], 'Select delivery or collection from the list', toAddress);
  });
});

describe('escaping', () => {
  test('an address with markup is shown as text on the check page, in the footer and on the done page', async () => {
    const agent = visitor();
    const markup = '<script>alert(1)</script> & "quotes"';
    await orderForDelivery(agent, markup);
    const check = await agent.get('/order/check').expect(200);
    expect(check.text).not.toContain('<script>alert');
    expect(check.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;');
    const step = await agent.get('/order/address').expect(200);
    expect(step.text).not.toContain('<script>alert');
    await post(agent, '/order/check', [], '/order/check');
    const done = await agent.get('/order/done').expect(200);
    expect(done.text).not.toContain('<script>alert');
  });
});

describe('placing the order', () => {
  test('places it: a reference, what was ordered, shown once; the order\'s answers are then gone, the lesson\'s stay', async () => {
    const agent = visitor();
    await completeJourney(agent);
    await orderForDelivery(agent);
    const placed = await post(agent, '/order/check', []);
    expect(placed.status).toBe(303);
    expect(placed.headers.location).toBe('/order/done');
    const done = await agent.get('/order/done').expect(200);
    expect(done.text).toContain('Order placed');
    const reference = /class="reference">([A-Z0-9]+)</.exec(done.text)?.[1];
    expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(rowsOf(done.text)).toContain('Toppings: Cheese, Olives');
    // Shown once.
    await expectRedirect(agent, '/order/done', '/order/size');
    await expectRedirect(agent, '/order/check', '/order/size');
    expect(storedIn((await agent.get('/').expect(200)).text)).toEqual({ 'First name': 'Ada', 'Last name': 'Lovelace', 'Favourite colour': 'teal' });
    expect((await agent.get('/page3').expect(200)).text).toContain('Now I know');
  });

  test('an order not fully answered is not placed: the visitor is sent to what they owe', async () => {
    const agent = visitor();
    await answer(agent, '/order/size', [['size', 'small']], '/order/toppings');
    const res = await post(agent, '/order/check', [], '/order/size');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/order/toppings');
    await expectRedirect(agent, '/order/done', '/order/toppings');
  });

  test('two orders get two references', async () => {
    const agent = visitor();
    const references: string[] = [];
    for (let i = 0; i < 2; i++) {
      await orderForCollection(agent);
      await post(agent, '/order/check', []);
      references.push(/class="reference">([A-Z0-9]+)</.exec((await agent.get('/order/done').expect(200)).text)?.[1] ?? '');
    }
    expect(references[0]).not.toBe(references[1]);
  });

  test('placing needs the CSRF token', async () => {
    const agent = visitor();
    await orderForCollection(agent);
    await agent.post('/order/check').type('form').send({ _csrf: 'wrong' }).expect(403);
    await agent.get('/order/check').expect(200);
    await expectRedirect(agent, '/order/done', '/order/check');
  });
});

describe('namespaces', () => {
  test('the lesson\'s answers and the order\'s live side by side, labelled in the footer; each journey\'s guards read only its own', async () => {
    const agent = visitor();
    await orderForCollection(agent);
    await expectRedirect(agent, '/page2', '/page1');
    await expectRedirect(agent, '/page3', '/page1');
    await completeJourney(agent);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('About you');
    expect(home.text).toContain('Your pizza order');
    expect(storedIn(home.text)).toEqual({
      'First name': 'Ada',
      'Last name': 'Lovelace',
      'Favourite colour': 'teal',
      Size: 'Small',
      Toppings: 'None (plain tomato)',
      Quantity: '1',
      'Delivery or collection': 'Collection from the shop',
    });
    expect(rowsOf((await agent.get('/page3').expect(200)).text)).toEqual(['First name: Ada', 'Last name: Lovelace', 'Favourite colour: teal']);
  });

  test('cancel forgets the order only, and goes home', async () => {
    const agent = visitor();
    await completeJourney(agent);
    await orderForDelivery(agent);
    const res = await post(agent, '/order/cancel', [], '/order/check');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(storedIn((await agent.get('/').expect(200)).text)).toEqual({ 'First name': 'Ada', 'Last name': 'Lovelace', 'Favourite colour': 'teal' });
    await expectRedirect(agent, '/order/check', '/order/size');
  });

  test('cancel needs the CSRF token and then changes nothing', async () => {
    const agent = visitor();
    await orderForCollection(agent);
    await agent.post('/order/cancel').type('form').send({ _csrf: 'nope' }).expect(403);
    await agent.get('/order/check').expect(200);
  });

  test('start over ends both', async () => {
    const agent = visitor();
    await completeJourney(agent);
    await orderForCollection(agent);
    const res = await post(agent, '/start-over', [], '/order/check');
    expect(res.status).toBe(303);
    expect(storedIn((await agent.get('/').expect(200)).text)).toEqual({});
    await expectRedirect(agent, '/order/check', '/order/size');
    await expectRedirect(agent, '/page3', '/page1');
  });

  test('the lesson\'s pages change nothing of the order, and the order\'s nothing of the lesson', async () => {
    const agent = visitor();
    await orderForCollection(agent);
    await completeJourney(agent, { firstName: 'Grace', lastName: 'Hopper', favoriteColor: 'navy' });
    await answer(agent, '/page1', [['firstName', 'Ada'], ['lastName', 'L']], '/page3');
    await answer(agent, '/order/size', [['size', 'large']], '/order/check');
    const stored = storedIn((await agent.get('/').expect(200)).text);
    expect(stored).toMatchObject({ 'First name': 'Ada', 'Favourite colour': 'navy', Size: 'Large', Quantity: '1' });
  });
});

describe('invisible answers are refused (issue 21, item 8)', () => {
  test.each([
    ['five zero-width spaces', '\u200b'.repeat(5), 'Enter the delivery address'],
    ['a right-to-left override', '1 High St\u202e', 'Delivery address must not contain invisible characters such as zero-width spaces, direction marks or line separators'],
    ['a line separator', '1 High St\u2028Town', 'Delivery address must not contain invisible characters such as zero-width spaces, direction marks or line separators'],
  ])('as a delivery address: %s (422, nothing stored)', async (_name, address, message) => {
    const agent = visitor();
    await answer(agent, '/order/size', [['size', 'small']], '/order/toppings');
    await answer(agent, '/order/toppings', [], '/order/quantity');
    await answer(agent, '/order/quantity', [['quantity', '1']], '/order/delivery');
    await answer(agent, '/order/delivery', [['method', 'delivery']], '/order/address');
    const res = await post(agent, '/order/address', [['address', address]]);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`<a href="#address">${message}</a>`);
    await expectRedirect(agent, '/order/check', '/order/address');
  });
});

describe('the limit on new sessions', () => {
  test('an order\'s first answer creates the session, so it counts: past the limit, 429 and nothing stored', async () => {
    await inAFreshMinute();
    const app = testApp({ newSessionsPerMinute: 1 });
    const first = request.agent(app);
    await answer(first, '/order/size', [['size', 'small']], '/order/toppings');
    const second = request.agent(app);
    const res = await post(second, '/order/size', [['size', 'small']]);
    expect(res.status).toBe(429);
    await expectRedirect(second, '/order/toppings', '/order/size');
    // A visitor who has a session is never limited.
    await answer(first, '/order/toppings', [], '/order/quantity');
  }, 15_000);
});

describe('statuses, as on the lesson\'s pages', () => {
  test('order pages are never stored by a cache', async () => {
    const agent = visitor();
    await orderForCollection(agent);
    for (const path of ['/order/size', '/order/check']) expect((await agent.get(path)).headers['cache-control']).toBe('no-store');
  });

  test('a post from another site is refused (403) and changes nothing', async () => {
    const agent = visitor();
    await orderForCollection(agent);
    const page = await agent.get('/order/check').expect(200);
    await agent.post('/order/cancel').set('Sec-Fetch-Site', 'cross-site').type('form').send({ _csrf: csrfFrom(page.text) }).expect(403);
    await agent.get('/order/check').expect(200);
  });

  test('a body that is not a form is refused (415)', async () => {
    const agent = visitor();
    const page = await agent.get('/order/size').expect(200);
    await agent.post('/order/size').set('Content-Type', 'application/json').send(JSON.stringify({ size: 'small', _csrf: csrfFrom(page.text) })).expect(415);
  });

  test("a refused order form leads back to the order's questions, a refused lesson form to the lesson's", async () => {
    const agent = visitor();
    await agent.get('/order/size').expect(200);
    const order = await agent.post('/order/size').type('form').send({ size: 'small', _csrf: 'wrong' }).expect(403);
    expect(order.text).toMatch(/<a class="button" href="\/order\/size">Back to the questions<\/a>/);
    const lesson = await agent.post('/page1').type('form').send({ firstName: 'Ada', lastName: 'L', _csrf: 'wrong' }).expect(403);
    expect(lesson.text).toMatch(/<a class="button" href="\/page1">Back to the questions<\/a>/);
  });

  test('an unknown page under /order is a 404 page', async () => {
    const res = await visitor().get('/order/pepperoni').expect(404);
    expect(res.text).toContain('Page not found');
  });

  test('cancelling with nothing stored stores nothing and sets no session cookie', async () => {
    const agent = visitor();
    const res = await post(agent, '/order/cancel', [], '/order/size');
    expect(res.status).toBe(303);
    expect(sessionCookie(res)).toBeUndefined();
  });
});

describe('in cookie mode (the whole session in a signed cookie)', () => {
  test('the order branches, is placed, is shown once, and leaves the lesson\'s answers', async () => {
    const agent = request.agent(testApp({ sessionMode: 'cookie' }));
    await completeJourney(agent);
    await orderForDelivery(agent);
    await answer(agent, '/order/delivery', [['method', 'collection']], '/order/check');
    expect(rowsOf((await agent.get('/order/check').expect(200)).text).join('\n')).not.toContain('Delivery address');
    const placed = await post(agent, '/order/check', []);
    expect(placed.headers.location).toBe('/order/done');
    expect((await agent.get('/order/done').expect(200)).text).toContain('Order placed');
    await expectRedirect(agent, '/order/done', '/order/size');
    expect(storedIn((await agent.get('/').expect(200)).text)).toEqual({ 'First name': 'Ada', 'Last name': 'Lovelace', 'Favourite colour': 'teal' });
  });
});

describe('what the pages say once (issue 22, item 4)', () => {
  test('a page of one question asks it once, as its legend; Change links name the field by its label', async () => {
    const agent = visitor();
    await orderForDelivery(agent);
    const delivery = (await agent.get('/order/delivery').expect(200)).text;
    expect(delivery).toContain('<legend class="field__label fieldset__legend"><h1 class="field__heading">Delivery or collection?</h1></legend>');
    expect(delivery).not.toContain('Delivery or collection<');
    const check = (await agent.get('/order/check').expect(200)).text;
    for (const words of ['size', 'toppings', 'quantity', 'delivery or collection', 'delivery address']) {
      expect(check).toContain(`Change<span class="visually-hidden"> ${words}</span>`);
    }
  });
});
