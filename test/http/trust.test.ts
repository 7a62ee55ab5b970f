// Trust (issue 20, 21.2, 21.9, 22.3) over HTTP, one request at a time, in server mode (memory store) and cookie mode:
// stale forms (409), Undo, one submission, cancel after sending, HEAD on the done page, the notices. Races between
// requests in flight, on both stores and two instances: test/redis/trust-races.test.ts.
import request from 'supertest';
import { closeApps, quietApp, testApp, testConfig } from '../support/app';
import { storedIn } from '../support/hostile';
import { answerOrder, countedJourney, hiddenFields, referenceIn, sendForm } from '../support/trust';
import { Visitor } from '../support/visitor';
import { lessonJourney, orderJourney } from '../../src/flow/journeys';
import type { App } from '../../src/app';

afterAll(closeApps);

const modes = ['server', 'cookie'] as const;

function appIn(mode: (typeof modes)[number]): App {
  return testApp({ sessionMode: mode });
}

async function storedBy(app: App, visitor: Visitor) {
  return storedIn((await visitor.get(app, '/')).text);
}

describe.each(modes)('in %s mode', (mode) => {
  describe('a form from a stale tab', () => {
    test('gets 409: says so, shows the stored answer and what this tab typed, stores nothing; sent again, it saves', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app);
      const tabA = (await visitor.get(app, '/order/size')).text;
      expect((await sendForm(visitor, app, '/order/size', { size: 'small' })).status).toBe(303); // tab B
      const stale = await visitor.post(app, '/order/size', { ...hiddenFields(tabA, '/order/size'), size: 'medium' });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('<title>Changed elsewhere: What size pizza would you like? · Session flow</title>');
      expect(stale.text).toContain('This answer was changed in another tab or window');
      expect(stale.text).toMatch(/<dl class="summary summary--conflict">\s*<div class="summary__row">\s*<dt class="summary__key">Size<\/dt>\s*<dd class="summary__value">Small<\/dd>/);
      expect(stale.text).toMatch(/value="medium"\s+checked/); // what this tab typed
      expect((await storedBy(app, visitor)).Size).toBe('Small'); // nothing stored
      // The 409 page's form carries the new fingerprint: sending it saves.
      const again = await visitor.post(app, '/order/size', { ...hiddenFields(stale.text, '/order/size'), size: 'medium' });
      expect(again.status).toBe(303);
      expect((await storedBy(app, visitor)).Size).toBe('Medium');
    });

    test('two tabs that change different steps both save (no 409)', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app);
      const sizePage = (await visitor.get(app, '/order/size')).text;
      expect((await sendForm(visitor, app, '/order/quantity', { quantity: '5' })).status).toBe(303);
      expect((await visitor.post(app, '/order/size', { ...hiddenFields(sizePage, '/order/size'), size: 'small' })).status).toBe(303);
      expect(await storedBy(app, visitor)).toMatchObject({ Size: 'Small', Quantity: '5' });
    });

    test('a post without _seen (a script, a supertest suite) is not checked', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app);
      const { _csrf } = hiddenFields((await visitor.get(app, '/order/size')).text, '/order/size');
      expect((await sendForm(visitor, app, '/order/size', { size: 'small' })).status).toBe(303);
      expect((await visitor.post(app, '/order/size', { _csrf: _csrf ?? '', size: 'medium' })).status).toBe(303);
      expect((await storedBy(app, visitor)).Size).toBe('Medium');
    });

    test('sent with a mistake first (422), the form keeps what it was rendered with, so the stale tab is still caught', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      expect((await sendForm(visitor, app, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
      const tabA = (await visitor.get(app, '/page1')).text;
      expect((await sendForm(visitor, app, '/page1', { firstName: 'Grace', lastName: 'Hopper' })).status).toBe(303);
      const wrong = await visitor.post(app, '/page1', { ...hiddenFields(tabA, '/page1'), firstName: 'Alan', lastName: '' });
      expect(wrong.status).toBe(422);
      expect(hiddenFields(wrong.text, '/page1')._seen).toBe(hiddenFields(tabA, '/page1')._seen);
      const stale = await visitor.post(app, '/page1', { ...hiddenFields(wrong.text, '/page1'), firstName: 'Alan', lastName: 'Turing' });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('<dd class="summary__value">Grace</dd>');
      expect(stale.text).toContain('value="Turing"');
      expect(await storedBy(app, visitor)).toMatchObject({ 'First name': 'Grace', 'Last name': 'Hopper' });
    });
  });

  describe('Undo', () => {
    async function collectionFromCheck(app: App, visitor: Visitor) {
      await answerOrder(visitor, app, 'delivery');
      const res = await sendForm(visitor, app, '/order/delivery', { method: 'collection' });
      expect(res.headers.location).toBe('/order/check');
      return (await visitor.get(app, '/order/check')).text;
    }

    test('delivery → collection: the next page names the removed address in a live region, and Undo puts it back', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      const check = await collectionFromCheck(app, visitor);
      expect(check).toMatch(/<div class="notice notice--undo" role="status" aria-labelledby="undo-title">\s*<h2 id="undo-title" class="notice__title">Answers removed<\/h2>/);
      expect(check).toContain('Your change to delivery or collection removed your answer to <strong>delivery address</strong>');
      expect(hiddenFields(check, '/undo')).toMatchObject({ journey: 'order' });
      expect(storedIn(check)).not.toHaveProperty('Delivery address');
      const undone = await visitor.post(app, '/undo', hiddenFields(check, '/undo'));
      expect({ status: undone.status, location: undone.headers.location }).toEqual({ status: 303, location: '/order/check' });
      const after = (await visitor.get(app, '/order/check')).text;
      expect(storedIn(after)).toMatchObject({ 'Delivery or collection': 'Delivery to your door', 'Delivery address': '1 High Street, Town AB1 2CD' });
      expect(after).not.toContain('Answers removed'); // used: nothing more to undo
    });

    test('works only until the journey\'s next change: then nothing is offered and an old Undo form changes nothing', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      const check = await collectionFromCheck(app, visitor);
      expect((await sendForm(visitor, app, '/order/quantity', { quantity: '3' })).status).toBe(303);
      expect((await visitor.get(app, '/order/check')).text).not.toContain('Answers removed');
      expect((await visitor.post(app, '/undo', hiddenFields(check, '/undo'))).status).toBe(303);
      expect(await storedBy(app, visitor)).toMatchObject({ 'Delivery or collection': 'Collection from the shop', Quantity: '3' });
      expect(await storedBy(app, visitor)).not.toHaveProperty('Delivery address');
    });

    test('needs the CSRF token; an unknown journey is a 404 page', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      const check = await collectionFromCheck(app, visitor);
      expect((await visitor.post(app, '/undo', { journey: 'order', _csrf: 'wrong' })).status).toBe(403);
      expect((await visitor.post(app, '/undo', { ...hiddenFields(check, '/undo'), journey: 'nope' })).status).toBe(404);
      expect(await storedBy(app, visitor)).not.toHaveProperty('Delivery address');
    });

    test('a change that drops nothing offers nothing', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app, 'collection');
      await sendForm(visitor, app, '/order/size', { size: 'small' });
      expect((await visitor.get(app, '/order/check')).text).not.toContain('Answers removed');
    });
  });

  describe('one submission', () => {
    test('the check page\'s form sent twice places one order: both lead to the same done page and reference', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app);
      const form = hiddenFields((await visitor.get(app, '/order/check')).text, '/order/check');
      expect(form._submission).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const first = await visitor.post(app, '/order/check', form);
      const second = await visitor.post(app, '/order/check', form);
      expect([first.headers.location, second.headers.location]).toEqual(['/order/done', '/order/done']);
      const done = await visitor.get(app, '/order/done');
      const reference = referenceIn(done.text);
      expect(reference).toBeDefined();
      // Once shown, the same form again: the same reference, said so; nothing placed again.
      const third = await visitor.post(app, '/order/check', form);
      expect(third.status).toBe(303);
      // Its lasting receipt; a cookie keeps no receipt's address (too large): the first question, with the notice.
      expect(third.headers.location).toMatch(mode === 'server' ? /^\/receipts\/[A-Za-z0-9_-]+$/ : /^\/order\/size$/);
      const landed = await visitor.get(app, third.headers.location as string);
      expect(landed.text).toContain('That was already sent');
      expect(referenceIn(landed.text)).toBe(reference);
      expect((await visitor.get(app, '/order/done')).headers.location).toBe('/order/size'); // still shown once
    });

    test('any post to place while a placed order is unseen leads to that order, never to the first question', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app, 'collection');
      const { _csrf } = hiddenFields((await visitor.get(app, '/order/check')).text, '/order/check');
      expect((await visitor.post(app, '/order/check', { _csrf: _csrf ?? '' })).headers.location).toBe('/order/done');
      // A second post without the submission id (another tab's form, a double click in an old browser).
      expect((await visitor.post(app, '/order/check', { _csrf: _csrf ?? '' })).headers.location).toBe('/order/done');
      expect(referenceIn((await visitor.get(app, '/order/done')).text)).toBeDefined();
    });

    test('a journey with its own sending sends once for one form sent twice', async () => {
      const sends: string[] = [];
      const app = quietApp(testConfig({ sessionMode: mode }), { journeys: [lessonJourney, orderJourney, countedJourney(sends)] });
      try {
        const visitor = new Visitor();
        expect((await sendForm(visitor, app, '/gift/kind', { gift: 'book' })).status).toBe(303);
        const form = hiddenFields((await visitor.get(app, '/gift/check')).text, '/gift/check');
        for (let i = 0; i < 3; i++) expect((await visitor.post(app, '/gift/check', form)).headers.location).toBe('/gift/done');
        expect(sends).toHaveLength(1);
        expect(referenceIn((await visitor.get(app, '/gift/done')).text)).toBe(sends[0]);
      } finally {
        await app.close();
      }
    });
  });

  describe('cancel', () => {
    test('after placing, cancel erases nothing: it leads to the done page, which says it could not be cancelled', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app);
      const check = (await visitor.get(app, '/order/check')).text;
      expect((await visitor.post(app, '/order/check', hiddenFields(check, '/order/check'))).status).toBe(303);
      const cancelled = await visitor.post(app, '/order/cancel', hiddenFields(check, '/order/cancel'));
      expect({ status: cancelled.status, location: cancelled.headers.location }).toEqual({ status: 303, location: '/order/done' });
      const done = await visitor.get(app, '/order/done');
      expect(done.status).toBe(200);
      expect(done.text).toContain('Your pizza order could not be cancelled: it was already sent');
      expect(done.text).toContain('Order placed');
      expect(referenceIn(done.text)).toBeDefined();
    });

    test('after the done page was shown, cancel from an old tab says it was already sent, with its reference', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app);
      const check = (await visitor.get(app, '/order/check')).text;
      await visitor.post(app, '/order/check', hiddenFields(check, '/order/check'));
      const reference = referenceIn((await visitor.get(app, '/order/done')).text);
      const cancelled = await visitor.post(app, '/order/cancel', hiddenFields(check, '/order/cancel'));
      expect(cancelled.status).toBe(303);
      expect(cancelled.headers.location).toMatch(mode === 'server' ? /^\/receipts\// : /^\/$/);
      const landed = await visitor.get(app, cancelled.headers.location as string);
      expect(landed.text).toContain('could not be cancelled: it was already sent');
      expect(referenceIn(landed.text)).toBe(reference);
    });

    test('cancelling says so, naming the journey; the other journey\'s answers stay', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      expect((await sendForm(visitor, app, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status).toBe(303);
      await answerOrder(visitor, app, 'collection');
      const res = await sendForm(visitor, app, '/order/check', {}, '/order/cancel');
      expect(res.headers.location).toBe('/');
      const home = (await visitor.get(app, '/')).text;
      expect(home).toContain('<strong>Your pizza order was cancelled.</strong>');
      expect(storedIn(home)).toEqual({ 'First name': 'Ada', 'Last name': 'Lovelace' });
      expect((await visitor.get(app, '/')).text).not.toContain('was cancelled'); // once
    });

    test('is offered only where there is something to cancel, and is told apart from the footer\'s Start over', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      expect((await visitor.get(app, '/order/size')).text).not.toContain('Cancel order');
      expect((await sendForm(visitor, app, '/order/size', { size: 'small' })).status).toBe(303);
      const toppings = (await visitor.get(app, '/order/toppings')).text;
      expect(toppings).toContain('Cancel order');
      expect(toppings).toContain('Forgets the answers of your pizza order only; your other answers stay.');
      expect(toppings).toMatch(/class="button button--secondary button--end" aria-describedby="start-over-hint">Start over<\/button>/);
      expect(toppings).toContain('Ends your whole session: every answer listed above is deleted.');
    });
  });

  describe('the done page', () => {
    test('HEAD never uses it up (a link checker, a preview bot)', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app, 'collection');
      await sendForm(visitor, app, '/order/check', {});
      const cookie = visitor.cookie ?? '';
      for (let i = 0; i < 3; i++) expect((await request(app).head('/order/done').set('Cookie', cookie)).status).toBe(200);
      const done = await visitor.get(app, '/order/done');
      expect(done.status).toBe(200);
      expect(done.text).toContain('Order placed');
    });

    test('opened again once shown: said so, with its reference', async () => {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app, 'collection');
      await sendForm(visitor, app, '/order/check', {});
      const reference = referenceIn((await visitor.get(app, '/order/done')).text);
      const again = await visitor.get(app, '/order/done');
      expect(again.status).toBe(303);
      const landed = (await visitor.get(app, again.headers.location as string)).text;
      expect(landed).toContain('The confirmation of your pizza order was shown already');
      expect(referenceIn(landed)).toBe(reference);
      const receipt = /<a href="(\/receipts\/[^"]+)">See its receipt<\/a>/.exec(landed)?.[1];
      if (mode === 'cookie') {
        expect(receipt).toBeUndefined(); // the cookie keeps the reference, not the receipt's address
        return;
      }
      expect(referenceIn((await request(app).get(receipt ?? '')).text)).toBe(reference); // without the session
    });
  });
});

describe('where cookie mode cannot keep a promise', () => {
  test('a copy of the cookie from before placing places again: a second reference (server mode: the same one)', async () => {
    const results: Record<string, [string | undefined, string | undefined]> = {};
    for (const mode of modes) {
      const app = appIn(mode);
      const visitor = new Visitor();
      await answerOrder(visitor, app, 'collection');
      const form = hiddenFields((await visitor.get(app, '/order/check')).text, '/order/check');
      const before = visitor.cookie;
      await visitor.post(app, '/order/check', form);
      const first = referenceIn((await visitor.get(app, '/order/done')).text);
      visitor.cookie = before; // the old cookie, replayed (Back in a browser that kept it, or a copy)
      const replay = await visitor.post(app, '/order/check', form);
      const landed = await visitor.get(app, replay.headers.location as string);
      results[mode] = [first, referenceIn(landed.text)];
    }
    const [serverFirst, serverAgain] = results.server ?? [];
    const [cookieFirst, cookieAgain] = results.cookie ?? [];
    expect(serverAgain).toBe(serverFirst); // the store remembers the submission
    expect(cookieFirst).toBeDefined();
    expect(cookieAgain).toBeDefined();
    expect(cookieAgain).not.toBe(cookieFirst); // the old cookie knows nothing of it: placed a second time
  });

  test('the session inspector says so in cookie mode, and only there', async () => {
    for (const mode of modes) {
      const app = appIn(mode);
      const visitor = new Visitor();
      await sendForm(visitor, app, '/page1', { firstName: 'Ada', lastName: 'Lovelace' });
      const said = (await visitor.get(app, '/page2')).text.includes('<strong>An old copy still works.</strong>');
      expect({ mode, said }).toEqual({ mode, said: mode === 'cookie' });
    }
  });

  test('a copy of the cookie from before the done page was shown shows it again', async () => {
    const app = appIn('cookie');
    const visitor = new Visitor();
    await answerOrder(visitor, app, 'collection');
    await sendForm(visitor, app, '/order/check', {});
    const unseen = visitor.cookie;
    const first = referenceIn((await visitor.get(app, '/order/done')).text);
    visitor.cookie = unseen;
    const again = await visitor.get(app, '/order/done');
    expect(again.status).toBe(200);
    expect(referenceIn(again.text)).toBe(first);
  });
});
