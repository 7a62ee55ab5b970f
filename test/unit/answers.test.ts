// The lesson as a journey: where it goes next, what it stores, how its pages read (behaviour unchanged from the seed).
import { validateStep } from '../../src/flow/fields';
import { lessonJourney as lesson } from '../../src/flow/journeys';
import { answerStep, firstOwedStep, urlAfterAnswering } from '../../src/flow/path';
import { answerRows } from '../../src/pages/answer-rows';
import { checkPageModel, stepPageModel } from '../../src/pages/journey-models';

const [page1, page2] = lesson.steps as [(typeof lesson.steps)[number], (typeof lesson.steps)[number]];

describe('the lesson journey', () => {
  test('owes page 1 when nothing is answered', () => {
    expect(firstOwedStep(lesson, {})?.slug).toBe('page1');
    expect(urlAfterAnswering(lesson, {})).toBe('/page1');
  });

  test('owes page 2 once page 1 is answered, and goes to the summary when all are', () => {
    expect(urlAfterAnswering(lesson, { firstName: 'A', lastName: 'B' })).toBe('/page2');
    expect(urlAfterAnswering(lesson, { firstName: 'A', lastName: 'B', favoriteColor: 'red' })).toBe('/page3');
  });

  test('treats a step with only some fields answered as unanswered', () => {
    expect(firstOwedStep(lesson, { firstName: 'A', favoriteColor: 'red' })?.slug).toBe('page1');
  });

  test('stores only the fields the step declares, keeping earlier answers', () => {
    const after = answerStep(lesson, { firstName: 'A', lastName: 'B' }, page2, { favoriteColor: 'red', isAdmin: 'yes', firstName: 'Mallory' });
    expect(after).toEqual({ firstName: 'A', lastName: 'B', favoriteColor: 'red' });
  });

  test('lists stored answers with their labels in question order', () => {
    expect(answerRows(lesson, { favoriteColor: 'red', firstName: 'A', lastName: 'B' }).map((r) => `${r.label}: ${r.value}`)).toEqual([
      'First name: A',
      'Last name: B',
      'Favourite colour: red',
    ]);
  });

  test('builds a step model with each field’s value and error', () => {
    const sent = validateStep(page1, { firstName: 'Ada', lastName: ' ' });
    const model = stepPageModel(lesson, page1, {}, sent);
    expect(model.title).toBe('Error: What is your name?');
    expect(model.fields.map((f) => [f.name, f.value, f.error])).toEqual([
      ['firstName', 'Ada', undefined],
      ['lastName', '', 'Enter your last name'],
    ]);
    expect(model.previous.href).toBe('/');
    expect(model.cancel).toBeUndefined();
    expect(stepPageModel(lesson, page2, { firstName: 'A', lastName: 'B' }).previous).toEqual({ href: '/page1', label: 'Previous question' });
  });

  test('its summary says where the answers live, and offers no "Place order"', () => {
    const model = checkPageModel(lesson, { firstName: 'A', lastName: 'B', favoriteColor: 'red' }, 'cookie');
    expect(model.title).toBe('Now I know…');
    expect(model.lead).toBe('These answers live in your session, inside a signed cookie. Change any of them, or start over.');
    expect(model.placing).toBeUndefined();
    expect(model.back).toBeUndefined();
  });
});
