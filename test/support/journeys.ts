// Journeys for tests: fast-check arbitraries (random journeys, branches included, and answers a session could hold), and
// answerJourney, which answers any journey over HTTP from a plain object of answers.
import fc from 'fast-check';
import type { AnswerValue, Answers } from '../../src/flow/fields';
import { defineJourney, stepFields, type Field, type Journey, type NextRule, type Step } from '../../src/flow/journey';
import { csrfFrom, type Agent } from './app';

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

/** A named predicate: `name`'s answer is a number of at least 3. */
function atLeastThree(name: string): (answers: Answers) => boolean {
  return function atLeastThree(answers: Answers): boolean {
    const value = answers[name];
    return typeof value === 'number' && value >= 3;
  };
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
      const equals: fc.Arbitrary<NextRule> = fc
        .constantFrom(...askedSoFar)
        .chain((field) => fc.record({ field: fc.constant(field.name), value: ruleValue(field), next: target(i) }));
      const numbers = askedSoFar.filter((field) => field.type === 'number');
      // A `when` on a range: a number asked so far of at least 3.
      const when: fc.Arbitrary<NextRule> =
        numbers.length === 0 ? equals : fc.tuple(fc.constantFrom(...numbers), target(i)).map(([field, next]) => ({ when: atLeastThree(field.name), next }));
      const rule = fc.oneof(equals, when);
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
      return defineJourney({ id: 'random', label: 'Random', basePath: '/j', steps, check: { slug: 'check', title: 'Check' } });
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
    case 'date':
      return fc.constantFrom('2027-03-06', '2026-12-31');
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

/**
 * A form's name=value pairs for one step, from plain answers, as a browser sends them: a list repeats its name (ticked
 * checkboxes), a date (`YYYY-MM-DD`) fills its three boxes, a revealed field is sent when its answer is given, and an
 * answer left out (or null, for an optional field) sends nothing.
 */
export function formPairsFor(step: Step, answers: Readonly<Record<string, unknown>>): [string, string][] {
  return stepFields(step).flatMap((field): [string, string][] => {
    const value = answers[field.name];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value.map((v): [string, string] => [field.name, String(v)]);
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${field.name}: ${typeof value} is no answer`);
    if (field.type === 'date') {
      const [year = '', month = '', day = ''] = String(value).split('-');
      return [[`${field.name}-day`, day], [`${field.name}-month`, month], [`${field.name}-year`, year]];
    }
    return [[field.name, String(value)]];
  });
}

/**
 * Answers a journey over HTTP from a plain object of answers, as a browser would: from the first step, each page the
 * app sends the visitor to is fetched (its token read from the page), its fields filled from `answers` and posted,
 * until the app sends the visitor to the check page. Returns the URLs posted to, in order. Fails when a post is not
 * answered with a 303 (the response's text then says why).
 */
export async function answerJourney(agent: Agent, journey: Journey, answers: Readonly<Record<string, unknown>>): Promise<string[]> {
  const checkUrl = `${journey.basePath}/${journey.check.slug}`;
  const posted: string[] = [];
  let url = `${journey.basePath}/${journey.steps[0]?.slug ?? ''}`;
  for (let i = 0; i <= journey.steps.length && url !== checkUrl; i++) {
    const page = await agent.get(url);
    if (page.status === 303) {
      url = String(page.headers.location);
      continue;
    }
    const step = journey.steps.find((s) => `${journey.basePath}/${s.slug}` === url);
    if (page.status !== 200 || step === undefined) throw new Error(`GET ${url}: ${page.status}, not a step of "${journey.id}"`);
    const body = new URLSearchParams([...formPairsFor(step, answers), ['_csrf', csrfFrom(page.text)]]).toString();
    const res = await agent.post(url).type('form').send(body);
    if (res.status !== 303) throw new Error(`POST ${url}: ${res.status}\n${res.text.slice(0, 2000)}`);
    posted.push(url);
    url = String(res.headers.location);
  }
  if (url !== checkUrl) throw new Error(`"${journey.id}" did not reach its check page (stopped at ${url})`);
  return posted;
}
