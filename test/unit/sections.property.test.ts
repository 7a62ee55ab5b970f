// Property tests of sections and the task list on random journeys (branches included) grouped into random sections:
// each status agrees with the guards, since both are worked out from the answers by the same functions.
import fc from 'fast-check';
import { askedNames, checkUrl, defineJourney, stepUrl, type Journey, type Section } from '../../src/flow/journey';
import { isPathAnswered, isStepAnswered, pathOf } from '../../src/flow/path';
import { checkGuard, nextAfter, sectionStatus, stepGuard, taskListUrl, tasksOf } from '../../src/flow/sections';
import { answersArbitrary, journeyArbitrary } from '../support/journeys';
import { propertyParameters } from '../support/property';

/** A random journey with its steps cut into consecutive sections, each requiring some earlier ones. */
const sectionedJourney: fc.Arbitrary<Journey> = journeyArbitrary.chain((journey) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: journey.steps.length - 1, maxLength: journey.steps.length - 1 }),
      fc.array(fc.array(fc.boolean(), { maxLength: 6 }), { minLength: journey.steps.length, maxLength: journey.steps.length }),
    )
    .map(([cuts, requireFlags]) => {
      const sections: { title: string; steps: string[]; requires: string[] }[] = [];
      journey.steps.forEach((step, i) => {
        if (i === 0 || cuts[i - 1] === true) {
          const title = `Section ${sections.length + 1}`;
          const requires = sections.filter((_s, j) => requireFlags[sections.length]?.[j] === true).map((s) => s.title);
          sections.push({ title, steps: [], requires });
        }
        sections[sections.length - 1]?.steps.push(step.slug);
      });
      return defineJourney({ ...journey, steps: journey.steps, taskList: { title: 'Tasks', sections, checkTask: 'Check' } });
    }),
);

const journeyAndAnswers = sectionedJourney.chain((journey) => fc.tuple(fc.constant(journey), answersArbitrary(journey)));

function sectionsOf(journey: Journey): readonly Section[] {
  return journey.taskList?.sections ?? [];
}


test('Completed for every section exactly when the check page may be shown, and Send invitations can start', () => {
  fc.assert(
    fc.property(journeyAndAnswers, ([journey, answers]) => {
      const taskList = journey.taskList!;
      const allCompleted = sectionsOf(journey).every((section) => sectionStatus(journey, answers, section, taskList) === 'completed');
      expect(checkGuard(journey, answers) === undefined).toBe(allCompleted);
      expect(isPathAnswered(journey, answers)).toBe(allCompleted);
      const tasks = tasksOf(journey, taskList, answers);
      expect(tasks[tasks.length - 1]?.href).toBe(allCompleted ? checkUrl(journey) : undefined);
    }),
    propertyParameters(300),
  );
});

test('a status is what the guards say: Cannot start yet sends every step of the section to the task list; any other lets its first step owed be shown', () => {
  fc.assert(
    fc.property(journeyAndAnswers, ([journey, answers]) => {
      const taskList = journey.taskList!;
      const path = pathOf(journey, answers);
      for (const section of sectionsOf(journey)) {
        const status = sectionStatus(journey, answers, section, taskList);
        const onPath = path.filter((step) => section.steps.includes(step.slug));
        if (status === 'cannotStart') {
          for (const step of onPath) expect(stepGuard(journey, answers, step.slug)).toBe(taskListUrl(journey));
          continue;
        }
        const first = onPath.find((step) => !isStepAnswered(step, answers)) ?? onPath[0];
        if (first !== undefined) expect(stepGuard(journey, answers, first.slug)).toBeUndefined();
        if (status === 'completed') expect(onPath.every((step) => isStepAnswered(step, answers))).toBe(true);
        if (status === 'notStarted') expect(onPath.flatMap((step) => askedNames(step, answers)).some((name) => Object.hasOwn(answers, name))).toBe(false);
        if (status === 'inProgress') expect(onPath.some((step) => !isStepAnswered(step, answers))).toBe(true);
      }
      // A task without a link is exactly one that cannot start yet.
      for (const task of tasksOf(journey, taskList, answers)) expect(task.href === undefined).toBe(task.status === 'cannotStart');
    }),
    propertyParameters(300),
  );
});

test('a step off the path is never shown, and a step is shown only after the steps before it in its section', () => {
  fc.assert(
    fc.property(journeyAndAnswers, ([journey, answers]) => {
      const path = pathOf(journey, answers);
      for (const step of journey.steps) {
        const guard = stepGuard(journey, answers, step.slug);
        if (!path.includes(step)) expect(guard).toBe(taskListUrl(journey));
        if (guard !== undefined) continue;
        const section = sectionsOf(journey).find((s) => s.steps.includes(step.slug))!;
        const before = path.filter((s) => section.steps.includes(s.slug));
        expect(before.slice(0, before.indexOf(step)).every((s) => isStepAnswered(s, answers))).toBe(true);
      }
    }),
    propertyParameters(300),
  );
});

test('after a step: the next step its section owes, else the check page once every section is completed, else the task list', () => {
  fc.assert(
    fc.property(journeyAndAnswers, ([journey, answers]) => {
      for (const step of pathOf(journey, answers)) {
        const next = nextAfter(journey, answers, step);
        const section = sectionsOf(journey).find((s) => s.steps.includes(step.slug))!;
        const owed = pathOf(journey, answers).filter((s) => section.steps.includes(s.slug) && !isStepAnswered(s, answers));
        if (owed[0] !== undefined) expect(next).toBe(stepUrl(journey, owed[0]));
        else expect(next).toBe(isPathAnswered(journey, answers) ? checkUrl(journey) : taskListUrl(journey));
      }
    }),
    propertyParameters(300),
  );
});

test('statuses are worked out, not stored: the same answers always give the same statuses, whatever came before', () => {
  fc.assert(
    fc.property(journeyAndAnswers, ([journey, answers]) => {
      const taskList = journey.taskList!;
      const first = tasksOf(journey, taskList, answers);
      tasksOf(journey, taskList, {}); // another visitor's list in between
      expect(tasksOf(journey, taskList, answers)).toEqual(first);
    }),
    propertyParameters(100),
  );
});
