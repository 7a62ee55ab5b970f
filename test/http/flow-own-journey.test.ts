// A journey that exists only in this test, served by createApp(config, { journeys }) and driven end to end over HTTP:
// the README's recipe ("one file, one line in the registry") works without touching the session layer or any page.
import request from 'supertest';
import { defineJourney } from '../../src/flow/journey';
import { lessonJourney, orderJourney } from '../../src/flow/journeys';
import { closeApps, csrfFrom, quietApp, testConfig, type Agent } from '../support/app';
import { storedIn } from '../support/hostile';
import { answerJourney } from '../support/journeys';
import type { App } from '../../src/app';

const petJourney = defineJourney({
  id: 'pet',
  label: 'Your pet',
  basePath: '/pet',
  steps: [
    {
      slug: 'kind',
      title: 'What kind of pet do you have?',
      fields: [{ type: 'radios', name: 'kind', label: 'Kind of pet', noun: 'a kind of pet', options: [{ value: 'cat', label: 'Cat' }, { value: 'dog', label: 'Dog' }] }],
      next: [{ field: 'kind', value: 'dog', next: 'walks' }, 'name'],
    },
    { slug: 'walks', title: 'How many walks a day?', fields: [{ type: 'number', name: 'walks', label: 'Walks a day', noun: 'how many walks a day', min: 0, max: 5 }], next: 'name' },
    { slug: 'name', title: "What is your pet's name?", fields: [{ type: 'text', name: 'petName', label: 'Name', noun: "your pet's name", maxLength: 40 }], next: 'check' },
  ],
  check: { slug: 'check', title: 'Your pet' },
  home: { heading: 'Pets', text: 'Tell us about your pet.', button: 'Start the pet questions' },
});

const apps: App[] = [];
function petApp(journeys = [lessonJourney, orderJourney, petJourney]): App {
  const app = quietApp(testConfig(), { journeys });
  apps.push(app);
  return app;
}
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await closeApps();
});

test('the home page offers the journey from the list it was given, linking to its first step', async () => {
  const home = (await request(petApp()).get('/').expect(200)).text;
  expect(home).toContain('<h2>Pets</h2>');
  expect(home).toContain('href="/pet/kind">Start the pet questions</a>');
  expect(home).toContain('href="/page1">Get started</a>');
  expect(home).toContain('href="/order/size">Order a pizza</a>');
});

test('a journey defined only in a test is answered end to end: its branch, its check page, its own part of the session', async () => {
  const agent: Agent = request.agent(petApp());
  expect(await answerJourney(agent, petJourney, { kind: 'dog', walks: 2, petName: 'Rex' })).toEqual(['/pet/kind', '/pet/walks', '/pet/name']);
  const check = (await agent.get('/pet/check').expect(200)).text;
  for (const text of ['Kind of pet', 'Dog', 'Walks a day', 'Rex', 'href="/pet/walks">Change']) expect(check).toContain(text);
  expect(storedIn((await agent.get('/').expect(200)).text)).toEqual({ 'Kind of pet': 'Dog', 'Walks a day': '2', Name: 'Rex' });
  // A cat takes the other branch: the walks fall off the path and are dropped.
  const page = await agent.get('/pet/kind').expect(200);
  await agent.post('/pet/kind').type('form').send({ kind: 'cat', _csrf: csrfFrom(page.text) }).expect(303).expect('Location', '/pet/check');
  expect(storedIn((await agent.get('/').expect(200)).text)).toEqual({ 'Kind of pet': 'Cat', Name: 'Rex' });
});

test('a refused form on its pages leads back to its own first question, and its unknown pages are 404', async () => {
  const agent = request.agent(petApp());
  await agent.get('/pet/kind').expect(200);
  const refused = await agent.post('/pet/kind').type('form').send({ kind: 'cat', _csrf: 'wrong' }).expect(403);
  expect(refused.text).toContain('href="/pet/kind">Back to the questions</a>');
  await agent.get('/pet/nowhere').expect(404);
});

test('two journeys with one id, or one base path, stop the app at start-up with the mistake named', () => {
  expect(() => petApp([lessonJourney, petJourney, { ...petJourney, basePath: '/pets' }])).toThrow('the id "pet" is used by 2 journeys');
  expect(() => petApp([orderJourney, { ...petJourney, id: 'other', basePath: '/order' }])).toThrow('journeys "order" and "other" share the base path "/order"');
  expect(() => petApp([lessonJourney, { ...petJourney, basePath: '' }])).toThrow('journeys "lesson" and "pet" share the base path ""');
  expect(() => petApp([{ ...lessonJourney, id: 'lesson-2', steps: [{ ...lessonJourney.steps[0]!, slug: 'start-over' }, lessonJourney.steps[1]!] }])).toThrow(
    '"lesson-2" serves /start-over, which the app serves already',
  );
});
