// The server makes an Express app's requests and responses with the app's prototypes from the start
// (src/http/app-messages.ts), so Express's own Object.setPrototypeOf on each of them changes nothing.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import request from 'supertest';
import { createHttpServer } from '../../src/http/http-server';
import { closeApps, completeJourney, testApp } from '../support/app';

afterAll(closeApps);

/** What each request and response was made as, seen before any listener of the app ran. */
function madeAs(server: http.Server): { req: object | null; res: object | null }[] {
  const seen: { req: object | null; res: object | null }[] = [];
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ req: Object.getPrototypeOf(req) as object | null, res: Object.getPrototypeOf(res) as object | null });
  });
  return seen;
}

test("an Express app's requests and responses are made with its prototypes, and a journey goes through", async () => {
  const app = testApp();
  const server = createHttpServer(app);
  const seen = madeAs(server);
  const agent = request.agent(server);
  await completeJourney(agent);
  const page3 = await agent.get('/page3');
  expect(page3.status).toBe(200);
  expect(page3.text).toContain('Ada');
  expect(seen.length).toBeGreaterThanOrEqual(5);
  for (const made of seen) {
    expect(made.req).toBe(app.request);
    expect(made.res).toBe(app.response);
  }
  // Still Node's request and response, with Express's methods and the app beside them.
  expect(app.request instanceof http.IncomingMessage).toBe(true);
  expect(app.response instanceof http.ServerResponse).toBe(true);
  expect((app.request as { app?: unknown }).app).toBe(app);
  expect((app.response as { app?: unknown }).app).toBe(app);
});

test('any other listener gets plain Node requests and responses', async () => {
  const server = createHttpServer((_req: IncomingMessage, res: ServerResponse) => res.end('ok'));
  const seen = madeAs(server);
  expect((await request(server).get('/')).text).toBe('ok');
  expect(seen).toEqual([{ req: http.IncomingMessage.prototype, res: http.ServerResponse.prototype }]);
});
