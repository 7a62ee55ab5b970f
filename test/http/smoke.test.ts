import request from 'supertest';
import { closeApps, completeJourney, testApp } from '../support/app';

afterAll(closeApps);

test('a visitor can answer every question and see the summary', async () => {
  const agent = request.agent(testApp());
  await completeJourney(agent);
  const summary = await agent.get('/page3').expect(200);
  expect(summary.text).toContain('Lovelace');
});
