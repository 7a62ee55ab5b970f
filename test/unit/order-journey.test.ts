// The pizza order as data: its path and branch, guards, dropped answers, rows, placing and the one-time receipt.
import { orderJourney as order, lessonJourney as lesson } from '../../src/flow/journeys';
import { answerStep, checkRedirect, firstOwedStep, urlAfterAnswering, pathOf, stepRedirect } from '../../src/flow/path';
import { answerRows, receiptOf, storedSections } from '../../src/pages/answer-rows';
import { placed, readState, referenceFrom, storedForm, withoutPlaced, withStepAnswered, isEmptyState } from '../../src/flow/state';
import { defineJourney, type Answers, type Step } from '../../src/flow/journey';

const step = (slug: string): Step => {
  const found = order.steps.find((s) => s.slug === slug);
  if (!found) throw new Error(slug);
  return found;
};
const slugs = (answers: Parameters<typeof pathOf>[1]) => pathOf(order, answers).map((s) => s.slug);

const delivered = { size: 'large', toppings: ['cheese', 'olives'], quantity: 2, method: 'delivery', address: '1 High St\nTown' };
const collected = { size: 'small', toppings: [], quantity: 1, method: 'collection' };

describe('the path', () => {
  test('asks for an address only for a delivery; an unanswered branch takes its default', () => {
    expect(slugs({})).toEqual(['size', 'toppings', 'quantity', 'delivery']);
    expect(slugs(collected)).toEqual(['size', 'toppings', 'quantity', 'delivery']);
    expect(slugs(delivered)).toEqual(['size', 'toppings', 'quantity', 'delivery', 'address']);
  });

  test('owes the first unanswered step of the path', () => {
    expect(firstOwedStep(order, {})?.slug).toBe('size');
    expect(firstOwedStep(order, { size: 'small', toppings: [] })?.slug).toBe('quantity');
    expect(firstOwedStep(order, { ...delivered, address: undefined } as never)?.slug).toBe('address'); // an undefined value is no answer
    expect(firstOwedStep(order, { ...collected, method: 'delivery' })?.slug).toBe('address');
    expect(firstOwedStep(order, collected)).toBeUndefined();
  });
});

describe('the guards', () => {
  test('send a visitor who skips ahead to the first step owed', () => {
    expect(stepRedirect(order, {}, 'quantity')).toBe('/order/size');
    expect(stepRedirect(order, {}, 'address')).toBe('/order/size');
    expect(checkRedirect(order, { size: 'small' })).toBe('/order/toppings');
    expect(stepRedirect(order, { size: 'small' }, 'toppings')).toBeUndefined();
    expect(stepRedirect(order, { size: 'small' }, 'size')).toBeUndefined();
  });

  test('the address is off the path for a collection: its page goes to the check page', () => {
    expect(stepRedirect(order, collected, 'address')).toBe('/order/check');
    expect(checkRedirect(order, collected)).toBeUndefined();
  });
});

describe('branch changes from the check page', () => {
  test('delivery → collection drops the address and returns to the check page', () => {
    const after = answerStep(order, delivered, step('delivery'), { method: 'collection' });
    expect(after).toEqual({ size: 'large', toppings: ['cheese', 'olives'], quantity: 2, method: 'collection' });
    expect(urlAfterAnswering(order, after)).toBe('/order/check');
  });

  test('collection → delivery goes to the address (now owed), then back to the check page', () => {
    const after = answerStep(order, collected, step('delivery'), { method: 'delivery' });
    expect(urlAfterAnswering(order, after)).toBe('/order/address');
    const done = answerStep(order, after, step('address'), { address: '2 Low Rd' });
    expect(urlAfterAnswering(order, done)).toBe('/order/check');
  });

  test('any other change returns to the check page', () => {
    expect(urlAfterAnswering(order, answerStep(order, delivered, step('size'), { size: 'small' }))).toBe('/order/check');
    expect(urlAfterAnswering(order, answerStep(order, delivered, step('toppings'), { toppings: [] }))).toBe('/order/check');
  });

  test('a step stores only its own fields', () => {
    expect(answerStep(order, {}, step('size'), { size: 'small', quantity: 3 })).toEqual({ size: 'small' });
  });
});

describe('rows', () => {
  test('show every answer on the path in words, each with its Change link', () => {
    expect(answerRows(order, delivered).map((r) => [r.label, r.value, r.href])).toEqual([
      ['Size', 'Large', '/order/size'],
      ['Toppings', 'Cheese, Olives', '/order/toppings'],
      ['Quantity', '2', '/order/quantity'],
      ['Delivery or collection', 'Delivery to your door', '/order/delivery'],
      ['Delivery address', '1 High St\nTown', '/order/address'],
    ]);
    expect(answerRows(order, collected).find((r) => r.field === 'toppings')?.value).toBe('None (plain tomato)');
  });

  test('the footer has one labelled section for each journey that holds something', () => {
    const sections = storedSections([
      { journey: lesson, state: { answers: { firstName: 'Ada' } } },
      { journey: order, state: { answers: {} } },
    ]);
    expect(sections.map((s) => [s.label, s.rows.map((r) => `${r.label}: ${r.value}`)])).toEqual([['About you', ['First name: Ada']]]);
  });
});

describe('state', () => {
  test('reads back only declared, valid answers on the path', () => {
    const raw = { ...collected, address: '1 High St', quantity: 99, isAdmin: true, placed: { reference: 'nope' } };
    expect(readState(order, raw)).toEqual({ answers: { size: 'small', toppings: [], method: 'collection' } });
    expect(readState(order, Object.create({ size: 'large' }))).toEqual({ answers: {} });
    expect(readState(order, 'junk')).toEqual({ answers: {} });
    expect(readState(order, null)).toEqual({ answers: {} });
    expect(readState(lesson, { firstName: 'Ada', placed: { reference: 'ABCDEFGH', answers: {} } })).toEqual({ answers: { firstName: 'Ada' } });
  });

  test('placing moves the answers into the placed order; once shown, it is gone', () => {
    const reference = referenceFrom(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 31]));
    expect(reference).toBe('ABCDEFG9');
    const state = withStepAnswered(order, { answers: {} }, step('size'), { size: 'small' });
    expect(placed(order, state, reference)).toBeUndefined(); // not complete: nothing to place
    const after = placed(order, { answers: collected }, reference);
    expect(after).toEqual({ answers: {}, placed: { reference, answers: collected } });
    if (!after) throw new Error('not placed');
    expect(storedForm(after)).toEqual({ placed: { reference, answers: collected } });
    expect(readState(order, JSON.parse(JSON.stringify(storedForm(after))))).toEqual(after);
    expect(storedForm(withoutPlaced(after))).toBeUndefined();
    expect(receiptOf(order, after)?.rows.map((r) => r.value)).toEqual(['Small', 'None (plain tomato)', '1', 'Collection from the shop']);
    expect(isEmptyState(withoutPlaced(after))).toBe(true);
  });

  test('a reference is 8 characters with no 0, O, 1 or I', () => {
    const reference = referenceFrom(new Uint8Array(Array.from({ length: 8 }, (_, i) => i * 37)));
    expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(() => referenceFrom(new Uint8Array(7))).toThrow(RangeError);
  });
});

describe('a branch on a named predicate (when)', () => {
  test('sees only the answers asked on the path so far', () => {
    const seen: Answers[] = [];
    function recordSeen(answers: Answers): boolean {
      seen.push(answers);
      return false;
    }
    const journey = defineJourney({
      id: 'seen',
      label: 'Seen',
      basePath: '/seen',
      steps: [
        { slug: 'a', title: 'A', fields: [{ type: 'text', name: 'x', label: 'X', noun: 'x', maxLength: 9 }], next: [{ when: recordSeen, next: 'b' }, 'b'] },
        { slug: 'b', title: 'B', fields: [{ type: 'text', name: 'y', label: 'Y', noun: 'y', maxLength: 9 }], next: 'check' },
      ],
      check: { slug: 'check', title: 'Check' },
    });
    seen.length = 0;
    pathOf(journey, { x: 'one', y: 'two', stray: 'three' });
    expect(seen).toEqual([{ x: 'one' }]);
  });
});
