// Every row of the contract's party section, over HTTP with CSRF on: defined once, run in each session mode
// (test/http/party.test.ts) and against each server-mode store (test/redis/party.test.ts).
import { csrfFrom } from './app';
import { storedIn } from './hostile';
import { addGuest, answer, dateFields, dateIn, guestList, planParty, statuses, tasksIn, type Target } from './party';
import { Visitor } from './visitor';

export function partyContract(makeTarget: () => Promise<Target>): void {
  let target: Target;
  beforeEach(async () => {
    target = await makeTarget();
  });

  test('the home page links to all three journeys', async () => {
    const home = await new Visitor().get(target, '/');
    for (const href of ['/page1', '/order/size', '/party']) expect(home.text).toContain(`href="${href}"`);
  });

  test('GET /party: four tasks in order, Send invitations without a link, and nothing stored', async () => {
    const visitor = new Visitor();
    const page = await visitor.get(target, '/party');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Plan a party</h1>');
    expect(tasksIn(page.text)).toEqual([
      { title: 'Date and time', status: 'Not yet started', href: '/party/date' },
      { title: 'Venue', status: 'Not yet started', href: '/party/venue' },
      { title: 'Guests', status: 'Not yet started', href: '/party/guests' },
      { title: 'Send invitations', status: 'Cannot start yet', href: undefined },
    ]);
    expect(page.headers['set-cookie']).toBeUndefined(); // no session, no token: the page has no form
  });

  test('statuses follow the answers: In progress for a list without "no more", Completed, then Send invitations can start', async () => {
    const visitor = new Visitor();
    await answer(visitor, target, '/party/date', { ...dateFields(10), time: 'afternoon' }, '/party');
    await addGuest(visitor, target, 'Ada');
    expect(await statuses(visitor, target)).toEqual(['Date and time: Completed', 'Venue: Not yet started', 'Guests: In progress', 'Send invitations: Cannot start yet']);
    await answer(visitor, target, '/party/guests', { addAnother: 'no' }, '/party');
    await answer(visitor, target, '/party/venue', { venue: 'home' }, '/party/check');
    const page = await visitor.get(target, '/party');
    expect(tasksIn(page.text)).toEqual([
      { title: 'Date and time', status: 'Completed', href: '/party/date' },
      { title: 'Venue', status: 'Completed', href: '/party/venue' },
      { title: 'Guests', status: 'Completed', href: '/party/guests' },
      { title: 'Send invitations', status: 'Not yet started', href: '/party/check' },
    ]);
  });

  describe('/party/date', () => {
    test('a date and a time: 303, and the date is kept as written out', async () => {
      const visitor = new Visitor();
      await answer(visitor, target, '/party/date', { ...dateFields(30), time: 'evening' }, '/party');
      const stored = storedIn((await visitor.get(target, '/party')).text);
      expect(stored.Time).toBe('Evening');
      expect(stored.Date).toMatch(/^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}$/);
    });

    test.each([
      ['no date at all', { 'date-day': '', 'date-month': '', 'date-year': '' }, 'Enter the date of the party'],
      ['a missing month', { 'date-day': '6', 'date-month': '', 'date-year': '2027' }, 'Date must include a month'],
      ['month 13', { 'date-day': '6', 'date-month': '13', 'date-year': '2027' }, 'Month must be a real month, from 1 to 12'],
      ['day 0', { 'date-day': '0', 'date-month': '3', 'date-year': '2027' }, 'Day must be a real day, from 1 to 31'],
      ['a two-digit year', { 'date-day': '6', 'date-month': '3', 'date-year': '27' }, 'Year must be 4 numbers, like 2027'],
      ['31 February', { 'date-day': '31', 'date-month': '2', 'date-year': dateIn(200)['date-year'] }, 'Date must be a real date'],
      ['yesterday', dateFields(-1), 'Date must be today or in the future'],
      ['more than a year ahead', dateFields(370), 'Date must be on or before'],
    ])('%s: 422, the message names what is wrong, and every typed value is kept', async (_name, boxes, message) => {
      const visitor = new Visitor();
      const res = await visitor.submit(target, '/party/date', { ...boxes, time: 'evening' });
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      for (const [name, value] of Object.entries(boxes)) expect(res.text).toContain(`name="${name}" value="${value}"`);
      expect(res.text).toMatch(/value="evening" checked/);
    });

    test('no time: 422 "Select a time of day"', async () => {
      const res = await new Visitor().submit(target, '/party/date', dateFields(5));
      expect(res.status).toBe(422);
      expect(res.text).toContain('Select a time of day');
    });

    test('403 without a valid token, and nothing stored', async () => {
      const visitor = new Visitor();
      await visitor.get(target, '/party/date');
      const res = await visitor.post(target, '/party/date', { ...dateFields(5), time: 'evening', _csrf: 'forged' });
      expect(res.status).toBe(403);
      expect(await statuses(visitor, target)).toContain('Date and time: Not yet started');
    });
  });

  describe('/party/venue', () => {
    test('the address is shown under "Somewhere else" without JavaScript', async () => {
      const page = await new Visitor().get(target, '/party/venue');
      expect(page.text).toMatch(/value="elsewhere"[\s\S]*?<label[^>]*>Somewhere else<\/label>\s*<\/div>\s*<div class="choice__revealed"[^>]*>[\s\S]*?name="venueAddress"/);
    });

    test('somewhere else needs its address (5 to 200 characters); home neither needs nor keeps one, and drops an earlier one', async () => {
      const visitor = new Visitor();
      const missing = await visitor.submit(target, '/party/venue', { venue: 'elsewhere' });
      expect(missing.status).toBe(422);
      expect(missing.text).toContain('Enter the address of the venue');
      const short = await visitor.submit(target, '/party/venue', { venue: 'elsewhere', venueAddress: 'Hall' });
      expect(short.status).toBe(422);
      expect(short.text).toContain('must be 5 characters or more');
      const long = await visitor.submit(target, '/party/venue', { venue: 'elsewhere', venueAddress: 'x'.repeat(201) });
      expect(long.status).toBe(422);
      await answer(visitor, target, '/party/venue', { venue: 'elsewhere', venueAddress: 'Village hall, Church Lane' }, '/party');
      expect(storedIn((await visitor.get(target, '/party')).text)).toMatchObject({ Venue: 'Somewhere else', 'Address of the venue': 'Village hall, Church Lane' });
      await answer(visitor, target, '/party/venue', { venue: 'home', venueAddress: 'ignored' }, '/party');
      const stored = storedIn((await visitor.get(target, '/party')).text);
      expect(stored.Venue).toBe('At home');
      expect(stored['Address of the venue']).toBeUndefined();
    });

    test('no choice: 422', async () => {
      expect((await new Visitor().submit(target, '/party/venue', {})).status).toBe(422);
    });
  });

  describe('the guest list', () => {
    test('with no guests, /party/guests sends you to add one', async () => {
      const res = await new Visitor().get(target, '/party/guests');
      expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: '/party/guests/add' });
    });

    test('each guest has Change and Remove links with their own id; "You have added N guests"; yes adds another', async () => {
      const visitor = new Visitor();
      await addGuest(visitor, target, 'Ada', 'No nuts');
      let page = await visitor.get(target, '/party/guests');
      expect(page.text).toContain('You have added 1 guest<');
      await answer(visitor, target, '/party/guests', { addAnother: 'yes' }, '/party/guests/add');
      await addGuest(visitor, target, 'Grace');
      page = await visitor.get(target, '/party/guests');
      expect(page.text).toContain('You have added 2 guests<');
      expect(page.text).toContain('Do you need to add another guest?');
      const guests = await guestList(visitor, target);
      expect(guests.map((g) => [g.name, g.details])).toEqual([
        ['Ada', 'Dietary needs: No nuts'],
        ['Grace', 'Dietary needs: None'],
      ]);
      for (const { id } of guests) {
        expect(id).toMatch(/^[0-9a-f]{16}$/);
        expect(page.text).toContain(`href="/party/guests/${id}/remove"`);
      }
    });

    test('no choice on the list: 422; without a token: 403', async () => {
      const visitor = new Visitor();
      await addGuest(visitor, target, 'Ada');
      const none = await visitor.submit(target, '/party/guests', {});
      expect(none.status).toBe(422);
      expect(none.text).toContain('Select yes if you need to add another guest');
      expect((await visitor.post(target, '/party/guests', { addAnother: 'no' })).status).toBe(403);
    });

    test('a guest: a name of 1 to 100 characters, dietary needs optional (several lines, up to 200)', async () => {
      const visitor = new Visitor();
      const noName = await visitor.submit(target, '/party/guests/add', { name: ' ', diet: 'Vegan' });
      expect(noName.status).toBe(422);
      expect(noName.text).toContain('Enter the guest’s name');
      expect(noName.text).toContain('>Vegan</textarea>');
      expect((await visitor.submit(target, '/party/guests/add', { name: 'x'.repeat(101) })).status).toBe(422);
      expect((await visitor.submit(target, '/party/guests/add', { name: 'Ada', diet: 'x'.repeat(201) })).status).toBe(422);
      const page = await visitor.get(target, '/party/guests/add');
      expect(page.text).toContain('Dietary needs <span class="field__optional">(optional)</span>');
      await addGuest(visitor, target, 'Ada', 'No nuts\r\nNo gluten');
      expect((await guestList(visitor, target))[0]?.details).toBe('Dietary needs: No nuts\nNo gluten');
    });

    test('at 8 guests the page says 8 is the most and asks nothing; add sends you back, nothing added; Continue completes the task', async () => {
      const visitor = new Visitor();
      for (let i = 1; i <= 8; i++) await addGuest(visitor, target, `Guest ${i}`);
      const page = await visitor.get(target, '/party/guests');
      expect(page.text).toContain('You have added 8 guests');
      expect(page.text).toContain('You can add up to 8 guests');
      expect(page.text).not.toContain('name="addAnother"');
      const add = await visitor.get(target, '/party/guests/add');
      expect({ status: add.status, location: add.headers.location }).toEqual({ status: 303, location: '/party/guests' });
      const token = csrfFrom(page.text);
      const post = await visitor.post(target, '/party/guests/add', { name: 'Ninth', _csrf: token });
      expect({ status: post.status, location: post.headers.location }).toEqual({ status: 303, location: '/party/guests' });
      expect(await guestList(visitor, target)).toHaveLength(8);
      const done = await visitor.post(target, '/party/guests', { _csrf: token });
      expect({ status: done.status, location: done.headers.location }).toEqual({ status: 303, location: '/party' });
      expect(await statuses(visitor, target)).toContain('Guests: Completed');
    });

    test('change a guest: prefilled, 303 to the list, 422 on a bad answer, 404 for an unknown id', async () => {
      const visitor = new Visitor();
      await addGuest(visitor, target, 'Ada', 'Vegan');
      const [ada] = await guestList(visitor, target);
      const page = await visitor.get(target, `/party/guests/${ada!.id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('value="Ada"');
      expect(page.text).toContain('>Vegan</textarea>');
      expect((await visitor.submit(target, `/party/guests/${ada!.id}`, { name: '' })).status).toBe(422);
      await answer(visitor, target, `/party/guests/${ada!.id}`, { name: 'Ada King', diet: '' }, '/party/guests');
      expect(await guestList(visitor, target)).toEqual([{ id: ada!.id, name: 'Ada King', details: 'Dietary needs: None' }]);
      for (const path of ['/party/guests/0123456789abcdef', '/party/guests/0123456789abcdef/remove', '/party/guests/nope']) {
        expect((await visitor.get(target, path)).status).toBe(404);
      }
      const token = csrfFrom(page.text);
      expect((await visitor.post(target, '/party/guests/0123456789abcdef', { name: 'X', _csrf: token })).status).toBe(404);
      expect((await visitor.post(target, '/party/guests/0123456789abcdef/remove', { confirm: 'yes', _csrf: token })).status).toBe(404);
    });

    test('remove: "are you sure", 422 without a choice, no keeps, yes removes that guest only, and the others keep their ids', async () => {
      const visitor = new Visitor();
      for (const name of ['Ada', 'Grace', 'Alan']) await addGuest(visitor, target, name);
      const [ada, grace, alan] = await guestList(visitor, target);
      const page = await visitor.get(target, `/party/guests/${grace!.id}/remove`);
      expect(page.text).toContain('Are you sure you want to remove Grace?');
      expect((await visitor.submit(target, `/party/guests/${grace!.id}/remove`, {})).status).toBe(422);
      await answer(visitor, target, `/party/guests/${grace!.id}/remove`, { confirm: 'no' }, '/party/guests');
      expect(await guestList(visitor, target)).toHaveLength(3);
      await answer(visitor, target, `/party/guests/${ada!.id}/remove`, { confirm: 'yes' }, '/party/guests');
      expect((await guestList(visitor, target)).map((g) => [g.id, g.name])).toEqual([
        [grace!.id, 'Grace'],
        [alan!.id, 'Alan'],
      ]);
      // Alan's page is where it was, though his position moved.
      expect((await visitor.get(target, `/party/guests/${alan!.id}`)).text).toContain('value="Alan"');
    });

    test('removing the last guest makes Guests In progress again, and Send invitations Cannot start yet', async () => {
      const visitor = new Visitor();
      await planParty(visitor, target);
      for (const guest of await guestList(visitor, target)) await answer(visitor, target, `/party/guests/${guest.id}/remove`, { confirm: 'yes' }, '/party/guests');
      expect(await statuses(visitor, target)).toEqual(['Date and time: Completed', 'Venue: Completed', 'Guests: In progress', 'Send invitations: Cannot start yet']);
      const check = await visitor.get(target, '/party/check');
      expect({ status: check.status, location: check.headers.location }).toEqual({ status: 303, location: '/party' });
    });
  });

  describe('check, send, done, cancel', () => {
    test('the check page is guarded until the three tasks are completed', async () => {
      const visitor = new Visitor();
      const res = await visitor.get(target, '/party/check');
      expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: '/party' });
      await answer(visitor, target, '/party/date', { ...dateFields(3), time: 'evening' }, '/party');
      expect((await visitor.get(target, '/party/check')).headers.location).toBe('/party');
    });

    test('after each task: /party while another is not completed, /party/check once all are', async () => {
      const visitor = new Visitor();
      await planParty(visitor, target); // each step's 303 is checked there
      await answer(visitor, target, '/party/date', { ...dateFields(40), time: 'afternoon' }, '/party/check');
      await answer(visitor, target, '/party/venue', { venue: 'home' }, '/party/check');
      await answer(visitor, target, '/party/guests', { addAnother: 'no' }, '/party/check');
    });

    test('the check page lists the date written out, time, venue and address, every guest with their needs, each with a Change link', async () => {
      const visitor = new Visitor();
      await planParty(visitor, target);
      await answer(visitor, target, '/party/venue', { venue: 'elsewhere', venueAddress: 'Village hall' }, '/party/check');
      const check = await visitor.get(target, '/party/check');
      expect(check.status).toBe(200);
      const rows = Array.from(check.text.matchAll(/<dt class="summary__key">([^<]*)<\/dt>\s*<dd class="summary__value">([^<]*)<\/dd>\s*<dd class="summary__action"><a href="([^"]+)">/g), (m) => [m[1], m[2], m[3]]);
      const guests = await guestList(visitor, target);
      expect(rows).toEqual([
        ['Date', expect.stringMatching(/^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}$/), '/party/date'],
        ['Time', 'Evening', '/party/date'],
        ['Venue', 'Somewhere else', '/party/venue'],
        ['Address of the venue', 'Village hall', '/party/venue'],
        ['Ada Lovelace', 'Dietary needs: Vegetarian', `/party/guests/${guests[0]!.id}`],
        ['Charles Babbage', 'Dietary needs: None', `/party/guests/${guests[1]!.id}`],
      ]);
      expect(check.text).toMatch(/<button type="submit" class="button">Send invitations<\/button>/);
    });

    test('Send invitations: 303 /party/done, shown once with a reference; the party is then gone', async () => {
      const visitor = new Visitor();
      await planParty(visitor, target);
      const sent = await visitor.submit(target, '/party/check', {});
      expect({ status: sent.status, location: sent.headers.location }).toEqual({ status: 303, location: '/party/done' });
      const done = await visitor.get(target, '/party/done');
      expect(done.status).toBe(200);
      expect(done.text).toContain('Invitations sent');
      expect(done.text).toMatch(/<strong class="reference">[A-Z2-9]{8}<\/strong>/);
      expect(done.text).toContain('Ada Lovelace');
      const receipt = /href="(\/receipts\/[^"]+)"/.exec(done.text)?.[1];
      expect(receipt).toBeDefined();
      const lasting = await new Visitor().get(target, receipt!); // another browser, no session
      expect(lasting.status).toBe(200);
      expect(lasting.text).toContain('Charles Babbage');
      const again = await visitor.get(target, '/party/done');
      expect({ status: again.status, location: again.headers.location }).toEqual({ status: 303, location: '/party' });
      expect(await statuses(visitor, target)).toEqual(['Date and time: Not yet started', 'Venue: Not yet started', 'Guests: Not yet started', 'Send invitations: Cannot start yet']);
    });

    test('nothing is sent unless the three tasks are completed as stored', async () => {
      const visitor = new Visitor();
      await answer(visitor, target, '/party/date', { ...dateFields(3), time: 'evening' }, '/party');
      const token = csrfFrom((await visitor.get(target, '/party/date')).text);
      const res = await visitor.post(target, '/party/check', { _csrf: token });
      expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: '/party' });
      expect((await visitor.get(target, '/party/done')).headers.location).toBe('/party');
      expect((await visitor.post(target, '/party/check', {})).status).toBe(403);
    });

    test('cancel forgets the party only: 303 /', async () => {
      const visitor = new Visitor();
      await answer(visitor, target, '/page1', { firstName: 'Ada', lastName: 'Lovelace' }, '/page2');
      await planParty(visitor, target);
      const taskList = await visitor.get(target, '/party');
      expect(taskList.text).toContain('action="/party/cancel"'); // the task list has the cancel form
      const token = csrfFrom(taskList.text);
      const res = await visitor.post(target, '/party/cancel', { _csrf: token });
      expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: '/' });
      const stored = storedIn((await visitor.get(target, '/')).text);
      expect(stored).toMatchObject({ 'First name': 'Ada', 'Last name': 'Lovelace' });
      expect(stored.Venue).toBeUndefined();
      expect(await guestList(visitor, target)).toEqual([]);
    });

    test('start over ends the party with the rest', async () => {
      const visitor = new Visitor();
      await planParty(visitor, target);
      const token = csrfFrom((await visitor.get(target, '/party')).text);
      const res = await visitor.post(target, '/start-over', { _csrf: token });
      expect(res.status).toBe(303);
      expect(await statuses(visitor, target)).toContain('Guests: Not yet started');
      expect((await visitor.get(target, '/party/check')).headers.location).toBe('/party');
    });
  });
}
