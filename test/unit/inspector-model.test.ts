import { buildInspector, describeCookieFields, describeSessionFrom, durationText, fingerprintOf, storeLabel, type InspectorFacts } from '../../src/inspector/model';
import { COOKIE_NAME, SIGNATURE_COOKIE_NAME } from '../support/app';

const facts = (overrides: Partial<InspectorFacts> = {}): InspectorFacts => ({
  mode: 'server',
  storeKind: 'memory',
  cookieName: COOKIE_NAME,
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
  createdAt: Date.UTC(2026, 0, 2, 9, 0, 0),
  secureRequest: false,
  sessionId: 'the-session-id-0123456789abcdef',
  stored: [{ label: 'About you', rows: [{ label: 'First name', value: 'Ada' }] }],
  hasCsrfToken: true,
  keptData: { journeys: { lesson: { firstName: 'Ada' } }, createdAt: Date.UTC(2026, 0, 2, 9, 0, 0), version: 1 },
  cookieSize: undefined,
  now: Date.UTC(2026, 0, 2, 9, 15, 30),
  ...overrides,
});

test('the fingerprint is 8 hex digits of SHA-256 of the id: stable for one id, different for another', () => {
  expect(fingerprintOf('abc')).toBe('ba7816bf'); // SHA-256("abc") starts ba7816bf
  expect(fingerprintOf('abc')).toBe(fingerprintOf('abc'));
  expect(fingerprintOf('abd')).not.toBe(fingerprintOf('abc'));
});

test('two clocks: the session ends one idle timeout after this request, and in any case its absolute lifetime after it began', () => {
  const model = buildInspector(facts());
  expect(model.expires).toEqual({ iso: '2026-01-02T09:45:30.000Z', text: '09:45 UTC' });
  expect(model.absoluteEnd).toEqual({ iso: '2026-01-02T21:00:00.000Z', text: '21:00 UTC' });
  expect(model.idleMinutes).toBe(30);
  expect(model.idleText).toBe('30 minutes');
  expect(model.absoluteMinutes).toBe(720);
  expect(model.absoluteText).toBe('12 hours');
});

test('durations are written in words, singular or plural', () => {
  expect(durationText(60_000)).toBe('1 minute');
  expect(durationText(30 * 60_000)).toBe('30 minutes');
  expect(durationText(90_000)).toBe('1.5 minutes');
  expect(durationText(1000)).toBe('1 second');
  expect(durationText(45_000)).toBe('45 seconds');
  expect(durationText(720 * 60_000)).toBe('12 hours');
  expect(durationText(60 * 60_000)).toBe('60 minutes');
  expect(durationText(300)).toBe('300 milliseconds');
});

test("express-session's cookie fields are kept apart from the data and each is labelled", () => {
  const cookie = { originalMaxAge: null, expires: null, httpOnly: true, path: '/', sameSite: 'lax', secure: false };
  const model = buildInspector(facts({ keptData: { answers: { firstName: 'Ada' }, cookie } }));
  expect(model.keptData).not.toContain('originalMaxAge');
  expect(model.cookieFields.map((f) => f.field)).toEqual(['originalMaxAge', 'expires', 'httpOnly', 'path', 'sameSite', 'secure']);
  expect(model.cookieFields[0]).toEqual({ field: 'originalMaxAge', value: 'null', meaning: expect.stringContaining('until it closes') as unknown });
  expect(describeCookieFields(undefined)).toEqual([]);
  expect(describeCookieFields({ unknownField: 1 })).toEqual([]);
});

test('when the absolute end comes before the idle end, the idle end is the absolute end', () => {
  const model = buildInspector(facts({ absoluteMs: 20 * 60_000 }));
  expect(model.expires).toEqual({ iso: '2026-01-02T09:20:00.000Z', text: '09:20 UTC' });
  expect(model.absoluteEnd).toEqual(model.expires);
});

test('with no session there is no fingerprint, no expiry and no data', () => {
  const model = buildInspector(facts({ sessionId: undefined, keptData: undefined, hasCsrfToken: false, stored: [] }));
  expect(model.held).toBe(false);
  expect(model.fingerprint).toBeUndefined();
  expect(model.expires).toBeUndefined();
  expect(model.absoluteEnd).toBeUndefined();
  expect(model.keptData).toBeUndefined();
});

test('the kept data is shown with the id masked, everything else as is', () => {
  const model = buildInspector(facts({ mode: 'cookie', storeKind: 'cookie', keptData: { id: 'secret-id', lastSeen: 5, answers: { firstName: '<b>' } } }));
  expect(model.keptData).not.toContain('secret-id');
  expect(model.keptData).toContain(`‹not shown here; fingerprint ${fingerprintOf('the-session-id-0123456789abcdef')}›`);
  expect(model.keptData).toContain('"firstName": "<b>"'); // escaping is the view's job (<%= %>)
});

test('cookie bytes count the name and the base64 of the UTF-8 JSON, in cookie mode only', () => {
  const keptData = { answers: { firstName: '😀' } };
  const value = Buffer.from(JSON.stringify(keptData)).toString('base64');
  expect(buildInspector(facts({ mode: 'cookie', keptData })).cookie.bytes).toBe(`${COOKIE_NAME}=${value}`.length);
  expect(buildInspector(facts({ mode: 'server', keptData })).cookie.bytes).toBeUndefined();
});

test('the cookie flags include Secure exactly when the request was https; cookie mode names the signature cookie', () => {
  expect(buildInspector(facts()).cookie.flags).toEqual(['HttpOnly', 'SameSite=Lax', 'Path=/']);
  expect(buildInspector(facts({ secureRequest: true })).cookie.flags).toContain('Secure');
  expect(buildInspector(facts()).cookie.signatureName).toBeUndefined();
  expect(buildInspector(facts({ mode: 'cookie' })).cookie.signatureName).toBe(SIGNATURE_COOKIE_NAME);
});

test('each store kind is named in words, and an unknown one by its kind', () => {
  expect(storeLabel('memory')).toMatch(/memory/);
  expect(storeLabel('redis')).toMatch(/Redis/);
  expect(storeLabel('cookie')).toMatch(/cookie/);
});

test("the panel shows the page's own rows and token as handed over; the session view alone has neither", () => {
  const stored = [{ label: 'Your pizza order', rows: [{ label: 'Size', value: 'Large' }] }];
  const panel = buildInspector(facts({ stored, hasCsrfToken: false }));
  expect(panel.stored).toBe(stored); // the same rows, not rows computed again
  expect(panel.hasCsrfToken).toBe(false);
  const view = describeSessionFrom(facts()); // handed the page's parts too, it takes none of them
  expect(view).not.toHaveProperty('stored');
  expect(view).not.toHaveProperty('hasCsrfToken');
  expect({ ...view, stored, hasCsrfToken: false }).toEqual(panel);
});
