// Slow clients: connections that send a byte at a time are closed by the server's timeouts, and others' journeys still complete.
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import request from 'supertest';
import { createHttpServer, serverTimeouts, type ServerTimeouts } from '../../src/http/http-server';
import { closeApps, completeJourney, testApp } from '../support/app';

afterAll(closeApps);

/** Short limits so the test ends quickly; production values are checked separately below. */
const SHORT: ServerTimeouts = { headersMs: 1000, requestMs: 1500, keepAliveMs: 2000, checkIntervalMs: 50 };

interface Dribbler {
  /** Resolves with what the server sent before closing the connection. */
  closed: Promise<string>;
  stop(): void;
}

/** A connection that sends `head`, then `trickle` one byte every 25 ms, for as long as the server keeps it open. */
function dribble(port: number, head: string, trickle: string): Dribbler {
  const socket: Socket = connect(port, '127.0.0.1');
  const received: Buffer[] = [];
  let i = 0;
  socket.on('data', (chunk) => received.push(chunk));
  socket.on('error', () => undefined); // writes after the server closed: expected
  socket.write(head);
  const timer = setInterval(() => {
    if (!socket.destroyed && socket.writable) socket.write(trickle[i++ % trickle.length] ?? ' ');
  }, 25);
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve(Buffer.concat(received).toString('latin1'));
    });
  });
  return { closed, stop: () => socket.destroy() };
}

describe('a server with the slow-client timeouts', () => {
  let server: Server;
  let port: number;
  const dribblers: Dribbler[] = [];

  beforeAll(async () => {
    server = createHttpServer(testApp(), SHORT);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    dribblers.forEach((d) => d.stop());
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('connections that dribble headers or a body cannot hold it: others\' journeys complete, the slow ones get 408 and are closed', async () => {
    for (let n = 0; n < 3; n++) {
      dribblers.push(dribble(port, 'GET /page1 HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: aaaaaaaaaaaaaaaa\r\n'));
    }
    for (let n = 0; n < 3; n++) {
      const head = 'POST /page1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\n';
      dribblers.push(dribble(port, head, 'firstName=a&'));
    }
    // Meanwhile, ordinary visitors answer every question.
    const journeys = ['Ada', 'Grace', 'Katherine'].map(async (firstName) => {
      const agent = request.agent(server);
      await completeJourney(agent, { firstName, lastName: 'Test', favoriteColor: 'teal' });
      const summary = await agent.get('/page3').expect(200);
      expect(summary.text).toContain(firstName);
    });
    await Promise.all(journeys);
    const answers = await Promise.all(dribblers.map((d) => d.closed));
    for (const text of answers) expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('a connection that opens and sends nothing is answered 408 and closed', async () => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 408 /);
  });
});

test('the production timeouts (regression: checked every 30 s and a 5 s keep-alive): headers before the body limit, the body limit under Heroku\'s 30 s, keep-alive past its router\'s 90 s', () => {
  expect(serverTimeouts.headersMs).toBeLessThanOrEqual(serverTimeouts.requestMs);
  expect(serverTimeouts.requestMs).toBeLessThan(30_000);
  expect(serverTimeouts.keepAliveMs).toBeGreaterThan(90_000);
  // The limits are only checked this often, so it must be well below the shortest of them.
  expect(serverTimeouts.checkIntervalMs).toBeLessThanOrEqual(serverTimeouts.headersMs / 5);
  const server = createHttpServer(() => undefined);
  expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([
    serverTimeouts.headersMs,
    serverTimeouts.requestMs,
    serverTimeouts.keepAliveMs,
  ]);
});
