// Helpers for the hostile-input suites: raw requests, and reading what a session holds from the page footer.
import { createServer, type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { type Agent, CSRF_FIELD } from './app';


/** label → value (still HTML-escaped) for every answer the footer shows. */
export type Stored = Record<string, string>;

export function storedIn(html: string): Stored {
  const stored: Stored = {};
  for (const match of html.matchAll(/<li>([^<]+): <span class="stored__value">([^<]*)<\/span><\/li>/g)) {
    stored[match[1] ?? ''] = match[2] ?? '';
  }
  return stored;
}

/** What the session holds, and its CSRF token, as the home page's footer shows them. */
export async function readSession(agent: Agent): Promise<{ stored: Stored; csrf: string | undefined }> {
  const home = await agent.get('/').expect(200);
  return { stored: storedIn(home.text), csrf: CSRF_FIELD.exec(home.text)?.[1] };
}

export interface RawPost {
  path: string;
  /** Sent byte for byte; no Content-Type unless given. */
  body?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A POST sent exactly as described: superagent neither serializes the body nor adds a content type. */
export function rawPost(agent: Agent, r: RawPost): Promise<Response> {
  let req = agent.post(r.path).serialize((b: unknown) => b as string);
  if (r.contentType !== undefined) req = req.set('Content-Type', r.contentType);
  for (const [name, value] of Object.entries(r.headers ?? {})) req = req.set(name, value);
  return req.send(r.body === undefined ? undefined : Buffer.from(r.body));
}

/** Object.prototype as it must stay: nothing a request sends may add to it. */
export function expectPrototypeClean(): void {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const servers: Server[] = [];

/** The app on one listening server for a whole file (supertest would otherwise start a server per request). */
export async function listening(app: RequestListener): Promise<Server> {
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export async function closeServers(): Promise<void> {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise<void>((resolve) => s.close(() => resolve()));
    }),
  );
}

/**
 * Sends `head` (and `body`) on a fresh TCP connection, exactly as written, and resolves with the response's
 * status (undefined when the server closed without answering). Rejects after `ms` without a close.
 */
export function rawHttp(server: Server, head: string, body: Buffer | string = '', ms = 5000): Promise<{ status: number | undefined; text: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${ms} ms after: ${head.slice(0, 80)}`));
    }, ms);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is fine; the close below settles
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text });
    });
    // Not end(): a half-closed connection makes Node drop the request before it is answered.
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body)]));
  });
}
