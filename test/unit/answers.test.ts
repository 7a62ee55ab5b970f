import { firstUnansweredStep, labelledAnswers, readAnswers, storeAnswers, type LessonHolder } from '../../src/flow/answers';
import { nextPath, stepModel } from '../../src/routes/flow';
import { paths } from '../../src/flow/paths';
import { steps } from '../../src/flow/steps';


describe('answers and the next step', () => {
  test('owes the first step when nothing is answered', () => {
    expect(firstUnansweredStep({})?.path).toBe('/page1');
    expect(nextPath({})).toBe('/page1');
  });

  test('owes page 2 once page 1 is answered, and goes to the summary when all are', () => {
    expect(nextPath({ firstName: 'A', lastName: 'B' })).toBe('/page2');
    expect(nextPath({ firstName: 'A', lastName: 'B', favoriteColor: 'red' })).toBe(paths.summary);
  });

  test('treats a step with only some fields answered as unanswered', () => {
    expect(firstUnansweredStep({ firstName: 'A', favoriteColor: 'red' })?.path).toBe('/page1');
  });

  test('stores only the fields the steps declare, keeping earlier answers', () => {
    const data: LessonHolder = { journeys: { lesson: { firstName: 'A', lastName: 'B' } } };
    storeAnswers(data, { favoriteColor: 'red', isAdmin: 'yes', __proto__: 'x' });
    expect(readAnswers(data)).toEqual({ firstName: 'A', lastName: 'B', favoriteColor: 'red' });
  });

  test('lists stored answers with their labels in question order', () => {
    expect(labelledAnswers({ favoriteColor: 'red', firstName: 'A' }).map((r) => `${r.label}: ${r.value}`)).toEqual([
      'First name: A',
      'Favourite colour: red',
    ]);
  });

  test('builds a step model with each field’s value and error', () => {
    const model = stepModel(steps[0]!, 0, { firstName: 'Ada', lastName: '' }, [{ field: 'lastName', message: 'Enter your last name' }]);
    expect(model.title).toBe('Error: What is your name?');
    expect(model.fields.map((f) => [f.name, f.value, f.error])).toEqual([
      ['firstName', 'Ada', undefined],
      ['lastName', '', 'Enter your last name'],
    ]);
    expect(model.previous.path).toBe('/');
  });
});
