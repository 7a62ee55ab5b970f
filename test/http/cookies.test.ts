// Hostile session cookies: tampered, truncated, junk, rotated secrets, and fixation. Never an error, never someone else's session.
import fc from 'fast-check';
import request from 'supertest';
import { createSessionStore } from '../../src/session/stores';
import { closeApps, COOKIE_NAME, csrfFrom, quietApp, sessionCookie, testApp, testConfig, withCookiesFrom } from '../support/app';
import { closeServers, listening, storedIn } from '../support/hostile';
import { propertyParameters } from '../support/property';

afterAll(async () => {
  await closeServers();
  await closeApps();
});

const OLD_SECRET = 'old-secret-that-is-long-enough-0123456789';
const NEW_SECRET = 'new-secret-that-is-long-enough-9876543210';

type Target = Parameters<typeof request>[0];

/** "<session cookie>=…" from a response, or undefined when it set no session cookie. */
function cookieOf(res: request.Response): string | undefined {
  return sessionCookie(res)?.split(';')[0];
}

/** The session id inside the signed flow.sid value ("s:<id>.<signature>") of a Cookie header. */
function idOf(cookies: string): string {
  const value = /(?:^|;\s*)flow\.sid=([^;]*)/.exec(cookies)?.[1] ?? '';
  return /^s:([^.]+)\./.exec(decodeURIComponent(value))?.[1] ?? '';
}

/** Answers page 1 with `cookie` (if any); returns the cookies the browser holds afterwards. */
async function answerPage1(app: Target, cookie?: string): Promise<string> {
  const page = await request(app).get('/page1').set('Cookie', cookie ?? '').expect(200);
  const held = withCookiesFrom(cookie ?? '', page);
  const post = await request(app).post('/page1').set('Cookie', held).type('form').send({ firstName: 'Ada', lastName: 'Lovelace', _csrf: csrfFrom(page.text) }).expect(303);
  return withCookiesFrom(held, post);
}

async function storedWith(app: Target, cookie: string) {
  const home = await request(app).get('/').set('Cookie', cookie).expect(200);
  return { stored: storedIn(home.text), text: home.text };
}

describe('a cookie that is not a valid signed session id is just no session', () => {
  let server: Target;
  let cookie: string;
  const sidCookie = () => /flow\.sid=[^;]*/.exec(cookie)?.[0] ?? '';
  beforeAll(async () => {
    server = await listening(testApp());
    cookie = await answerPage1(server);
  });

  test('a tampered signature: a fresh session, no answers, no "expired" notice, and the real session is untouched', async () => {
    const sid = /flow\.sid=[^;]*/.exec(cookie)?.[0] ?? '';
    const last = sid.at(-1) === 'A' ? 'B' : 'A';
    const tampered = sid.slice(0, -1) + last;
    const { stored, text } = await storedWith(server, tampered);
    expect(stored).toEqual({});
    expect(text).not.toContain('expired');
    const page = await request(server).get('/page1').set('Cookie', tampered).expect(200);
    expect(idOf(cookieOf(page) ?? '')).not.toBe(idOf(cookie));
    expect((await storedWith(server, cookie)).stored).toEqual({ 'First name': 'Ada', 'Last name': 'Lovelace' });
  });

  test('every truncation of a valid cookie is a fresh session, never an error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 'flow.sid='.length, max: sidCookie().length - 1 }), async (length) => {
        const page = await request(server).get('/page1').set('Cookie', sidCookie().slice(0, length)).expect(200);
        expect(storedIn(page.text)).toEqual({});
      }),
      propertyParameters(15),
    );
  });

  test('junk cookie values are a fresh session, never an error', async () => {
    const cookieChar = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)).filter((c) => c !== ';' && c !== ',');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: cookieChar, maxLength: 200 }), fc.constantFrom('', 's:', 's%3A'), async (junk, prefix) => {
        const page = await request(server).get('/page1').set('Cookie', `${COOKIE_NAME}=${prefix}${junk}`).expect(200);
        expect(storedIn(page.text)).toEqual({});
      }),
      propertyParameters(25),
    );
  });
});

describe('secret rotation (SESSION_SECRET="new,old")', () => {
  // One store shared by the apps, as one Redis would be shared across a deploy that changes the secret.
  const store = createSessionStore(testConfig());
  const appWith = (secrets: string[]) => listening(quietApp(testConfig({ sessionSecrets: secrets }), { sessionStore: store }));
  afterAll(() => store.close());

  test('a cookie signed with a secret still listed is accepted, and new cookies are signed with the first secret', async () => {
    const before = await appWith([OLD_SECRET]);
    const during = await appWith([NEW_SECRET, OLD_SECRET]);
    const after = await appWith([NEW_SECRET]);
    const oldCookie = await answerPage1(before);
    expect((await storedWith(during, oldCookie)).stored).toEqual({ 'First name': 'Ada', 'Last name': 'Lovelace' });
    // A visitor who starts during the rotation gets a cookie the next deploy (old secret gone) still accepts.
    const newCookie = await answerPage1(during);
    expect((await storedWith(after, newCookie)).stored).toEqual({ 'First name': 'Ada', 'Last name': 'Lovelace' });
  });

  test('a cookie signed with a rotated-out secret is rejected: a fresh session, never an error', async () => {
    const before = await appWith([OLD_SECRET]);
    const after = await appWith([NEW_SECRET]);
    const oldCookie = await answerPage1(before);
    const { stored, text } = await storedWith(after, oldCookie);
    expect(stored).toEqual({});
    expect(text).not.toContain('expired');
    const page = await request(after).get('/page1').set('Cookie', oldCookie).expect(200);
    expect(idOf(cookieOf(page) ?? '')).not.toBe(idOf(oldCookie));
  });
});

describe('session fixation', () => {
  let server: Target;
  beforeAll(async () => {
    server = await listening(testApp());
  });

  test('an id chosen by an attacker is never adopted, signed or not', async () => {
    for (const planted of [`${COOKIE_NAME}=attacker-chosen-id`, `${COOKIE_NAME}=s%3Aattacker-chosen-id.c2lnbmF0dXJl`, `${COOKIE_NAME}=s%3A${'A'.repeat(32)}.x`]) {
      const held = await answerPage1(server, planted);
      expect(held).not.toBe(planted);
      expect(idOf(held)).not.toContain('attacker');
      expect(idOf(held)).not.toBe('A'.repeat(32));
      expect((await storedWith(server, planted)).stored).toEqual({});
    }
  });

  test('a form page gives no session id to plant: the first answers always get a new one (regression)', async () => {
    // The attacker opens a form and plants whatever cookies it gave them in the victim's browser.
    const page = await request(server).get('/page1').expect(200);
    expect(cookieOf(page)).toBeUndefined(); // no session id before the first answer
    const attacker = withCookiesFrom('', page);
    const victim = await answerPage1(server, attacker);
    expect(idOf(victim)).not.toBe(idOf(attacker));
    expect((await storedWith(server, victim)).stored).toEqual({ 'First name': 'Ada', 'Last name': 'Lovelace' });
    // The attacker's copy of the id shows nothing of the victim's.
    expect((await storedWith(server, attacker)).stored).toEqual({});
  });

  test('start over clears the id, the old id no longer holds anything, and the next answers get a new one', async () => {
    const cookie = await answerPage1(server);
    const home = await request(server).get('/').set('Cookie', cookie).expect(200);
    const res = await request(server).post('/start-over').set('Cookie', cookie).type('form').send({ _csrf: csrfFrom(home.text) }).expect(303);
    expect(cookieOf(res)).toBe('flow.sid='); // cleared
    expect((await storedWith(server, cookie)).stored).toEqual({});
    const next = await answerPage1(server, withCookiesFrom(cookie, res));
    expect(idOf(next)).not.toBe('');
    expect(idOf(next)).not.toBe(idOf(cookie));
  });
});
