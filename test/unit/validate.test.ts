// The lesson's text rules (flow/fields.ts), unchanged from the seed: trimmed, 1 to 100 characters, no control characters.
import { validateField, validateStep } from '../../src/flow/fields';
import type { Field } from '../../src/flow/journey';
import { lessonJourney } from '../../src/flow/journeys';

const [names, colour] = lessonJourney.steps as [(typeof lessonJourney.steps)[number], (typeof lessonJourney.steps)[number]];
const colourField = colour.fields[0] as Field;
const checkAnswer = (value: string) => validateField(colourField, value).error;

describe('validateStep', () => {
  test('trims answers and accepts them', () => {
    const result = validateStep(names, { firstName: '  Ada ', lastName: '\u00a0Lovelace\u00a0' });
    expect(result.errors).toEqual([]);
    expect(result.values).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
  });

  test('requires every field, and says which', () => {
    const result = validateStep(names, { firstName: '   ' });
    expect(result.errors).toEqual([
      { field: 'firstName', message: 'Enter your first name' },
      { field: 'lastName', message: 'Enter your last name' },
    ]);
  });

  test('accepts exactly 100 characters and refuses 101', () => {
    expect(validateStep(colour, { favoriteColor: 'x'.repeat(100) }).errors).toEqual([]);
    expect(validateStep(colour, { favoriteColor: 'x'.repeat(101) }).errors).toEqual([
      { field: 'favoriteColor', message: 'Favourite colour must be 100 characters or fewer' },
    ]);
  });

  test('counts an emoji or a CJK character as one character', () => {
    expect(validateStep(colour, { favoriteColor: '🎨'.repeat(100) }).errors).toEqual([]);
    expect(validateStep(colour, { favoriteColor: '李'.repeat(100) }).errors).toEqual([]);
    expect(validateStep(colour, { favoriteColor: '🎨'.repeat(101) }).errors).toHaveLength(1);
  });

  test('welcomes any Unicode that is not a control character', () => {
    const result = validateStep(names, { firstName: 'José', lastName: '李小龍 👋' });
    expect(result.errors).toEqual([]);
    expect(result.values).toEqual({ firstName: 'José', lastName: '李小龍 👋' });
  });

  test.each(['a\u0000b', 'a\tb', 'a\nb', 'a\u001bb', 'a\u0085b', 'a\u007fb'])('refuses control characters inside %j', (value) => {
    const result = validateStep(colour, { favoriteColor: value });
    expect(result.errors).toEqual([
      { field: 'favoriteColor', message: 'Favourite colour must not contain control characters such as tabs or line breaks' },
    ]);
  });

  test('treats a repeated field (array) or a bracketed one (object) as invalid, not as a crash', () => {
    expect(validateStep(colour, { favoriteColor: ['red', 'blue'] }).errors).toEqual([
      { field: 'favoriteColor', message: 'Send your favourite colour once, as plain text' },
    ]);
    expect(validateStep(colour, { favoriteColor: { x: 'red' } }).errors).toHaveLength(1);
    expect(validateStep(colour, { favoriteColor: ['red'] }).values).toEqual({ favoriteColor: '' });
  });

  test('reads only own properties of the body, never inherited ones', () => {
    const body = Object.create({ favoriteColor: 'inherited' }) as object;
    expect(validateStep(colour, body).errors).toEqual([{ field: 'favoriteColor', message: 'Enter your favourite colour' }]);
    expect(validateStep(colour, undefined).errors).toHaveLength(1);
  });
});

describe('the text rule on its own', () => {
  test('names the problem with an answer', () => {
    expect(checkAnswer('')).toBe('Enter your favourite colour');
    expect(checkAnswer('ok')).toBeUndefined();
    expect(checkAnswer('y'.repeat(101))).toBe('Favourite colour must be 100 characters or fewer');
    expect(checkAnswer('a\rb')).toBe('Favourite colour must not contain control characters such as tabs or line breaks');
  });
});

describe("a field's own rule and optional answers", () => {
  const noDigits: Field = {
    type: 'text',
    name: 'firstName',
    label: 'First name',
    noun: 'your first name',
    maxLength: 100,
    validate: (value, answers) => (/[0-9]/.test(value) ? `First name must not contain digits${typeof answers.lastName === 'string' ? ` (${answers.lastName})` : ''}` : undefined),
  };

  test('runs after the type\'s rule, sees the answers given so far, and its message is shown like any other', () => {
    expect(validateField(noDigits, 'Ada').answer).toBe('Ada');
    expect(validateField(noDigits, 'Ada 2').error).toBe('First name must not contain digits');
    expect(validateField(noDigits, 'Ada 2', false, { answers: { lastName: 'Lovelace' } }).error).toBe('First name must not contain digits (Lovelace)');
    expect(validateField(noDigits, ' ').error).toBe('Enter your first name'); // the type's rule first: the own rule never sees it
  });

  test('an optional field left empty is answered "not given" (null), and its own rule is not asked', () => {
    const optional: Field = { ...noDigits, optional: true };
    expect(validateField(optional, '  ')).toEqual({ value: '', answer: null });
    expect(validateField(optional, undefined)).toEqual({ value: '', answer: null });
    expect(validateField(optional, '7').error).toBe('First name must not contain digits');
    expect(validateField({ type: 'number', name: 'n', label: 'N', noun: 'n', min: 1, max: 3, optional: true }, '').answer).toBeNull();
  });
});

describe('invisible answers (issue 21, item 8)', () => {
  test.each([
    ['five zero-width spaces', '\u200b'.repeat(5), 'Enter your favourite colour'],
    ['a joiner alone', '\u200d', 'Enter your favourite colour'],
    ['a right-to-left override', 'red\u202egreen', 'Favourite colour must not contain invisible characters such as zero-width spaces, direction marks or line separators'],
    ['a zero-width space inside', 're\u200bd', 'Favourite colour must not contain invisible characters such as zero-width spaces, direction marks or line separators'],
    ['a line separator', 'red\u2028green', 'Favourite colour must not contain invisible characters such as zero-width spaces, direction marks or line separators'],
    ['a paragraph separator', 'red\u2029green', 'Favourite colour must not contain invisible characters such as zero-width spaces, direction marks or line separators'],
  ])('refuses %s', (_name, value, message) => {
    expect(checkAnswer(value)).toBe(message);
  });

  test.each([
    ['an emoji family (joined by U+200D)', '👨‍👩‍👧'],
    ['Persian with a zero-width non-joiner', 'می‌خواهم'],
    ['Hebrew', 'כחול'],
    ['Arabic', 'أزرق'],
  ])('accepts %s', (_name, value) => {
    expect(checkAnswer(value)).toBeUndefined();
  });
});
