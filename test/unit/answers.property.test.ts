// Property tests of the answers (flow/answers) and the router's next step (routes/flow): storing a step's answers, and where the journey goes next, for any stored state.
import fc from 'fast-check';
import { firstUnansweredStep, isStepAnswered, readAnswers, storeAnswers, type LessonHolder } from '../../src/flow/answers';
import { nextPath } from '../../src/routes/flow';
import { paths } from '../../src/flow/paths';
import { allFields, steps } from '../../src/flow/steps';
import { validateStep } from '../../src/flow/validate';
import { propertyParameters } from '../support/property';

const fieldNames = allFields.map((f) => f.name);
const answer = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s.length > 0);

/** Any subset of the fields answered, as a session could hold them. */
const storedAnswers = fc.dictionary(fc.constantFrom(...fieldNames), answer);

/** A submission for a step: its fields with any value, plus keys no step declares. */
const submission = fc.record({
  stepIndex: fc.integer({ min: 0, max: steps.length - 1 }),
  body: fc.dictionary(
    fc.constantFrom(...fieldNames, '_csrf', '__proto__', 'answers', 'notice', 'cookie'),
    fc.oneof(fc.string({ maxLength: 110 }), fc.array(fc.string(), { maxLength: 2 }), fc.constant(undefined)),
  ),
});

function session(answers: Record<string, string> | undefined): LessonHolder {
  return { journeys: answers === undefined ? {} : { lesson: { ...answers } } };
}

test('a valid submit changes exactly its own step\'s answers; an invalid one would change nothing', () => {
  fc.assert(
    fc.property(fc.option(storedAnswers, { nil: undefined }), submission, (before, { stepIndex, body }) => {
      const step = steps[stepIndex];
      if (step === undefined) throw new Error('no step');
      const s = session(before);
      const { values, errors } = validateStep(step, body);
      // The router stores only when there are no errors (tested over HTTP in test/http/fuzz-bodies.test.ts).
      if (errors.length > 0) return;
      storeAnswers(s, values);
      const after = readAnswers(s);
      for (const name of fieldNames) {
        const own = step.fields.some((f) => f.name === name);
        expect(after[name]).toBe(own ? values[name] : before?.[name]);
      }
      expect(Object.keys(after).every((k) => fieldNames.includes(k))).toBe(true);
    }),
    propertyParameters(300),
  );
});

test('storing answers never keeps a key that no step declares, nor changes Object.prototype', () => {
  fc.assert(
    fc.property(storedAnswers, fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 5 })), (before, values) => {
      const s = session(before);
      storeAnswers(s, values);
      expect(Object.keys(readAnswers(s)).every((k) => fieldNames.includes(k))).toBe(true);
      expect(Object.keys(Object.prototype)).toEqual([]);
    }),
    propertyParameters(200),
  );
});

test('the next page is the first step with an unanswered field, or the summary when there is none', () => {
  fc.assert(
    fc.property(storedAnswers, (answers) => {
      const owed = steps.findIndex((step) => step.fields.some((f) => answers[f.name] === undefined));
      expect(nextPath(answers)).toBe(owed === -1 ? paths.summary : steps[owed]?.path);
      const first = firstUnansweredStep(answers);
      if (first !== undefined) {
        expect(isStepAnswered(first, answers)).toBe(false);
        expect(steps.slice(0, steps.indexOf(first)).every((step) => isStepAnswered(step, answers))).toBe(true);
      }
    }),
    propertyParameters(200),
  );
});

test('answering the steps in any order ends at the summary once, and only once, every step is answered', () => {
  fc.assert(
    fc.property(fc.shuffledSubarray([...steps.keys()], { minLength: 1 }), (order) => {
      const s = session(undefined);
      order.forEach((index, n) => {
        const step = steps[index];
        if (step === undefined) throw new Error('no step');
        const values = Object.fromEntries(step.fields.map((f) => [f.name, 'x']));
        storeAnswers(s, values);
        const done = n === steps.length - 1;
        expect(nextPath(readAnswers(s)) === paths.summary).toBe(done);
      });
    }),
    propertyParameters(50),
  );
});
