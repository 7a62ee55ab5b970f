// Property tests of the path functions against random journeys (branches included) and random answers.
import fc from 'fast-check';
import type { AnswerValue, Answers } from '../../src/flow/fields';
import { checkUrl, stepUrl, type Journey, type Step } from '../../src/flow/journey';
import {
  answerStep,
  checkRedirect,
  firstOwedStep,
  isStepAnswered,
  keepOnPath,
  urlAfterAnswering,
  pathOf,
  resumeUrl,
  stepRedirect,
} from '../../src/flow/path';
import { answerRows } from '../../src/pages/answer-rows';
import { answersArbitrary, journeyArbitrary, journeyWithAnswers, stepAnswersArbitrary } from '../support/journeys';
import { propertyParameters } from '../support/property';

/**
 * The path written another way, as the oracle: at each step, keep only the answers of the steps walked so far, and
 * take the first rule whose field's answer equals the value (or, for a list, includes it), or whose `when` says so of them.
 */
function oraclePath(journey: Journey, answers: Answers): Step[] {
  const walked: Step[] = [];
  let slug: string | undefined = journey.steps[0]?.slug;
  for (;;) {
    const step = journey.steps.find((s) => s.slug === slug);
    if (step === undefined) return walked;
    walked.push(step);
    const known = new Map<string, AnswerValue>();
    for (const s of walked) for (const f of s.fields) if (answers[f.name] !== undefined) known.set(f.name, answers[f.name] as AnswerValue);
    const rules = typeof step.next === 'string' ? [step.next] : step.next;
    slug = undefined;
    for (const rule of rules) {
      if (typeof rule === 'string') {
        slug = rule;
        break;
      }
      const answer = 'when' in rule ? undefined : known.get(rule.field);
      const hit =
        'when' in rule
          ? rule.when(Object.fromEntries(known))
          : Array.isArray(answer)
            ? answer.includes(rule.value)
            : answer !== undefined && answer !== null && `${answer as string | number}` === rule.value;
      if (hit) {
        slug = rule.next;
        break;
      }
    }
  }
}

const slugsOf = (steps: readonly Step[]) => steps.map((s) => s.slug);

test('the path is the one the oracle walks: from the first step, forwards only, each step once', () => {
  fc.assert(
    fc.property(journeyWithAnswers, ([journey, answers]) => {
      const path = pathOf(journey, answers);
      expect(slugsOf(path)).toEqual(slugsOf(oraclePath(journey, answers)));
      expect(path[0]).toBe(journey.steps[0]);
      const indexes = path.map((s) => journey.steps.indexOf(s));
      expect(indexes.every((index, i) => i === 0 || index > (indexes[i - 1] ?? Infinity))).toBe(true);
    }),
    propertyParameters(300),
  );
});

test('the first step owed is on the path, unanswered, with every step before it on the path answered', () => {
  fc.assert(
    fc.property(journeyWithAnswers, ([journey, answers]) => {
      const path = pathOf(journey, answers);
      const owed = firstOwedStep(journey, answers);
      if (owed === undefined) {
        expect(path.every((s) => isStepAnswered(s, answers))).toBe(true);
        expect(resumeUrl(journey, answers)).toBe(checkUrl(journey));
        return;
      }
      const index = path.indexOf(owed);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(isStepAnswered(owed, answers)).toBe(false);
      expect(path.slice(0, index).every((s) => isStepAnswered(s, answers))).toBe(true);
      expect(resumeUrl(journey, answers)).toBe(stepUrl(journey, owed));
    }),
    propertyParameters(300),
  );
});

test('keeping the answers on the path drops exactly those of steps off it, and leaves the path as it was', () => {
  fc.assert(
    fc.property(journeyWithAnswers, ([journey, answers]) => {
      const kept = keepOnPath(journey, answers);
      const onPath = new Set(pathOf(journey, answers).flatMap((s) => s.fields.map((f) => f.name)));
      expect(Object.keys(kept).sort()).toEqual(Object.keys(answers).filter((name) => onPath.has(name)).sort());
      for (const [name, value] of Object.entries(kept)) expect(value).toEqual(answers[name]);
      expect(slugsOf(pathOf(journey, kept))).toEqual(slugsOf(pathOf(journey, answers)));
      expect(keepOnPath(journey, kept)).toEqual(kept);
    }),
    propertyParameters(300),
  );
});

test('a step may be shown exactly when it is on the path and every step before it there is answered; a redirect never leads to another redirect', () => {
  fc.assert(
    fc.property(journeyWithAnswers, ([journey, answers]) => {
      const path = pathOf(journey, answers);
      for (const step of journey.steps) {
        const index = path.indexOf(step);
        const allowed = index !== -1 && path.slice(0, index).every((s) => isStepAnswered(s, answers));
        const redirect = stepRedirect(journey, answers, step.slug);
        expect(redirect === undefined).toBe(allowed);
        if (redirect !== undefined) {
          expect(redirect).toBe(resumeUrl(journey, answers));
          const target = journey.steps.find((s) => stepUrl(journey, s) === redirect);
          if (target) expect(stepRedirect(journey, answers, target.slug)).toBeUndefined();
          else expect(checkRedirect(journey, answers)).toBeUndefined();
        }
      }
      const complete = path.every((s) => isStepAnswered(s, answers));
      expect(checkRedirect(journey, answers) === undefined).toBe(complete);
    }),
    propertyParameters(300),
  );
});

test('answering the page the engine asks for, again and again, reaches the check page within as many answers as there are steps', () => {
  fc.assert(
    fc.property(
      journeyArbitrary.chain((journey) => fc.tuple(fc.constant(journey), fc.tuple(...journey.steps.map(stepAnswersArbitrary)))),
      ([journey, choices]) => {
        let answers: Answers = {};
        let page = resumeUrl(journey, answers);
        let answered = 0;
        while (page !== checkUrl(journey)) {
          const step = journey.steps.find((s) => stepUrl(journey, s) === page);
          if (step === undefined) throw new Error(`no step at ${page}`);
          expect(stepRedirect(journey, answers, step.slug)).toBeUndefined();
          answers = answerStep(journey, answers, step, choices[journey.steps.indexOf(step)] ?? {});
          page = urlAfterAnswering(journey, answers);
          answered += 1;
          expect(answered).toBeLessThanOrEqual(journey.steps.length);
        }
        expect(answered).toBe(pathOf(journey, answers).length);
        expect(checkRedirect(journey, answers)).toBeUndefined();
      },
    ),
    propertyParameters(200),
  );
});

test('a change from the check page comes back to it, unless it opened a branch, whose first owed step comes after the changed one', () => {
  fc.assert(
    fc.property(
      journeyArbitrary.chain((journey) =>
        fc.tuple(fc.constant(journey), fc.tuple(...journey.steps.map(stepAnswersArbitrary)), fc.tuple(...journey.steps.map(stepAnswersArbitrary)), fc.nat()),
      ),
      ([journey, first, second, pick]) => {
        // A complete journey, as the check page shows it.
        let answers: Answers = {};
        for (let owed = firstOwedStep(journey, answers); owed; owed = firstOwedStep(journey, answers)) {
          answers = answerStep(journey, answers, owed, first[journey.steps.indexOf(owed)] ?? {});
        }
        const path = pathOf(journey, answers);
        const changed = path[pick % path.length];
        if (changed === undefined) throw new Error('empty path');
        expect(stepRedirect(journey, answers, changed.slug)).toBeUndefined();
        const after = answerStep(journey, answers, changed, second[journey.steps.indexOf(changed)] ?? {});
        const owed = firstOwedStep(journey, after);
        if (owed === undefined) {
          expect(urlAfterAnswering(journey, after)).toBe(checkUrl(journey));
        } else {
          expect(urlAfterAnswering(journey, after)).toBe(stepUrl(journey, owed));
          expect(journey.steps.indexOf(owed)).toBeGreaterThan(journey.steps.indexOf(changed));
        }
        // The steps before the changed one keep their answers.
        for (const step of path.slice(0, path.indexOf(changed))) for (const f of step.fields) expect(after[f.name]).toEqual(answers[f.name]);
      },
    ),
    propertyParameters(200),
  );
});

test('whatever steps are posted in whatever order, with the guards applied, the answers only ever hold the path\'s fields', () => {
  fc.assert(
    fc.property(
      journeyArbitrary.chain((journey) =>
        fc.tuple(
          fc.constant(journey),
          fc.array(fc.nat({ max: journey.steps.length - 1 }).chain((i) => fc.tuple(fc.constant(i), stepAnswersArbitrary(journey.steps[i] as Step))), { maxLength: 12 }),
        ),
      ),
      ([journey, posts]) => {
        let answers: Answers = {};
        for (const [index, stepAnswers] of posts) {
          const step = journey.steps[index] as Step;
          if (stepRedirect(journey, answers, step.slug) !== undefined) continue; // the engine answers 303 and stores nothing
          answers = answerStep(journey, answers, step, stepAnswers);
          expect(keepOnPath(journey, answers)).toEqual(answers);
          for (const f of step.fields) expect(answers[f.name]).toEqual(stepAnswers[f.name]);
        }
      },
    ),
    propertyParameters(200),
  );
});

test('the rows are the answered fields of the path, in its order, each linking to its own step', () => {
  fc.assert(
    fc.property(journeyArbitrary.chain((journey) => fc.tuple(fc.constant(journey), answersArbitrary(journey))), ([journey, answers]) => {
      const rows = answerRows(journey, answers);
      const expected = pathOf(journey, answers).flatMap((s) => s.fields.filter((f) => answers[f.name] !== undefined).map((f) => [f.name, stepUrl(journey, s)]));
      expect(rows.map((r) => [r.field, r.href])).toEqual(expected);
      expect(rows.every((r) => typeof r.value === 'string')).toBe(true);
    }),
    propertyParameters(200),
  );
});
