// Helpers for the hostile-input suites: raw requests, and reading what a session holds from the page footer.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Response } from 'supertest';
import request from 'supertest';

type Agent = ReturnType<typeof request.agent>;

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
  return { stored: storedIn(home.text), csrf: /name="_csrf" value="([^"]+)"/.exec(home.text)?.[1] };
}

export interface RawRequest {
  method?: string;
  path: string;
  /** Sent byte for byte; no Content-Type unless given. */
  body?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A request sent exactly as described: superagent neither serializes the body nor adds a content type. */
export function rawRequest(agent: Agent | ReturnType<typeof request>, r: RawRequest): Promise<Response> {
  const method = (r.method ?? 'POST').toLowerCase();
  const send = (agent as unknown as Record<string, ((path: string) => request.Test) | undefined>)[method];
  let req = send ? send.call(agent, r.path) : (agent as ReturnType<typeof request>).get(r.path);
  req = req.serialize((b: unknown) => b as string);
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
export function listening(app: RequestListener): Server {
  const server = createServer(app).listen(0, '127.0.0.1');
  servers.push(server);
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
