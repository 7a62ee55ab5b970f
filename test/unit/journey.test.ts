// The journey format's own checks: a mistake in the data stops the app at start-up, with a message that names it.
import { defineJourney, journeyProblems, type Journey, type Step } from '../../src/flow/journey';
import { lessonJourney, orderJourney } from '../../src/flow/journeys';

const text = (name: string) => ({ type: 'text' as const, name, label: name, noun: name, maxLength: 10 });
function journey(steps: Step[], extra: Partial<Journey> = {}): Journey {
  return { id: 'order', label: 'J', basePath: '/j', steps, check: { slug: 'check', title: 'Check' }, ...extra };
}

test('the lesson and the pizza order are well formed, and keep the lesson\'s URLs', () => {
  expect(journeyProblems(lessonJourney)).toEqual([]);
  expect(journeyProblems(orderJourney)).toEqual([]);
  expect(lessonJourney.steps.map((s) => `${lessonJourney.basePath}/${s.slug}`)).toEqual(['/page1', '/page2']);
  expect(lessonJourney.check.slug).toBe('page3');
});

test.each<[string, Journey, RegExp]>([
  ['no steps', journey([]), /no steps/],
  ['a next to an unknown page', journey([{ slug: 'a', title: 'A', fields: [text('x')], next: 'nowhere' }]), /next "nowhere" must be a later step/],
  [
    'a next backwards (a loop)',
    journey([
      { slug: 'a', title: 'A', fields: [text('x')], next: 'b' },
      { slug: 'b', title: 'B', fields: [text('y')], next: 'a' },
    ]),
    /next "a" must be a later step/,
  ],
  [
    'a branch on a field asked later',
    journey([
      { slug: 'a', title: 'A', fields: [text('x')], next: [{ field: 'y', value: 'v', next: 'b' }, 'b'] },
      { slug: 'b', title: 'B', fields: [text('y')], next: 'check' },
    ]),
    /reads "y", which is not asked on this step or before it/,
  ],
  [
    'a branch on a value that is not an option',
    journey([{ slug: 'a', title: 'A', fields: [{ type: 'radios', name: 'x', label: 'X', noun: 'x', options: [{ value: 'p', label: 'P' }] }], next: [{ field: 'x', value: 'q', next: 'check' }, 'check'] }]),
    /"q" is not an option of "x"/,
  ],
  ['a field named _csrf', journey([{ slug: 'a', title: 'A', fields: [text('_csrf')], next: 'check' }]), /field name "_csrf" is not allowed/],
  ['a field named __proto__', journey([{ slug: 'a', title: 'A', fields: [text('__proto__')], next: 'check' }]), /not allowed/],
  [
    'a field declared twice',
    journey([
      { slug: 'a', title: 'A', fields: [text('x')], next: 'b' },
      { slug: 'b', title: 'B', fields: [text('x')], next: 'check' },
    ]),
    /"x" is declared twice/,
  ],
  [
    'a step nothing leads to',
    journey([
      { slug: 'a', title: 'A', fields: [text('x')], next: 'check' },
      { slug: 'b', title: 'B', fields: [text('y')], next: 'check' },
    ]),
    /"b" is never reached/,
  ],
  ['a step named like the check page', journey([{ slug: 'check', title: 'A', fields: [text('x')], next: 'check' }]), /share a slug/],
  ['a radio with no options', journey([{ slug: 'a', title: 'A', fields: [{ type: 'radios', name: 'x', label: 'X', noun: 'x', options: [] }], next: 'check' }]), /no options/],
  ['a number with min above max', journey([{ slug: 'a', title: 'A', fields: [{ type: 'number', name: 'x', label: 'X', noun: 'x', min: 5, max: 1 }], next: 'check' }]), /min <= max/],
])('refuses %s', (_name, bad, message) => {
  expect(() => defineJourney(bad)).toThrow(message);
});
