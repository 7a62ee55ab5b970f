// Property tests of each field type's rule against an independent statement of it, with hostile values.
import fc from 'fast-check';
import { isValidAnswer, validateField, validateStep } from '../../src/flow/fields';
import type { CheckboxesField, NumberField, RadiosField, TextareaField } from '../../src/flow/journey';
import { orderJourney } from '../../src/flow/journeys';
import { propertyParameters } from '../support/property';

const fields = orderJourney.steps.flatMap((s) => s.fields);
const byName = (name: string) => fields.find((f) => f.name === name);
const size = byName('size') as RadiosField;
const toppings = byName('toppings') as CheckboxesField;
const quantity = byName('quantity') as NumberField;
const address = byName('address') as TextareaField;

const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0) ?? 0);
const isControl = (c: number) => c <= 0x1f || (c >= 0x7f && c <= 0x9f);

const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\r\n', '\u0000', '\u0085', 'a', '李', '😀', '1', '0', '.', '-', 'e'), maxLength: 220 }),
  fc.constantFrom('', 'small', 'medium', 'large', 'cheese', 'olives', 'pineapple', '0', '1', '10', '11', '2.5', 'abc', '__proto__'),
);
const hostileValue = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), hostileString, { maxKeys: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 3, true) },
);

test('radios: accepted exactly when one string naming an option was sent', () => {
  fc.assert(
    fc.property(hostileValue, (raw) => {
      const result = validateField(size, raw);
      const ok = typeof raw === 'string' && size.options.some((o) => o.value === raw);
      expect(result.error === undefined).toBe(ok);
      if (ok) expect(result.answer).toBe(raw);
    }),
    propertyParameters(300),
  );
});

test('checkboxes: accepted exactly when none, or distinct options up to the limit, were sent; stored in the list\'s order', () => {
  fc.assert(
    fc.property(hostileValue, (raw) => {
      const sent: unknown[] | undefined = raw === undefined ? [] : typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
      const values = toppings.options.map((o) => o.value);
      const ok =
        sent !== undefined &&
        sent.every((v) => typeof v === 'string' && values.includes(v)) &&
        new Set(sent).size === sent.length &&
        sent.length <= toppings.maxChoices;
      const result = validateField(toppings, raw);
      expect(result.error === undefined).toBe(ok);
      if (ok) expect(result.answer).toEqual(values.filter((v) => sent.includes(v)));
      // What goes back into the form is always a list of known options.
      const back: readonly string[] = typeof result.value === 'string' ? [result.value] : Array.isArray(result.value) ? result.value : [];
      expect(Array.isArray(result.value) && back.every((v) => values.includes(v))).toBe(true);
    }),
    propertyParameters(300),
  );
});

test('number: accepted exactly when ASCII digits (trimmed) make a whole number from 1 to 10', () => {
  fc.assert(
    fc.property(hostileValue, (raw) => {
      const ok = typeof raw === 'string' && /^[0-9]+$/.test(raw.trim()) && raw.trim().length <= 15 && Number(raw.trim()) >= 1 && Number(raw.trim()) <= 10;
      const result = validateField(quantity, raw);
      expect(result.error === undefined).toBe(ok);
      if (ok) expect(result.answer).toBe(Number(raw.trim()));
    }),
    propertyParameters(300),
  );
});

test('textarea: accepted exactly when 5 to 200 characters after CRLF → LF and trimming, with no control character but LF', () => {
  fc.assert(
    fc.property(hostileValue, (raw) => {
      const normalised = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : undefined;
      const cps = normalised === undefined ? [] : codePoints(normalised);
      const ok = normalised !== undefined && cps.length >= 5 && cps.length <= 200 && !cps.some((c) => c !== 0x0a && isControl(c));
      const result = validateField(address, raw);
      expect(result.error === undefined).toBe(ok);
      if (ok) {
        expect(result.answer).toBe(normalised);
        expect(isValidAnswer(address, result.answer)).toBe(true);
      }
    }),
    propertyParameters(300),
  );
});

test('every accepted answer reads back from the session as valid, and a step stores nothing but its own fields', () => {
  fc.assert(
    fc.property(fc.constantFrom(...orderJourney.steps), fc.dictionary(fc.constantFrom('size', 'toppings', 'quantity', 'method', 'address', '_csrf', 'other'), hostileValue), (step, body) => {
      const { answers, errors } = validateStep(step, body);
      if (errors.length > 0) return;
      expect(Object.keys(answers).sort()).toEqual(step.fields.map((f) => f.name).sort());
      for (const field of step.fields) expect(isValidAnswer(field, answers[field.name])).toBe(true);
    }),
    propertyParameters(300),
  );
});
