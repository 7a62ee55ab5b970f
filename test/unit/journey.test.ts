// The journey format's own checks: a mistake in the data stops the app at start-up, with a message that names it.
import {
  defineJourney,
  journeyProblems,
  pageSlugs,
  type Answers,
  type Condition,
  type Field,
  type FieldRule,
  type FromToday,
  type Journey,
  type Option,
  type RevealableField,
  type Step,
} from '../../src/flow/journey';
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

describe('the new primitives, checked at start-up with the mistake named', () => {
  const radios = (name: string, reveals: RevealableField[] = []): Field => ({
    type: 'radios' as const,
    name,
    label: name,
    noun: name,
    options: [{ value: 'yes', label: 'Yes', reveals }, { value: 'no', label: 'No' }],
  });
  function largeParty(answers: Answers): boolean {
    return typeof answers.x === 'number' && answers.x > 20;
  }
  function broken(answers: Answers): boolean {
    return (answers.x as unknown as string[]).length > 0;
  }
  const one = (fields: Field[], next: Step['next'] = 'check') => journey([{ slug: 'a', title: 'A', fields, next }]);

  test.each<[string, Journey, RegExp]>([
    ['an anonymous when', one([text('x')], [{ when: ((a: Answers) => a.x === 'y'), next: 'check' }, 'check']), /a when must be a named function/],
    ['a when that fails on no answers', one([text('x')], [{ when: broken, next: 'check' }, 'check']), /when "broken" fails on answers not given yet/],
    ['a when that is not a function', one([text('x')], [{ when: 'x > 20' as unknown as Condition, next: 'check' }, 'check']), /when must be a function of the answers/],
    ['a default before the last rule', one([text('x')], ['check', { field: 'x', value: 'y', next: 'check' }, 'check'] as unknown as Step['next']), /has a default \("check"\) before its last rule/],
    ['optional checkboxes', one([{ type: 'checkboxes', name: 'x', label: 'X', noun: 'x', options: [{ value: 'a', label: 'A' }], maxChoices: 1, noneLabel: 'None', optional: true }]), /checkboxes cannot be optional/],
    ['notGiven on a required field', one([{ ...text('x'), notGiven: 'None' }]), /notGiven is only for an optional field/],
    ['a revealed field named like another', one([text('x'), radios('r', [text('x')])]), /"x" is declared twice/],
    ['revealed radios', one([radios('r', [radios('s') as RevealableField])]), /option "yes" reveals radios "s" \(one level only\)/],
    ['a checkbox option that reveals', one([{ type: 'checkboxes', name: 'c', label: 'C', noun: 'c', options: [{ value: 'a', label: 'A', reveals: [text('x')] } as Option], maxChoices: 1, noneLabel: 'None' }]), /only a radios option may reveal fields/],
    ['a date bound in weeks', one([{ type: 'date', name: 'd', label: 'D', noun: 'd', latest: { weeks: 2 } as FromToday }]), /latest must be whole days, months or years from today/],
    ['a date whose earliest is after its latest', one([{ type: 'date', name: 'd', label: 'D', noun: 'd', earliest: { years: 1 }, latest: {} }]), /earliest is after latest/],
    ['a validate that is not a function', one([{ ...text('x'), validate: 'no digits' as unknown as FieldRule<string> }]), /validate must be a function/],
    ['a submit without words', journey([{ slug: 'a', title: 'A', fields: [text('x')], next: 'check' }], { submit: { button: ' ', doneTitle: 'Done', cancelButton: 'Cancel' } }), /submit: button must say something/],
    ['a submit whose done page takes a step\'s slug', journey([{ slug: 'a', title: 'A', fields: [text('x')], next: 'check' }], { submit: { button: 'Send', doneTitle: 'Done', cancelButton: 'Cancel', doneSlug: 'a' } }), /two pages share a slug/],
    ['a journey id with capitals', journey([{ slug: 'a', title: 'A', fields: [text('x')], next: 'check' }], { id: 'Order' }), /id "Order" must be lower case/],
  ])('refuses %s', (_name, bad, message) => {
    expect(() => defineJourney(bad)).toThrow(message);
  });

  test('accepts a named when, optional fields, a revealed field, a date with bounds and a submit with default slugs', () => {
    const good = defineJourney(
      journey([
        { slug: 'a', title: 'A', fields: [{ type: 'number', name: 'x', label: 'X', noun: 'x', min: 1, max: 99 }], next: [{ when: largeParty, next: 'b' }, 'check'] },
        { slug: 'b', title: 'B', fields: [radios('r', [text('why')]), { ...text('note'), optional: true, notGiven: 'None' }, { type: 'date', name: 'd', label: 'D', noun: 'd', earliest: {}, latest: { years: 1 } }], next: 'check' },
      ], { submit: { button: 'Send', doneTitle: 'Sent', cancelButton: 'Cancel' } }),
    );
    expect(pageSlugs(good)).toEqual(['a', 'b', 'check', 'done', 'cancel']);
  });
});
