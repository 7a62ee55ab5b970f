// Property tests of the collection ("add another") on random journeys: a list step placed after random steps (so some
// answers' paths skip it), and random sequences of changes, each keyed by an item's id.
import fc from 'fast-check';
import { addItem, answerAddAnother, changeItem, isCollectionComplete, itemsOf, removeItem } from '../../src/flow/collection';
import type { Answers } from '../../src/flow/fields';
import { defineJourney, type Collection, type Journey, type Step } from '../../src/flow/journey';
import { isStepAnswered, keepOnPath, pathOf, stepRedirect } from '../../src/flow/path';
import { readState, storedForm } from '../../src/flow/state';
import { answersArbitrary, journeyArbitrary } from '../support/journeys';
import { propertyParameters } from '../support/property';

const collection: Collection = {
  name: 'items',
  one: 'item',
  many: 'items',
  itemLabel: 'title',
  min: 1,
  max: 4,
  addAnother: { name: 'more', question: 'Add another item?' },
  addTitle: 'Add an item',
  changeTitle: 'Change an item',
  fields: [
    { type: 'text', name: 'title', label: 'Title', noun: 'a title', maxLength: 20 },
    { type: 'textarea', name: 'note', label: 'Note', noun: 'a note', optional: true, minLength: 1, maxLength: 30 },
  ],
};

/** A random journey whose last step leads to the list (its branches to the check page skip it). */
const journeyWithList: fc.Arbitrary<Journey> = journeyArbitrary.map((journey) => {
  const steps = journey.steps.map((step, i): Step => {
    if (i !== journey.steps.length - 1) return step;
    const rules = typeof step.next === 'string' ? [] : step.next.slice(0, -1);
    return { ...step, next: [...rules, 'list'] as unknown as Step['next'] };
  });
  return defineJourney({ ...journey, steps: [...steps, { slug: 'list', title: 'Items', collection, next: 'check' }] });
});

type Change = { kind: 'add'; title: string } | { kind: 'change'; pick: number; title: string } | { kind: 'remove'; pick: number } | { kind: 'more'; choice: 'yes' | 'no' };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), title: fc.constantFrom('a', 'b', 'José') }),
  fc.record({ kind: fc.constant('change' as const), pick: fc.nat(5), title: fc.constantFrom('x', 'y') }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(5) }),
  fc.record({ kind: fc.constant('more' as const), choice: fc.constantFrom('yes' as const, 'no' as const) }),
);

let counter = 0;
/** Applies a change as the routes do: an id drawn for an add, an item picked by id, and nothing when it cannot be made. */
function apply(answers: Answers, c: Change): Answers {
  const items = itemsOf(collection, answers);
  const idAt = (pick: number) => items[pick % Math.max(1, items.length)]?.id ?? '0000000000000000';
  switch (c.kind) {
    case 'add':
      return addItem(collection, answers, (counter++).toString(16).padStart(16, '0'), { title: c.title, note: null }) ?? answers;
    case 'change':
      return changeItem(collection, answers, idAt(c.pick), { title: c.title, note: 'changed' }) ?? answers;
    case 'remove':
      return removeItem(collection, answers, idAt(c.pick)) ?? answers;
    case 'more':
      return answerAddAnother(collection, answers, c.choice) ?? answers;
  }
}


test('any sequence of changes: at most max items, ids unique and kept, complete only with "no" and min to max items, and read back as stored', () => {
  fc.assert(
    fc.property(journeyWithList, fc.array(change, { maxLength: 25 }), (journey, changes) => {
      let answers: Answers = {};
      for (const c of changes) {
        const before = itemsOf(collection, answers);
        answers = apply(answers, c);
        const after = itemsOf(collection, answers);
        expect(after.length).toBeLessThanOrEqual(collection.max);
        expect(new Set(after.map((item) => item.id)).size).toBe(after.length);
        // Items not removed keep their ids and their order.
        const kept = before.filter((item) => after.some((other) => other.id === item.id)).map((item) => item.id);
        expect(after.filter((item) => kept.includes(item.id)).map((item) => item.id)).toEqual(kept);
        const count = after.length;
        expect(isCollectionComplete(collection, answers)).toBe(answers.more === 'no' && count >= 1 && count <= collection.max);
        const list = journey.steps.find((s) => s.slug === 'list')!;
        expect(isStepAnswered(list, answers)).toBe(isCollectionComplete(collection, answers));
      }
      // The session keeps what the changes made (the list's part of the path's answers).
      const state = { answers: keepOnPath(journey, answers) };
      expect(readState(journey, JSON.parse(JSON.stringify(storedForm(state) ?? {})))).toEqual(state);
    }),
    propertyParameters(200),
  );
});

test('changes of different items commute; a change of an item removed finds nothing and brings nothing back', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 2, maxLength: 4 }), fc.nat(3), fc.nat(3), (titles, i, j) => {
      let answers: Answers = {};
      titles.forEach((title, n) => {
        answers = addItem(collection, answers, n.toString(16).padStart(16, '0'), { title, note: null }) ?? answers;
      });
      const ids = itemsOf(collection, answers).map((item) => item.id);
      const x = ids[i % ids.length]!;
      const y = ids[j % ids.length]!;
      const changeX = (a: Answers) => changeItem(collection, a, x, { title: 'changed', note: null });
      const removeY = (a: Answers) => removeItem(collection, a, y);
      if (x !== y) {
        expect(removeY(changeX(answers)!)).toEqual(changeX(removeY(answers)!));
      } else {
        expect(changeX(removeY(answers)!)).toBeUndefined();
        expect(itemsOf(collection, removeY(changeX(answers)!)!).some((item) => item.id === x)).toBe(false);
      }
    }),
    propertyParameters(200),
  );
});

test('the path rules hold for the list: off the path it is dropped, and its page is guarded like any step', () => {
  fc.assert(
    fc.property(
      journeyWithList.chain((journey) => fc.tuple(fc.constant(journey), answersArbitrary(journey), fc.array(change, { maxLength: 10 }))),
      ([journey, answers, changes]) => {
        const withList = changes.reduce(apply, answers);
        const kept = keepOnPath(journey, withList);
        const path = pathOf(journey, withList);
        const list = journey.steps.find((s) => s.slug === 'list')!;
        const onPath = path.includes(list);
        if (!onPath) {
          expect(Object.hasOwn(kept, 'items')).toBe(false);
          expect(Object.hasOwn(kept, 'more')).toBe(false);
        } else if (Object.hasOwn(withList, 'items')) {
          expect(kept.items).toEqual(withList.items);
        }
        const earlierOwed = path.slice(0, path.indexOf(list)).some((step) => !isStepAnswered(step, withList));
        expect(stepRedirect(journey, withList, 'list') === undefined).toBe(onPath && !earlierOwed);
      },
    ),
    propertyParameters(200),
  );
});
