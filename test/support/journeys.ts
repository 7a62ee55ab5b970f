// fast-check arbitraries for the journey engine: random journeys (branches included) and answers a session could hold.
import fc from 'fast-check';
import type { AnswerValue, Answers } from '../../src/flow/fields';
import { defineJourney, type Field, type Journey, type NextRule, type Step } from '../../src/flow/journey';

const OPTIONS = ['a', 'b', 'c', 'd'];

function fieldArbitrary(name: string): fc.Arbitrary<Field> {
  const base = { name, label: `Label ${name}`, noun: `the ${name}` };
  const options = fc.subarray(OPTIONS, { minLength: 1 }).map((values) => values.map((value) => ({ value, label: value.toUpperCase() })));
  return fc.oneof(
    fc.constant<Field>({ ...base, type: 'text', maxLength: 20 }),
    fc.constant<Field>({ ...base, type: 'textarea', minLength: 2, maxLength: 30 }),
    fc.constant<Field>({ ...base, type: 'number', min: 1, max: 5 }),
    options.map<Field>((o) => ({ ...base, type: 'radios', options: o })),
    fc.tuple(options, fc.integer({ min: 1, max: 3 })).map<Field>(([o, maxChoices]) => ({ ...base, type: 'checkboxes', options: o, maxChoices, noneLabel: 'None' })),
  );
}

/** A value a field's rule compares with: an option for radios and checkboxes, a plausible answer otherwise. */
function ruleValue(field: Field): fc.Arbitrary<string> {
  if (field.type === 'radios' || field.type === 'checkboxes') return fc.constantFrom(...field.options.map((o) => o.value));
  if (field.type === 'number') return fc.constantFrom('1', '2', '5');
  return fc.constantFrom('xx', 'hello');
}

/**
 * A journey of 1 to 6 steps under /j, each with 1 or 2 fields of any type, whose `next` is a later step, the check page,
 * or up to 3 branch rules on fields asked on that step or before it, with a default. Every step is reachable by some
 * `next` (defineJourney insists), though not necessarily by every set of answers.
 */
export const journeyArbitrary: fc.Arbitrary<Journey> = fc
  .integer({ min: 1, max: 6 })
  .chain((count) =>
    fc.tuple(...Array.from({ length: count }, (_, i) => fc.array(fc.constant(null), { minLength: 1, maxLength: 2 }).chain((slots) => fc.tuple(...slots.map((_s, j) => fieldArbitrary(`f${i}x${j}`)))))),
  )
  .chain((fieldsPerStep) => {
    const count = fieldsPerStep.length;
    const slugs = fieldsPerStep.map((_f, i) => `s${i}`);
    const target = (i: number) => fc.integer({ min: i + 1, max: count }).map((t) => (t === count ? 'check' : `s${t}`));
    const nexts = fieldsPerStep.map((_fields, i) => {
      const askedSoFar = fieldsPerStep.slice(0, i + 1).flat();
      const rule: fc.Arbitrary<NextRule> = fc
        .constantFrom(...askedSoFar)
        .chain((field) => fc.record({ field: fc.constant(field.name), value: ruleValue(field), next: target(i) }));
      return fc.oneof(target(i), fc.tuple(fc.array(rule, { maxLength: 3 }), target(i)).map(([rules, fallback]) => [...rules, fallback] as const));
    });
    return fc.tuple(...nexts).map((next) => {
      const steps: Step[] = fieldsPerStep.map((fields, i) => ({ slug: slugs[i] ?? '', title: `Step ${i}`, fields, next: next[i] ?? 'check' }));
      // A step no `next` names becomes the default of the step before it, so defineJourney accepts the journey.
      for (let i = 1; i < steps.length; i++) {
        const slug = steps[i]?.slug ?? '';
        const reached = steps.some((s) => (typeof s.next === 'string' ? [s.next] : s.next).some((r) => (typeof r === 'string' ? r : r.next) === slug));
        const before = steps[i - 1];
        if (!reached && before) {
          const rules = typeof before.next === 'string' ? [] : before.next.slice(0, -1);
          steps[i - 1] = { ...before, next: [...(rules as NextRule[]), slug] };
        }
      }
      return defineJourney({ id: 'order', label: 'Random', basePath: '/j', steps, check: { slug: 'check', title: 'Check' } });
    });
  });

/** A valid answer for a field. */
export function answerArbitrary(field: Field): fc.Arbitrary<AnswerValue> {
  switch (field.type) {
    case 'text':
      return fc.constantFrom('xx', 'hello', 'José');
    case 'textarea':
      return fc.constantFrom('xx', 'hello', 'line 1\nline 2');
    case 'number':
      return fc.integer({ min: field.min, max: field.max });
    case 'radios':
      return fc.constantFrom(...field.options.map((o) => o.value));
    case 'checkboxes':
      return fc.subarray(field.options.map((o) => o.value), { maxLength: Math.min(field.maxChoices, field.options.length) });
  }
}

/** Valid answers for any subset of the journey's fields (as a session could hold them before pruning). */
export function answersArbitrary(journey: Journey): fc.Arbitrary<Answers> {
  const fields = journey.steps.flatMap((s) => s.fields);
  return fc
    .tuple(...fields.map((field) => fc.option(answerArbitrary(field), { nil: undefined })))
    .map((values) => Object.fromEntries(fields.flatMap((field, i) => (values[i] === undefined ? [] : [[field.name, values[i]]]))));
}

/** A step's answers: one valid answer for each of its fields. */
export function stepAnswersArbitrary(step: Step): fc.Arbitrary<Answers> {
  return fc.tuple(...step.fields.map(answerArbitrary)).map((values) => Object.fromEntries(step.fields.map((f, i) => [f.name, values[i] as AnswerValue])));
}

export const journeyWithAnswers = journeyArbitrary.chain((journey) => fc.tuple(fc.constant(journey), answersArbitrary(journey)));
