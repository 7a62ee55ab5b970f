// 415 for a POST body that is not a form, with a page in the app's look; nothing stored changes.
import request from 'supertest';
import { closeApps, completeJourney, csrfFrom, testApp } from '../support/app';
import { rawPost } from '../support/hostile';

afterAll(closeApps);

const boundary = 'x-boundary';

test.each([
  ['JSON', 'application/json', (csrf: string) => JSON.stringify({ _csrf: csrf, firstName: 'Mallory', lastName: 'X' })],
  ['multipart', `multipart/form-data; boundary=${boundary}`, (csrf: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="firstName"\r\n\r\nMallory\r\n--${boundary}--\r\n`],
  ['text/plain', 'text/plain', (csrf: string) => `_csrf=${csrf}&firstName=Mallory&lastName=X`],
  ['no content type, with a body', undefined, (csrf: string) => `_csrf=${csrf}&firstName=Mallory&lastName=X`],
  ['XML', 'application/xml', () => '<firstName>Mallory</firstName>'],
])('%s: 415 with a page in the app’s look, and nothing stored changes', async (_name, contentType, body) => {
  const agent = request.agent(testApp());
  await completeJourney(agent);
  const csrf = csrfFrom((await agent.get('/page1').expect(200)).text);
  const res = await rawPost(agent, { path: '/page1', contentType, body: body(csrf) });
  expect(res.status).toBe(415);
  expect(res.headers['content-type']).toMatch(/text\/html/);
  expect(res.text).toContain('That form could not be read');
  expect(res.text).toContain('<footer');
  expect(res.text).toContain('Lovelace'); // the footer still shows what the session holds
  const summary = await agent.get('/page3').expect(200);
  expect(summary.text).not.toContain('Mallory');
});

test('a form body is still read, with or without a charset', async () => {
  const agent = request.agent(testApp());
  const csrf = csrfFrom((await agent.get('/page1').expect(200)).text);
  const res = await rawPost(agent, {
    path: '/page1',
    contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    body: `_csrf=${csrf}&firstName=Ada&lastName=Lovelace`,
  });
  expect(res.status).toBe(303);
});

test('a post with no body at all is left to the CSRF check (403), not called the wrong type', async () => {
  const agent = request.agent(testApp());
  await agent.get('/page1').expect(200);
  const res = await agent.post('/page1');
  expect(res.status).toBe(403);
});
