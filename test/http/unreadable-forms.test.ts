// A form body that cannot be read as answers is a 400 page and stores nothing, as docs/CONTRACT.md says: broken
// percent-encoding, an unknown charset, more fields than any form here. Regression (issue 21.7): the first was stored
// as sent (303), the second got 415 and the third 413 "That was too much" for a 300-byte body.
import request from 'supertest';
import { closeApps, completeJourney, csrfFrom, testApp, type Agent } from '../support/app';

afterAll(closeApps);

const FORM = 'application/x-www-form-urlencoded';

/** A visitor with every question answered, who then posts `body` to /page1 with a valid token. */
async function answeredThenPost(body: (csrf: string) => string, contentType = FORM): Promise<{ agent: Agent; status: number; text: string }> {
  const agent = request.agent(testApp());
  await completeJourney(agent);
  const page = await agent.get('/page1').expect(200);
  const res = await agent.post('/page1').set('Content-Type', contentType).send(body(csrfFrom(page.text)));
  return { agent, status: res.status, text: res.text };
}

async function expectNothingStored(agent: Agent): Promise<void> {
  const summary = await agent.get('/page3').expect(200);
  expect(summary.text).toContain('Ada');
  expect(summary.text).toContain('Lovelace');
}

test('broken percent-encoding (firstName=%E0%A4%A) is a 400 page, and nothing is stored', async () => {
  const { agent, status, text } = await answeredThenPost((csrf) => `firstName=%E0%A4%A&lastName=Hopper&_csrf=${csrf}`);
  expect(status).toBe(400);
  expect(text).toContain('That request could not be read');
  await expectNothingStored(agent);
  expect((await agent.get('/page3')).text).not.toContain('Hopper');
});

test('percent-encoding that is not UTF-8 (%FF) is a 400 page too; valid UTF-8 is read', async () => {
  expect((await answeredThenPost((csrf) => `firstName=%FF&lastName=Hopper&_csrf=${csrf}`)).status).toBe(400);
  const ok = await answeredThenPost((csrf) => `firstName=Ren%C3%A9e&lastName=Hopper+Jr&_csrf=${csrf}`);
  expect(ok.status).toBe(303);
  expect((await ok.agent.get('/page3')).text).toContain('Renée');
});

test('an unknown charset is a 400 page, and nothing is stored', async () => {
  const { agent, status, text } = await answeredThenPost((csrf) => `firstName=Grace&lastName=Hopper&_csrf=${csrf}`, `${FORM}; charset=utf-7`);
  expect(status).toBe(400);
  expect(text).toContain('That request could not be read');
  await expectNothingStored(agent);
});

test('a small body with more fields than any form here is a 400 page that says so, and nothing is stored', async () => {
  const { agent, status, text } = await answeredThenPost((csrf) => `_csrf=${csrf}&${'p=&'.repeat(110)}firstName=Grace&lastName=Hopper`);
  expect(status).toBe(400);
  expect(text).toContain('more fields than any form on this site');
  expect(text).not.toContain('too much');
  await expectNothingStored(agent);
});

test('a form with extra fields within the limit is read as usual (21 fields, 300 bytes)', async () => {
  const { status } = await answeredThenPost((csrf) => `_csrf=${csrf}&${'p=1&'.repeat(18)}firstName=Grace&lastName=Hopper`);
  expect(status).toBe(303);
});
