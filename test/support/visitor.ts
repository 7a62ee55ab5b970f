// A visitor who keeps one session cookie across several apps or servers (request.agent is tied to one app).
import request from 'supertest';
import { csrfFrom, withCookiesFrom } from './app';

/** An in-process app, or a server's base URL ("http://127.0.0.1:1234"). */
type Target = Parameters<typeof request>[0];

export class Visitor {
  /** Every cookie the app set and did not clear, as a Cookie header (undefined when none). */
  cookie: string | undefined;

  /**
   * With `fresh`, every request opens a new connection (so a cluster spreads them over its workers). `headers` go
   * on every request (e.g. X-Forwarded-For, to come from another address behind a proxy).
   */
  constructor(private readonly options: { fresh?: boolean; headers?: Record<string, string> } = {}) {}

  async get(target: Target, path: string) {
    const res = await this.prepare(request(target).get(path));
    this.remember(res);
    return res;
  }

  async post(target: Target, path: string, fields: Record<string, string>) {
    const res = await this.prepare(request(target).post(path)).type('form').send(fields);
    this.remember(res);
    return res;
  }

  /** GETs the form page from `pageFrom` and POSTs `fields` with its token to `postTo` (the same app by default). */
  async submit(pageFrom: Target, path: string, fields: Record<string, string>, postTo: Target = pageFrom) {
    const page = await this.get(pageFrom, path);
    expect(page.status).toBe(200);
    return this.post(postTo, path, { ...fields, _csrf: csrfFrom(page.text) });
  }

  private prepare(req: request.Test): request.Test {
    if (this.cookie !== undefined) req.set('Cookie', this.cookie);
    if (this.options.fresh === true) req.set('Connection', 'close');
    for (const [name, value] of Object.entries(this.options.headers ?? {})) req.set(name, value);
    return req;
  }

  private remember(res: { headers: Record<string, unknown> }): void {
    const cookie = withCookiesFrom(this.cookie ?? '', res);
    this.cookie = cookie === '' ? undefined : cookie;
  }
}
