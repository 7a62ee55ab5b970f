// HTTP fuzzing of methods, request targets and headers on every URL: below 500, and a session's answers kept.
import type { Server } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { closeApps, COOKIE_NAME, csrfFrom, testApp, withCookiesFrom } from '../support/app';
import { closeServers, expectPrototypeClean, listening, rawHttp, storedIn, type Stored } from '../support/hostile';
import { propertyParameters } from '../support/property';

afterAll(async () => {
  await closeServers();
  await closeApps();
});

const URLS = ['/', '/page1', '/page2', '/page3', '/start-over', '/healthz', '/style.css', '/nope', '/%E0%A4%A', '/page1/%', '/page1?x=%ZZ', `/${'a'.repeat(4000)}`];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'SEARCH', 'M-SEARCH', 'QUERY', 'get', 'FOO', 'G\u0000T', ''];

/** A listening app and the cookie of a session that holds every answer. */
async function sessionHoldingAnswers(config: Parameters<typeof testApp>[0] = {}) {
  const server = await listening(testApp(config));
  const http = request(server);
  const page1 = await http.get('/page1').expect(200);
  const first = withCookiesFrom('', page1); // the form's CSRF cookie
  const answered = await http.post('/page1').set('Cookie', first).type('form').send({ firstName: 'Ada', lastName: 'Lovelace', _csrf: csrfFrom(page1.text) }).expect(303);
  // The first answers start the session: its cookie comes with this answer.
  const cookie = withCookiesFrom(first, answered);
  const page2 = await http.get('/page2').set('Cookie', cookie).expect(200);
  await http.post('/page2').set('Cookie', cookie).type('form').send({ favoriteColor: 'teal', _csrf: csrfFrom(page2.text) }).expect(303);
  const stored = await storedBy(server, cookie);
  expect(Object.keys(stored)).toHaveLength(3);
  return { server, cookie, stored };
}

async function storedBy(server: Server, cookie: string): Promise<Stored> {
  const home = await request(server).get('/').set('Cookie', cookie).expect(200);
  return storedIn(home.text);
}

describe('any method on any URL', () => {
  let s: Awaited<ReturnType<typeof sessionHoldingAnswers>>;
  beforeAll(async () => {
    s = await sessionHoldingAnswers();
  });

  test('answers below 500 and keeps the session\'s answers, for every method and URL', async () => {
    const seen = new Map<string, number | undefined>();
    for (const url of URLS) {
      for (const method of METHODS) {
        const { status } = await rawHttp(s.server, `${method} ${url} HTTP/1.1\r\nHost: localhost\r\nCookie: ${s.cookie}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        seen.set(`${method} ${url}`, status);
        // CONNECT has no handler: Node closes the connection without a word, which is fine.
        if (method !== 'CONNECT') expect([method, url, status]).toEqual([method, url, expect.any(Number)]);
        if (status !== undefined) expect([method, url, status < 500]).toEqual([method, url, true]);
      }
    }
    expect(await storedBy(s.server, s.cookie)).toEqual(s.stored);
    expect(seen.get('GET /page3')).toBe(200);
    expect(seen.get('PUT /page1')).toBe(404);
  });

  test('OPTIONS gets the 404 page, like any method a URL does not take (regression: Express answered 200 text/plain)', async () => {
    for (const url of ['/', '/page1', '/page2', '/page3', '/start-over', '/healthz', '/nope']) {
      const res = await request(s.server).options(url).set('Cookie', s.cookie);
      expect([url, res.status]).toEqual([url, 404]);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('Page not found');
    }
  });

  test('OPTIONS * (the whole-server form) is refused below 500', async () => {
    const { status } = await rawHttp(s.server, 'OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  test('HEAD answers like GET, without a body', async () => {
    for (const url of ['/', '/page1', '/page3', '/nope']) {
      const get = await request(s.server).get(url).set('Cookie', s.cookie);
      const head = await request(s.server).head(url).set('Cookie', s.cookie);
      expect([url, head.status]).toEqual([url, get.status]);
      expect(head.text).toBeUndefined();
    }
    expect(await storedBy(s.server, s.cookie)).toEqual(s.stored);
  });
});

/** Header lines no browser sends; each is added to an otherwise ordinary request that carries the session. */
const absurdHeaders = (cookie: string): [string, string][] => [
  ['very long cookie', `Cookie: ${cookie}; junk=${'x'.repeat(12_000)}`],
  ['cookie over the header limit', `Cookie: ${cookie}; junk=${'x'.repeat(20_000)}`],
  ['many cookies', `Cookie: ${Array.from({ length: 400 }, (_, i) => `c${i}=${i}`).join('; ')}; ${cookie}`],
  ['the session cookie twice, junk last', `Cookie: ${cookie}; ${COOKIE_NAME}=junk`],
  ['cookie header twice', `Cookie: ${cookie}\r\nCookie: ${COOKIE_NAME}=s%3Ajunk.sig`],
  ['undecodable cookie value', `Cookie: ${cookie}; other=%E0%A4%A; ${COOKIE_NAME}2=%`],
  ['bad X-Forwarded-For', `Cookie: ${cookie}\r\nX-Forwarded-For: ,,, not-an-ip, 999.999.1.1, ::::`],
  ['bad X-Forwarded-Proto', `Cookie: ${cookie}\r\nX-Forwarded-Proto: javascript, https, ${'h'.repeat(1000)}`],
  ['bad X-Forwarded-Host', `Cookie: ${cookie}\r\nX-Forwarded-Host: evil.example:99999, [::1`],
  ['bad X-Forwarded-Port', `Cookie: ${cookie}\r\nX-Forwarded-Port: -1`],
  ['bad Accept', `Cookie: ${cookie}\r\nAccept: */*;q=nope, text/html;;;`],
  ['bad Accept-Encoding', `Cookie: ${cookie}\r\nAccept-Encoding: br;q=2, *;q=-1`],
  ['bad Accept-Language', `Cookie: ${cookie}\r\nAccept-Language: ${'x-'.repeat(2000)}`],
  ['bad If-Modified-Since', `Cookie: ${cookie}\r\nIf-Modified-Since: yesterday\r\nIf-None-Match: "`],
  ['bad Range', `Cookie: ${cookie}\r\nRange: bytes=99999-1, -0`],
  ['control character in a header', `Cookie: ${cookie}\r\nX-Note: a\u0001b`],
  ['obsolete line folding', `Cookie: ${cookie}\r\nX-Note: a\r\n b`],
  ['Content-Length and Transfer-Encoding together', `Cookie: ${cookie}\r\nTransfer-Encoding: chunked\r\nContent-Length: 3`],
  ['Expect: 100-continue', `Cookie: ${cookie}\r\nExpect: 100-continue`],
  ['unknown Expect', `Cookie: ${cookie}\r\nExpect: teapot`],
];

describe.each([{ nodeEnv: 'test' as const }, { nodeEnv: 'production' as const }])('absurd headers ($nodeEnv settings)', (config) => {
  let s: Awaited<ReturnType<typeof sessionHoldingAnswers>>;
  beforeAll(async () => {
    s = await sessionHoldingAnswers(config);
  });

  test('each answers below 500 on every page and the session keeps its answers', async () => {
    for (const [name, line] of absurdHeaders(s.cookie)) {
      for (const url of ['/', '/page1', '/page3', '/healthz', '/style.css']) {
        const { status } = await rawHttp(s.server, `GET ${url} HTTP/1.1\r\nHost: localhost\r\n${line}\r\nConnection: close\r\n\r\n`);
        expect([name, url, typeof status === 'number' && status < 500]).toEqual([name, url, true]);
      }
    }
    expect(await storedBy(s.server, s.cookie)).toEqual(s.stored);
  });

  test('bad Host headers and request targets answer below 500', async () => {
    const heads = [
      'GET /page1 HTTP/1.1\r\nConnection: close\r\n\r\n', // no Host
      'GET /page1 HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n',
      'GET /page1 HTTP/1.1\r\nHost: localhost\r\nHost: evil\r\nConnection: close\r\n\r\n',
      `GET /page1 HTTP/1.1\r\nHost: ${'h'.repeat(5000)}\r\nConnection: close\r\n\r\n`,
      'GET http://evil.example/page1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
      'GET page1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
      'GET /page1 HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n',
      'GET /page1\r\n\r\n',
      `GET /${'%'.repeat(3000)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
    ];
    for (const head of heads) {
      const { status } = await rawHttp(s.server, head, '', 2000);
      expect([head.slice(0, 40), typeof status === 'number' && status < 500]).toEqual([head.slice(0, 40), true]);
    }
    expect(await storedBy(s.server, s.cookie)).toEqual(s.stored);
  });

  test('random header names and values: below 500, and the session keeps its answers', async () => {
    const token = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz-_!#$%&\'*+.^`|~0123456789'.split('')), minLength: 1, maxLength: 20 });
    const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 300 });
    const name = fc.oneof(token, fc.constantFrom('Cookie', 'X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host', 'Host', 'Accept', 'Content-Type', 'If-None-Match', 'Range'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, headerValue), { maxLength: 6 }), fc.constantFrom('/', '/page1', '/page3', '/nope'), async (headers, url) => {
        const lines = headers.map(([n, v]) => `${n}: ${n === 'Cookie' ? `${s.cookie}; ${v}` : v}\r\n`).join('');
        const { status } = await rawHttp(s.server, `GET ${url} HTTP/1.1\r\nHost: localhost\r\nCookie: ${s.cookie}\r\n${lines}Connection: close\r\n\r\n`);
        expect(typeof status === 'number' && status < 500).toBe(true);
      }),
      propertyParameters(60),
    );
    expect(await storedBy(s.server, s.cookie)).toEqual(s.stored);
    expectPrototypeClean();
  });
});
