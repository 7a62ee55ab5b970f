// The format's primitives over HTTP, on a journey that exists only in this test: a date with bounds from a fixed
// today, a field's own rule, a branch on a range (`when`), a field revealed under a radio option, optional answers,
// and a submit hook with its own done slug. Answered from plain objects with answerJourney.
import request from 'supertest';
import type { App } from '../../src/app';
import { defineJourney, type Answers } from '../../src/flow/journey';
import { csrfFrom, quietApp, testConfig, type Agent } from '../support/app';
import { storedIn } from '../support/hostile';
import { answerJourney } from '../support/journeys';

const TODAY = '2026-03-06';

/** A named predicate: a group of more than 20 pays a deposit. */
function largeGroup(answers: Answers): boolean {
  return typeof answers.guests === 'number' && answers.guests > 20;
}

/** The restaurant is closed on Mondays. */
function notOnMonday(value: string): string | undefined {
  return new Date(`${value}T00:00:00Z`).getUTCDay() === 1 ? 'We are closed on Mondays: choose another day' : undefined;
}

const sent: { answers: Answers; reference: string }[] = [];

const bookingJourney = defineJourney({
  id: 'booking',
  label: 'Your table',
  basePath: '/booking',
  notGiven: 'Nothing said',
  steps: [
    { slug: 'date', title: 'When would you like to come?', fields: [{ type: 'date', name: 'day', label: 'Booking date', noun: 'the booking date', earliest: {}, latest: { years: 1 }, validate: notOnMonday }], next: 'guests' },
    {
      slug: 'guests',
      title: 'How many people?',
      fields: [{ type: 'number', name: 'guests', label: 'People', noun: 'how many people', min: 1, max: 60 }],
      next: [{ when: largeGroup, next: 'deposit' }, 'seating'],
    },
    {
      slug: 'deposit',
      title: 'How will you pay the deposit?',
      fields: [
        {
          type: 'radios',
          name: 'payment',
          label: 'Deposit',
          noun: 'how you will pay the deposit',
          options: [
            { value: 'card', label: 'By card', reveals: [{ type: 'text', name: 'cardName', label: 'Name on the card', noun: 'the name on the card', maxLength: 50 }] },
            { value: 'cash', label: 'In cash' },
          ],
        },
      ],
      next: 'seating',
    },
    {
      slug: 'seating',
      title: 'Anything else?',
      fields: [
        { type: 'radios', name: 'area', label: 'Where to sit', noun: 'where to sit', optional: true, notGiven: 'No preference', options: [{ value: 'inside', label: 'Inside' }, { value: 'terrace', label: 'On the terrace' }] },
        { type: 'textarea', name: 'notes', label: 'Notes', noun: 'notes', optional: true, minLength: 1, maxLength: 200 },
      ],
      next: 'check',
    },
  ],
  check: { slug: 'check', title: 'Check your booking' },
  submit: {
    button: 'Book the table',
    doneTitle: 'Table booked',
    sentHeading: 'Your booking',
    cancelButton: 'Cancel booking',
    doneSlug: 'booked',
    send(answers, { reference }) {
      sent.push({ answers, reference });
    },
  },
});

const apps: App[] = [];
function bookingApp(): App {
  const app = quietApp(testConfig(), { journeys: [bookingJourney], today: () => TODAY });
  apps.push(app);
  return app;
}
afterAll(() => Promise.all(apps.map((app) => app.close())));

/** The check page's rows, as "Label: value". */
function rowsOf(html: string): string[] {
  return Array.from(html.matchAll(/<dt class="summary__key">([^<]*)<\/dt>\s*<dd class="summary__value">([^<]*)<\/dd>/g), (m) => `${m[1] ?? ''}: ${m[2] ?? ''}`);
}

async function post(agent: Agent, url: string, fields: Record<string, string>) {
  const page = await agent.get(url).expect(200);
  return agent
    .post(url)
    .type('form')
    .send({ ...fields, _csrf: csrfFrom(page.text) });
}

test('a large group is asked for a deposit (a branch on a range), the card reveals its name, optional answers read as their words', async () => {
  const agent = request.agent(bookingApp());
  const posted = await answerJourney(agent, bookingJourney, { day: '2027-03-06', guests: 30, payment: 'card', cardName: 'Ada Lovelace' });
  expect(posted).toEqual(['/booking/date', '/booking/guests', '/booking/deposit', '/booking/seating']);
  expect(rowsOf((await agent.get('/booking/check').expect(200)).text)).toEqual([
    'Booking date: Saturday 6 March 2027',
    'People: 30',
    'Deposit: By card',
    'Name on the card: Ada Lovelace',
    'Where to sit: No preference',
    'Notes: Nothing said',
  ]);
});

test('a small group skips the deposit; the revealed name is dropped when the option changes', async () => {
  const agent = request.agent(bookingApp());
  await answerJourney(agent, bookingJourney, { day: '2026-03-07', guests: 25, payment: 'card', cardName: 'Ada', area: 'terrace', notes: 'A birthday' });
  await post(agent, '/booking/deposit', { payment: 'cash', cardName: 'Not kept' }).then((r) => expect(r.headers.location).toBe('/booking/check'));
  expect(storedIn((await agent.get('/booking/check').expect(200)).text)).toEqual({
    'Booking date': 'Saturday 7 March 2026',
    People: '25',
    Deposit: 'In cash',
    'Where to sit': 'On the terrace',
    Notes: 'A birthday',
  });
  await post(agent, '/booking/guests', { guests: '4' }).then((r) => expect(r.headers.location).toBe('/booking/check'));
  expect(Object.keys(storedIn((await agent.get('/').expect(200)).text))).toEqual(['Booking date', 'People', 'Where to sit', 'Notes']);
});

test('a revealed field is required only when its option is chosen, and shown under it without JavaScript', async () => {
  const agent = request.agent(bookingApp());
  await answerJourney(agent, bookingJourney, { day: '2026-03-07', guests: 21, payment: 'cash' });
  const page = await agent.get('/booking/deposit').expect(200);
  expect(page.text).toMatch(/value="card"[^>]*>\s*<label[^>]*>By card<\/label>\s*<\/div>\s*<div class="choice__revealed" id="payment-card-revealed">[\s\S]*name="cardName"/);
  const refused = await post(agent, '/booking/deposit', { payment: 'card', cardName: ' ' });
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('<a href="#cardName">Enter the name on the card</a>');
});

test.each([
  [{}, 'Enter the booking date'],
  [{ 'day-day': '6', 'day-year': '2027' }, 'Booking date must include a month'],
  [{ 'day-month': '3' }, 'Booking date must include a day and year'],
  [{ 'day-day': '32', 'day-month': '3', 'day-year': '2027' }, 'Day must be a real day, from 1 to 31'],
  [{ 'day-day': '6', 'day-month': '13', 'day-year': '2027' }, 'Month must be a real month, from 1 to 12'],
  [{ 'day-day': '6', 'day-month': '3', 'day-year': '27' }, 'Year must be 4 numbers, like 2027'],
  [{ 'day-day': '29', 'day-month': '2', 'day-year': '2027' }, 'Booking date must be a real date: February 2027 has 28 days'],
  [{ 'day-day': '5', 'day-month': '3', 'day-year': '2026' }, 'Booking date must be today or in the future'],
  [{ 'day-day': '7', 'day-month': '3', 'day-year': '2027' }, 'Booking date must be on or before Saturday 6 March 2027'],
  [{ 'day-day': '9', 'day-month': '3', 'day-year': '2026' }, 'We are closed on Mondays: choose another day'],
])('a date %j is refused with "%s", what was typed kept', async (fields, message) => {
  const agent = request.agent(bookingApp());
  const res = await post(agent, '/booking/date', fields);
  expect(res.status).toBe(422);
  expect(res.text).toContain(`<a href="#day">${message}</a>`);
  for (const [name, value] of Object.entries(fields)) expect(res.text).toContain(`name="${name}" value="${value}"`);
});

test('sending runs the journey\'s hook once with the answers and the reference, then the done page (its own slug) shows it once', async () => {
  const agent = request.agent(bookingApp());
  await answerJourney(agent, bookingJourney, { day: '2026-03-06', guests: 2, notes: 'Window' });
  const check = await agent.get('/booking/check').expect(200);
  expect(check.text).toContain('>Book the table</button>');
  const before = sent.length;
  const res = await agent.post('/booking/check').type('form').send({ _csrf: csrfFrom(check.text) }).expect(303);
  expect(res.headers.location).toBe('/booking/booked');
  expect(sent.slice(before)).toEqual([{ answers: { day: '2026-03-06', guests: 2, area: null, notes: 'Window' }, reference: expect.stringMatching(/^[A-Z2-9]{8}$/) as unknown }]);
  const done = (await agent.get('/booking/booked').expect(200)).text;
  expect(done).toContain('Table booked');
  expect(done).toContain('<h2>Your booking</h2>');
  expect(done).toContain(sent[sent.length - 1]?.reference);
  await agent.get('/booking/booked').expect(303).expect('Location', '/booking/date');
});

test('a hook that throws sends nothing as far as the visitor is told: an error page, and the answers stay', async () => {
  const failing = defineJourney({
    ...bookingJourney,
    id: 'failing',
    basePath: '/failing',
    submit: { button: 'Send', doneTitle: 'Sent', cancelButton: 'Cancel', send: () => Promise.reject(new Error('the kitchen is down')) },
  });
  const app = quietApp(testConfig(), { journeys: [failing], today: () => TODAY });
  apps.push(app);
  const agent = request.agent(app);
  await answerJourney(agent, failing, { day: '2026-03-06', guests: 2 });
  const check = await agent.get('/failing/check').expect(200);
  await agent.post('/failing/check').type('form').send({ _csrf: csrfFrom(check.text) }).expect(500);
  await agent.get('/failing/check').expect(200);
  await agent.get('/failing/done').expect(303).expect('Location', '/failing/check');
});
