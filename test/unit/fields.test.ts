// Each field type's rules, on the pizza order's fields and the lesson's (whose messages stay the seed's).
import { isValidAnswer, validateField, validateStep } from '../../src/flow/fields';
import type { Field, Step } from '../../src/flow/journey';
import { lessonJourney, orderJourney } from '../../src/flow/journeys';

function stepOf(journey: { steps: readonly Step[] }, slug: string): Step {
  const step = journey.steps.find((s) => s.slug === slug);
  if (!step) throw new Error(`no step ${slug}`);
  return step;
}
function fieldOf(step: Step): Field {
  const field = step.fields[0];
  if (!field) throw new Error('no field');
  return field;
}

const names = stepOf(lessonJourney, 'page1');
const size = stepOf(orderJourney, 'size');
const toppings = stepOf(orderJourney, 'toppings');
const quantity = stepOf(orderJourney, 'quantity');
const address = stepOf(orderJourney, 'address');

describe('text (the lesson: unchanged rules and messages)', () => {
  test('trims, requires, and names each problem as before', () => {
    expect(validateStep(names, { firstName: ' Ada ', lastName: '李小龍 👋' })).toEqual({
      values: { firstName: 'Ada', lastName: '李小龍 👋' },
      answers: { firstName: 'Ada', lastName: '李小龍 👋' },
      errors: [],
    });
    expect(validateStep(names, { firstName: ' ', lastName: 'x'.repeat(101) }).errors).toEqual([
      { field: 'firstName', message: 'Enter your first name' },
      { field: 'lastName', message: 'Last name must be 100 characters or fewer' },
    ]);
    expect(validateStep(names, { firstName: 'a\tb', lastName: ['a', 'b'] }).errors).toEqual([
      { field: 'firstName', message: 'First name must not contain control characters such as tabs or line breaks' },
      { field: 'lastName', message: 'Send your last name once, as plain text' },
    ]);
  });

  test('refuses a bracketed field (firstName[]=a or firstName[x]=a) even beside a plain one', () => {
    expect(validateStep(names, { firstName: 'Ada', 'firstName[]': 'x', lastName: 'L' }).errors).toEqual([{ field: 'firstName', message: 'Send your first name once, as plain text' }]);
    expect(validateStep(names, { 'firstName[x]': 'Ada', lastName: 'L' }).errors).toHaveLength(1);
  });
});

describe('radios (size)', () => {
  test.each(['small', 'medium', 'large'])('accepts %s', (value) => {
    expect(validateStep(size, { size: value })).toEqual({ values: { size: value }, answers: { size: value }, errors: [] });
  });
  test.each([
    [undefined, 'Select a size'],
    ['', 'Select a size'],
    ['huge', 'Select a size from the list'],
    ['Small', 'Select a size from the list'],
    [['small', 'large'], 'Select only one option for size'],
    [{ x: 'small' }, 'Select only one option for size'],
  ])('refuses %j: %s', (raw, message) => {
    expect(validateStep(size, raw === undefined ? {} : { size: raw })).toMatchObject({ values: { size: '' }, errors: [{ field: 'size', message }] });
  });
});

describe('checkboxes (toppings)', () => {
  test('none sent is an answer: no toppings', () => {
    expect(validateStep(toppings, {})).toEqual({ values: { toppings: [] }, answers: { toppings: [] }, errors: [] });
  });
  test('one is sent as a string, several as a repeated field; kept in the list\'s order', () => {
    expect(validateStep(toppings, { toppings: 'olives' }).answers).toEqual({ toppings: ['olives'] });
    expect(validateStep(toppings, { toppings: ['olives', 'cheese', 'pineapple'] }).answers).toEqual({ toppings: ['cheese', 'olives', 'pineapple'] });
  });
  test('refuses a fourth, keeping the three ticked', () => {
    const result = validateStep(toppings, { toppings: ['cheese', 'mushrooms', 'peppers', 'olives'] });
    expect(result.errors).toEqual([{ field: 'toppings', message: 'Choose 3 toppings or fewer' }]);
    expect(result.values).toEqual({ toppings: ['cheese', 'mushrooms', 'peppers', 'olives'] });
  });
  test('refuses an unknown value, keeping the known ones ticked', () => {
    const result = validateStep(toppings, { toppings: ['cheese', 'anchovies'] });
    expect(result.errors).toEqual([{ field: 'toppings', message: 'Choose toppings from the list' }]);
    expect(result.values).toEqual({ toppings: ['cheese'] });
  });
  test('refuses one topping sent twice, an object, a bracketed key and a non-string', () => {
    expect(validateStep(toppings, { toppings: ['cheese', 'cheese'] }).errors).toEqual([{ field: 'toppings', message: 'Choose each of the toppings only once' }]);
    expect(validateStep(toppings, { toppings: { a: 'cheese' } }).errors).toHaveLength(1);
    expect(validateStep(toppings, { 'toppings[]': 'cheese' }).errors).toHaveLength(1);
    expect(validateField(fieldOf(toppings), ['cheese', 5]).error).toBeDefined();
  });
});

describe('number (quantity)', () => {
  test.each([
    ['1', 1],
    ['10', 10],
    [' 3 ', 3],
    ['07', 7],
  ])('accepts %j as %d', (raw, n) => {
    expect(validateStep(quantity, { quantity: raw }).answers).toEqual({ quantity: n });
  });
  test.each([
    ['', 'Enter how many pizzas you would like'],
    ['0', 'Quantity must be between 1 and 10'],
    ['11', 'Quantity must be between 1 and 10'],
    ['2.5', 'Quantity must be a whole number, like 2'],
    ['abc', 'Quantity must be a whole number, like 2'],
    ['-1', 'Quantity must be a whole number, like 2'],
    ['1e1', 'Quantity must be a whole number, like 2'],
    ['٣', 'Quantity must be a whole number, like 2'],
    ['99999999999999999999', 'Quantity must be a whole number, like 2'],
  ])('refuses %j, keeping what was typed', (raw, message) => {
    expect(validateStep(quantity, { quantity: raw })).toMatchObject({ values: { quantity: raw.trim() }, errors: [{ field: 'quantity', message }] });
  });
  test('refuses a repeated quantity', () => {
    expect(validateStep(quantity, { quantity: ['1', '2'] }).errors).toEqual([{ field: 'quantity', message: 'Send how many pizzas you would like once, as plain text' }]);
  });
});

describe('textarea (address)', () => {
  test('keeps newlines, turning CRLF into LF, and trims', () => {
    expect(validateStep(address, { address: '  1 High St\r\nTown\rAB1 2CD \r\n' }).answers).toEqual({ address: '1 High St\nTown\nAB1 2CD' });
  });
  test('counts 5 to 200 characters after trimming (a newline is one)', () => {
    expect(validateStep(address, { address: '   abcd   ' }).errors).toEqual([{ field: 'address', message: 'Delivery address must be 5 characters or more' }]);
    expect(validateStep(address, { address: 'ab\r\ncd' }).errors).toEqual([]);
    expect(validateStep(address, { address: '李'.repeat(200) }).errors).toEqual([]);
    expect(validateStep(address, { address: 'x'.repeat(201) }).errors).toEqual([{ field: 'address', message: 'Delivery address must be 200 characters or fewer' }]);
    expect(validateStep(address, { address: '' }).errors).toEqual([{ field: 'address', message: 'Enter the delivery address' }]);
  });
  test.each(['1 High\tSt', 'a\u0000bcdef', 'abc\u001bdef', 'abc\u0085def'])('refuses control characters other than newlines: %j', (raw) => {
    expect(validateStep(address, { address: raw }).errors).toEqual([
      { field: 'address', message: 'Delivery address must not contain control characters such as tabs (line breaks are fine)' },
    ]);
  });
  test('refuses a repeated address', () => {
    expect(validateStep(address, { address: ['1 High St', '2 Low St'] }).errors).toHaveLength(1);
  });
});

describe('reading answers back from the session', () => {
  test('accepts only what the field could have stored', () => {
    expect(isValidAnswer(fieldOf(quantity), 3)).toBe(true);
    expect(isValidAnswer(fieldOf(quantity), '3')).toBe(false);
    expect(isValidAnswer(fieldOf(quantity), 11)).toBe(false);
    expect(isValidAnswer(fieldOf(toppings), ['cheese', 'olives'])).toBe(true);
    expect(isValidAnswer(fieldOf(toppings), ['olives', 'cheese'])).toBe(false);
    expect(isValidAnswer(fieldOf(toppings), 'cheese')).toBe(false);
    expect(isValidAnswer(fieldOf(size), 'huge')).toBe(false);
    expect(isValidAnswer(fieldOf(address), '1 High St\nTown')).toBe(true);
    expect(isValidAnswer(fieldOf(names), ' Ada')).toBe(false);
  });
});
