// The format's types, checked by `npm run typecheck` (tsc covers test/): each @ts-expect-error below must stay an error,
// or tsc fails ("Unused '@ts-expect-error' directive"). Jest runs the file too, for the runtime half.
import { defineJourney, JourneyError, type AnswersOf } from '../../src/flow/journey';

function tooMany(value: number): string | undefined {
  return value > 8 ? 'Eight at most' : undefined;
}

const typed = defineJourney({
  id: 'typed',
  label: 'Typed',
  basePath: '/typed',
  steps: [
    { slug: 'size', title: 'Size?', fields: [{ type: 'radios', name: 'size', label: 'Size', noun: 'a size', options: [{ value: 'small', label: 'Small' }, { value: 'large', label: 'Large' }] }], next: 'count' },
    { slug: 'count', title: 'How many?', fields: [{ type: 'number', name: 'count', label: 'Count', noun: 'a count', min: 1, max: 9, validate: tooMany }], next: 'check' },
  ],
  check: { slug: 'check', title: 'Check' },
});

test('AnswersOf gives each field its type: an option\'s values, a number', () => {
  const answers: AnswersOf<typeof typed> = { size: 'large', count: 3 };
  // @ts-expect-error: 'medium' is not one of the size's options
  const wrong: AnswersOf<typeof typed> = { size: 'medium' };
  // @ts-expect-error: a count is a number
  const text: AnswersOf<typeof typed> = { count: '3' };
  expect([answers, wrong, text]).toHaveLength(3);
});

test("a next to a slug that isn't there is a type error, and a start-up error", () => {
  expect(() =>
    defineJourney({
      id: 'typo',
      label: 'Typo',
      basePath: '/typo',
      steps: [
        // @ts-expect-error: 'adress' is no slug of this journey
        { slug: 'name', title: 'Name?', fields: [{ type: 'text', name: 'name', label: 'Name', noun: 'your name', maxLength: 9 }], next: 'adress' },
        { slug: 'address', title: 'Address?', fields: [{ type: 'text', name: 'address', label: 'Address', noun: 'your address', maxLength: 9 }], next: 'check' },
      ],
      check: { slug: 'check', title: 'Check' },
    }),
  ).toThrow(JourneyError);
});

test('the typed journey is a journey like any other', () => {
  expect(typed.steps.map((step) => step.slug)).toEqual(['size', 'count']);
});
