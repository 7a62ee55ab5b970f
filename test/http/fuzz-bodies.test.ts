// HTTP fuzzing of every POST: adversarial and random bodies end below 500, and never lose or change stored answers.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import request from 'supertest';
import { type Agent, closeApps, completeJourney, submit, testApp } from '../support/app';
import { closeServers, expectPrototypeClean, listening, rawPost, readSession, storedIn, type RawPost, type Stored } from '../support/hostile';
import { propertyParameters } from '../support/property';

afterAll(async () => {
  await closeServers();
  await closeApps();
});

const FORM = 'application/x-www-form-urlencoded';
const LIMIT = 8 * 1024;
const ORDER_STEPS = ['/order/size', '/order/toppings', '/order/quantity', '/order/delivery', '/order/address'] as const;
const POSTS = ['/page1', '/page2', ...ORDER_STEPS, '/start-over'] as const;
/** Which footer labels each step's POST may change when it succeeds. */
const labelsOf: Record<string, string[]> = {
  '/page1': ['First name', 'Last name'],
  '/page2': ['Favourite colour'],
  '/order/size': ['Size'],
  '/order/toppings': ['Toppings'],
  '/order/quantity': ['Quantity'],
  '/order/delivery': ['Delivery or collection'],
  '/order/address': ['Delivery address'],
  '/start-over': [],
};
/** Answers a successful POST may remove: the address falls off the path when the order becomes a collection. */
const mayGoBy: Record<string, string[]> = { '/order/delivery': ['Delivery address'] };
/** The lesson's answers and a collection order's. */
const FULL = 7;

async function orderForCollection(agent: Agent): Promise<void> {
  for (const [path, fields] of [
    ['/order/size', { size: 'medium' }],
    ['/order/toppings', { toppings: 'olives' }],
    ['/order/quantity', { quantity: '2' }],
    ['/order/delivery', { method: 'collection' }],
  ] as const) {
    await submit(agent, path, fields).then((r) => expect(r.status).toBe(303));
  }
}


/** One visitor with every question answered, reused across cases; refilled when a case legitimately changes it. */
class Visitor {
  stored: Stored = {};
  csrf = '';
  private constructor(readonly agent: Agent) {}
  static async start(): Promise<Visitor> {
    const visitor = new Visitor(request.agent(await listening(testApp())));
    await visitor.refill();
    return visitor;
  }
  async refill(): Promise<void> {
    await completeJourney(this.agent);
    await orderForCollection(this.agent);
    await this.read();
    expect(Object.keys(this.stored)).toHaveLength(FULL);
  }
  async read(): Promise<Stored> {
    const { stored, csrf } = await readSession(this.agent);
    this.stored = stored;
    this.csrf = csrf ?? '';
    return stored;
  }
}

/**
 * Sends one case and checks the outcome: below 500; the app still answers; on anything but a successful
 * POST the session holds exactly what it held; on a success only that step's own answers may differ.
 */
async function check(visitor: Visitor, path: string, send: (csrf: string) => Promise<request.Response>): Promise<number> {
  const before = visitor.stored;
  const res = await send(visitor.csrf);
  expect(res.status).toBeLessThan(500);
  const after = await visitor.read();
  if (res.status === 303 && path === '/start-over') {
    expect(after).toEqual({});
  } else if (res.status === 303) {
    const mine = labelsOf[path] ?? [];
    for (const label of Object.keys(before)) {
      if (mayGoBy[path]?.includes(label) === true) continue;
      if (mine.includes(label)) expect(after[label]).toEqual(expect.any(String));
      else expect(after[label]).toBe(before[label]);
    }
  } else {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(after).toEqual(before);
    // The refusal page's own footer tells the truth too: the answers are still there.
    expect(storedIn(res.text)).toEqual(before);
  }
  if (Object.keys(after).length < FULL) await visitor.refill();
  return res.status;
}

function multipart(fields: [string, string][]): { body: string; contentType: string } {
  const boundary = 'fuzzBoundary7MA4YWxk';
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A urlencoded body of exactly `size` bytes: the token, a first name, and padding in the last name. */
function formOfSize(csrf: string, size: number): string {
  const head = `_csrf=${csrf}&firstName=Grace&lastName=`;
  return head + 'x'.repeat(Math.max(0, size - head.length));
}

interface Case {
  name: string;
  body?: (csrf: string) => Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
  /** When given, the status this case must get from a step's POST (start over takes no answers). */
  status?: number;
}

const form = (fields: string) => (csrf: string) => `_csrf=${csrf}&${fields}`;

/** Hand-written adversarial bodies, each sent to every POST URL. */
const cases: Case[] = [
  { name: 'repeated field', body: form('firstName=a&firstName=b&lastName=c&favoriteColor=x&favoriteColor=y'), contentType: FORM },
  { name: 'bracket array', body: form('firstName[]=a&lastName[]=b&favoriteColor[]=c'), contentType: FORM },
  { name: 'bracket object', body: form('firstName[x]=a&lastName[y][z]=b&favoriteColor[0]=c'), contentType: FORM },
  { name: '__proto__ keys', body: form('__proto__=x&__proto__[firstName]=p&__proto__[polluted]=1&firstName=&lastName=&favoriteColor='), contentType: FORM },
  { name: 'constructor.prototype keys', body: form('constructor[prototype][polluted]=1&constructor=x&prototype=y&hasOwnProperty=z&toString=t'), contentType: FORM },
  { name: 'invalid percent-encoding', body: form('firstName=%E0%A4%A&lastName=%&favoriteColor=%ZZ%'), contentType: FORM },
  { name: 'invalid percent-encoding in keys', body: (csrf) => `%E0%A4%A=1&_csrf=${csrf}&%=2&firstName%ZZ=3` , contentType: FORM },
  { name: 'NUL and control characters', body: form('firstName=a%00b&lastName=%1B%5B31m&favoriteColor=%7F%C2%85'), contentType: FORM, status: 422 },
  { name: 'raw NUL and invalid UTF-8 bytes', body: (csrf) => Buffer.concat([Buffer.from(`_csrf=${csrf}&firstName=`), Buffer.from([0, 0xff, 0xfe, 0xc3]), Buffer.from('&lastName=\u0000')]), contentType: FORM },
  { name: 'value over 100 characters', body: form(`firstName=${'a'.repeat(101)}&lastName=${'b'.repeat(500)}&favoriteColor=${'😀'.repeat(101)}`), contentType: FORM },
  { name: 'only whitespace', body: form('firstName=%20%09&lastName=%E3%80%80&favoriteColor=%C2%A0'), contentType: FORM },
  { name: 'repeated token', body: (csrf) => `_csrf=${csrf}&_csrf=${csrf}&firstName=a&lastName=b&favoriteColor=c`, contentType: FORM, status: 403 },
  { name: 'token as object', body: (csrf) => `_csrf[x]=${csrf}&firstName=a&lastName=b&favoriteColor=c`, contentType: FORM, status: 403 },
  { name: 'no token', body: () => 'firstName=a&lastName=b&favoriteColor=c', contentType: FORM, status: 403 },
  { name: 'many parameters', body: (csrf) => `_csrf=${csrf}&${'p=1&'.repeat(100)}firstName=a`, contentType: FORM, status: 400 },
  { name: 'body one byte under the limit', body: (csrf) => formOfSize(csrf, LIMIT - 1), contentType: FORM },
  { name: 'body at the limit', body: (csrf) => formOfSize(csrf, LIMIT), contentType: FORM },
  { name: 'body one byte over the limit', body: (csrf) => formOfSize(csrf, LIMIT + 1), contentType: FORM, status: 413 },
  { name: 'huge body', body: (csrf) => formOfSize(csrf, 2_000_000), contentType: FORM, status: 413 },
  { name: 'no content type', body: form('firstName=a&lastName=b&favoriteColor=c'), status: 415 },
  { name: 'text/plain', body: form('firstName=a&lastName=b&favoriteColor=c'), contentType: 'text/plain', status: 415 },
  { name: 'garbage content type', body: form('firstName=a&lastName=b&favoriteColor=c'), contentType: ';;;/=,', status: 415 },
  { name: 'JSON', body: (csrf) => JSON.stringify({ _csrf: csrf, firstName: 'a', lastName: 'b', favoriteColor: 'c' }), contentType: 'application/json', status: 415 },
  { name: 'broken JSON', body: () => '{"_csrf":', contentType: 'application/json', status: 415 },
  { name: 'JSON __proto__', body: (csrf) => `{"_csrf":"${csrf}","__proto__":{"polluted":1}}`, contentType: 'application/json', status: 415 },
  { name: 'multipart', body: (csrf) => multipart([['_csrf', csrf], ['firstName', 'a'], ['lastName', 'b'], ['favoriteColor', 'c']]).body, contentType: multipart([]).contentType, status: 415 },
  { name: 'unsupported charset', body: form('firstName=a&lastName=b&favoriteColor=c'), contentType: `${FORM}; charset=utf-7`, status: 400 },
  { name: 'unterminated charset', body: form('firstName=a&lastName=b&favoriteColor=c'), contentType: `${FORM}; charset="utf-8` },
  { name: 'latin-1 charset', body: form('firstName=Jos%E9&lastName=M%FCller&favoriteColor=r%F6d'), contentType: `${FORM}; charset=iso-8859-1` },
  { name: 'gzip', body: (csrf) => gzipSync(`_csrf=${csrf}&firstName=Gz&lastName=Ip&favoriteColor=green`), contentType: FORM, headers: { 'Content-Encoding': 'gzip' } },
  { name: 'deflate', body: (csrf) => deflateSync(`_csrf=${csrf}&firstName=De&lastName=Fl&favoriteColor=blue`), contentType: FORM, headers: { 'Content-Encoding': 'deflate' } },
  { name: 'brotli', body: (csrf) => brotliCompressSync(`_csrf=${csrf}&firstName=Br&lastName=Ot&favoriteColor=red`), contentType: FORM, headers: { 'Content-Encoding': 'br' } },
  { name: 'gzip that is not gzip', body: form('firstName=a'), contentType: FORM, headers: { 'Content-Encoding': 'gzip' }, status: 400 },
  { name: 'gzip bomb', body: () => gzipSync(Buffer.alloc(5_000_000, 'a')), contentType: FORM, headers: { 'Content-Encoding': 'gzip' }, status: 413 },
  { name: 'unknown content encoding', body: form('firstName=a'), contentType: FORM, headers: { 'Content-Encoding': 'x-bogus' }, status: 415 },
  { name: 'double content encoding', body: form('firstName=a'), contentType: FORM, headers: { 'Content-Encoding': 'gzip, gzip' }, status: 415 },
  { name: 'empty body', body: () => '', contentType: FORM, status: 403 },
];

describe.each(POSTS)('POST %s', (path) => {
  let visitor: Visitor;
  beforeAll(async () => {
    visitor = await Visitor.start();
  });

  test.each(cases)('$name: below 500, and stored answers kept', async (c) => {
    const status = await check(visitor, path, (csrf) =>
      rawPost(visitor.agent, { path, body: c.body?.(csrf), contentType: c.contentType, headers: c.headers }),
    );
    const startOverIgnoresAnswers = path === '/start-over' && c.status === 422;
    // The lesson's field names mean nothing to an order step: it refuses a missing answer (422), or, for toppings
    // (none is an answer) or an address off the path, it answers 303.
    const orderStep = (ORDER_STEPS as readonly string[]).includes(path) && c.status === 422;
    if (orderStep) expect([303, 422]).toContain(status);
    else if (c.status !== undefined) expect(status).toBe(startOverIgnoresAnswers ? 303 : c.status);
    expectPrototypeClean();
  });
});

test('a refused body (413, 415, 400) shows the session\'s answers in the page footer (regression: it said "Nothing yet")', async () => {
  const visitor = await Visitor.start();
  const refusals: [RawPost, number][] = [
    [{ path: '/page1', body: 'x'.repeat(LIMIT + 1), contentType: FORM }, 413],
    [{ path: '/page1', body: 'firstName=a', contentType: `${FORM}; charset=utf-7` }, 400],
    [{ path: '/page1', body: 'firstName=a', contentType: FORM, headers: { 'Content-Encoding': 'gzip' } }, 400],
  ];
  for (const [req, status] of refusals) {
    const res = await rawPost(visitor.agent, req);
    expect(res.status).toBe(status);
    expect(storedIn(res.text)).toEqual(visitor.stored);
    expect(res.text).not.toContain('Nothing yet');
  }
});

/** Keys a parser could meet: the real fields, the token, prototype tricks, brackets, and anything at all. */
const key = fc.oneof(
  fc.constantFrom('firstName', 'lastName', 'favoriteColor', '_csrf', '__proto__', 'constructor', 'prototype', '__proto__[polluted]'),
  fc.constantFrom('size', 'toppings', 'toppings', 'quantity', 'method', 'address', 'toppings[]', 'size[x]', 'placed'),
  fc.constantFrom('constructor[prototype][polluted]', 'firstName[]', 'lastName[x]', 'favoriteColor[0]', '[]', '', '%', '%E0%A4%A'),
  fc.string({ maxLength: 12 }),
);
/** Values: answers that are fine, answers that break a rule, and byte-level junk. */
const value = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 130 }),
  fc.constantFrom('{{csrf}}', '', ' ', '%', '%ZZ', '%E0%A4%A', '%00', '\u0000', 'a'.repeat(101), '😀'.repeat(100)),
  fc.constantFrom('small', 'large', 'olives', 'cheese', 'anchovies', '0', '3', '2.5', 'delivery', 'collection', '1 High Street\r\nTown'),
);
const pair = fc.tuple(key, value, fc.boolean());
const randomBody = fc.record({
  path: fc.constantFrom(...POSTS),
  pairs: fc.array(pair, { maxLength: 8 }),
  withToken: fc.boolean(),
  framing: fc.constantFrom('form', 'form', 'form', 'latin1', 'json', 'multipart', 'none', 'text'),
  encoding: fc.constantFrom(undefined, undefined, undefined, 'gzip', 'deflate', 'identity', 'compress'),
});

test('random bodies to every POST: below 500, the app still answers, and stored answers are kept', async () => {
  const visitor = await Visitor.start();
  const seen = new Set<number>();
  await fc.assert(
    fc.asyncProperty(randomBody, async ({ path, pairs, withToken, framing, encoding }) => {
      const status = await check(visitor, path, (csrf) => {
        const fields: [string, string][] = pairs.map(([k, v]) => [k, v === '{{csrf}}' ? csrf : v]);
        if (withToken) fields.push(['_csrf', csrf]);
        const encoded = pairs.map(([k, v], i) => {
          const raw = pairs[i]?.[2] ?? false; // sometimes unencoded, so %, & and = reach the parser as they are
          const val = v === '{{csrf}}' ? csrf : v;
          return raw ? `${k}=${val}` : `${encodeURIComponent(k)}=${encodeURIComponent(val)}`;
        });
        if (withToken) encoded.push(`_csrf=${csrf}`);
        let body: Buffer | string = encoded.join('&');
        let contentType: string | undefined = FORM;
        if (framing === 'latin1') contentType = `${FORM}; charset=iso-8859-1`;
        if (framing === 'json') [body, contentType] = [JSON.stringify(Object.fromEntries(fields)), 'application/json'];
        if (framing === 'multipart') ({ body, contentType } = multipart(fields));
        if (framing === 'none') contentType = undefined;
        if (framing === 'text') contentType = 'text/plain';
        const headers: Record<string, string> = {};
        if (encoding === 'gzip') body = gzipSync(body);
        if (encoding === 'deflate') body = deflateSync(body);
        if (encoding !== undefined) headers['Content-Encoding'] = encoding;
        return rawPost(visitor.agent, { path, body, contentType, headers });
      });
      seen.add(status);
    }),
    propertyParameters(80),
  );
  // The generator reaches the interesting outcomes, not just one kind of refusal.
  expect([...seen].filter((s) => [303, 403, 422].includes(s))).toHaveLength(3);
  expectPrototypeClean();
  await visitor.agent.get('/healthz').expect(200);
});
