// Property tests: whatever a body holds for any field, validateStep stores a trimmed string within the rules or reports an error.
import fc from 'fast-check';
import { validateStep } from '../../src/flow/fields';
import type { Step } from '../../src/flow/journey';
import { lessonJourney } from '../../src/flow/journeys';
import { MAX_ANSWER_LENGTH } from '../../src/flow/journeys/lesson';

const steps = lessonJourney.steps;
import { propertyParameters } from '../support/property';

/**
 * The rules, written out again independently of the code under test: U+0000–U+001F and U+007F–U+009F are control
 * characters; format characters (general category Cf) other than the two joiners, and U+2028/U+2029, are refused;
 * at least one character must be a letter, digit, punctuation or symbol.
 */
function acceptable(raw: unknown): raw is string {
  if (typeof raw !== 'string') return false;
  const value = raw.trim();
  const characters = Array.from(value);
  const codePoints = characters.map((ch) => ch.codePointAt(0) ?? 0);
  const control = codePoints.some((c) => c <= 0x1f || (c >= 0x7f && c <= 0x9f));
  const invisible = characters.some((ch) => (/^\p{General_Category=Format}$/u.test(ch) && ch !== '\u200c' && ch !== '\u200d') || ch === '\u2028' || ch === '\u2029');
  const visible = characters.some((ch) => /^[\p{Letter}\p{Number}\p{Punctuation}\p{Symbol}]$/u.test(ch));
  return visible && codePoints.length <= MAX_ANSWER_LENGTH && !control && !invisible;
}

/** Strings a person, a robot or an attacker might send: every Unicode plane, controls, padding, edges of the length rule. */
const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }), // lone surrogates included
  fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000', '\ufeff', '\u0000', '\u0085', '\u200b', '\u200d', '\u202e', '\u2028', 'a', '李', '😀'), maxLength: 110 }),
  fc.integer({ min: MAX_ANSWER_LENGTH - 2, max: MAX_ANSWER_LENGTH + 2 }).map((n) => '😀'.repeat(n)),
  fc.integer({ min: MAX_ANSWER_LENGTH - 2, max: MAX_ANSWER_LENGTH + 2 }).map((n) => ` ${'x'.repeat(n)} `),
  fc.constantFrom('', ' ', '__proto__', 'constructor', 'José', '李小龍', '<script>alert(1)</script>'),
);

/** Anything a parser could put under a key: a string, a repeated field, a bracketed object, or something stranger. */
const hostileValue = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 5 }), hostileString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 0, true, Symbol('s'), () => 'fn') },
  { weight: 1, arbitrary: fc.anything() },
);

const step = fc.constantFrom(...steps);

/** A body with some of the step's fields (any values), junk keys, and sometimes a hostile prototype. */
function bodyFor(s: Step) {
  const fieldKeys = s.fields.map((f) => f.name);
  return fc
    .record({
      fields: fc.dictionary(fc.constantFrom(...fieldKeys, '_csrf', '__proto__', 'constructor', 'prototype'), hostileValue, { maxKeys: 6 }),
      prototypeAnswers: fc.option(fc.dictionary(fc.constantFrom(...fieldKeys), hostileString), { nil: undefined }),
      nullPrototype: fc.boolean(),
    })
    .map(({ fields, prototypeAnswers, nullPrototype }) => {
      // Keys set with defineProperty, so "__proto__" is an own key, as a parser may deliver it.
      const body: Record<string, unknown> = Object.create(nullPrototype ? null : (prototypeAnswers ?? Object.prototype)) as Record<string, unknown>;
      for (const [key, value] of Object.entries(fields)) {
        Object.defineProperty(body, key, { value, enumerable: true, configurable: true, writable: true });
      }
      return body;
    });
}

const stepAndBody = step.chain((s) => fc.tuple(fc.constant(s), fc.oneof(bodyFor(s), fc.anything())));

test('every field of every step ends as a stored trimmed string within the rules, or as an error for that field', () => {
  fc.assert(
    fc.property(stepAndBody, ([s, body]) => {
      const { values, errors } = validateStep(s, body);
      expect(Object.keys(values).sort()).toEqual(s.fields.map((f) => f.name).sort());
      for (const field of s.fields) {
        const raw = typeof body === 'object' && body !== null && Object.hasOwn(body, field.name) ? (body as Record<string, unknown>)[field.name] : undefined;
        const fieldErrors = errors.filter((e) => e.field === field.name);
        // A bracketed key beside it (firstName[]=…) makes the field invalid whatever it holds.
        const bracketed = typeof body === 'object' && body !== null && Object.keys(body).some((k) => k.startsWith(`${field.name}[`));
        if (acceptable(raw) && !bracketed) {
          expect(fieldErrors).toEqual([]);
          expect(values[field.name]).toBe(raw.trim());
        } else {
          expect(fieldErrors).toHaveLength(1);
          expect(fieldErrors[0]?.message).toEqual(expect.any(String));
          // What comes back into the form is always plain text, never an array or object.
          expect(typeof values[field.name]).toBe('string');
        }
      }
      expect(errors.every((e) => s.fields.some((f) => f.name === e.field))).toBe(true);
    }),
    propertyParameters(300),
  );
});

test('an answer inherited through the body\'s prototype is never taken as the answer', () => {
  fc.assert(
    fc.property(step, hostileString, (s, inherited) => {
      const proto: Record<string, unknown> = {};
      for (const field of s.fields) proto[field.name] = inherited;
      const { errors } = validateStep(s, Object.create(proto));
      expect(errors.map((e) => e.field).sort()).toEqual(s.fields.map((f) => f.name).sort());
    }),
    propertyParameters(100),
  );
});

test('validation never changes the body it reads, nor Object.prototype', () => {
  fc.assert(
    fc.property(stepAndBody, ([s, body]) => {
      const before = typeof body === 'object' && body !== null ? { ...body } : body;
      validateStep(s, body);
      if (typeof body === 'object' && body !== null) expect({ ...body }).toEqual(before);
      expect(Object.keys(Object.prototype)).toEqual([]);
    }),
    propertyParameters(200),
  );
});
