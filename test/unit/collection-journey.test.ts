// The format's two new primitives checked at start-up: a collection step and a task list, each mistake named.
import { defineJourney, journeyProblems, type Collection, type Journey } from '../../src/flow/journey';
import { partyJourney } from '../../src/flow/journeys/party';
import { pageUrls } from '../../src/flow/registry';

const guests: Collection = partyJourney.steps.find((step) => step.collection)!.collection!;

function withTaskList(change: (journey: Journey) => Journey): string[] {
  return journeyProblems(change(partyJourney));
}

test('the party is accepted, and serves its task list at its base path', () => {
  expect(journeyProblems(partyJourney)).toEqual([]);
  expect(pageUrls(partyJourney)).toEqual(['/party', '/party/date', '/party/venue', '/party/guests', '/party/check', '/party/done', '/party/cancel']);
});

test.each<[string, (journey: Journey) => Journey, string]>([
  ['a section requiring a later one', (j) => ({ ...j, taskList: { ...j.taskList!, sections: [{ title: 'Date and time', steps: ['date'] }, { title: 'Venue', steps: ['venue'], requires: ['Guests'] }, { title: 'Guests', steps: ['guests'] }] } }), 'taskList: section "Venue" requires "Guests", which is not an earlier section'],
  ['a step in no section', (j) => ({ ...j, taskList: { ...j.taskList!, sections: [{ title: 'Date and time', steps: ['date'] }, { title: 'Guests', steps: ['guests'] }] } }), 'taskList: its sections must hold every step once'],
  ['a task list at the root', (j) => ({ ...j, basePath: '' }), 'a journey with a task list needs a base path of its own'],
  ['a list of no items at most', (j) => ({ ...j, steps: j.steps.map((s) => (s.collection ? { ...s, collection: { ...guests, max: 0 } } : s)) }), 'collection "guests": needs whole numbers 0 <= min <= max, max at least 1'],
  ['an item named by an optional field', (j) => ({ ...j, steps: j.steps.map((s) => (s.collection ? { ...s, collection: { ...guests, itemLabel: 'diet' } } : s)) }), 'itemLabel "diet" must name one of its required fields'],
  ['a field called id', (j) => ({ ...j, steps: j.steps.map((s) => (s.collection ? { ...s, collection: { ...guests, fields: [...guests.fields, { type: 'text', name: 'id', label: 'Id', noun: 'an id', maxLength: 5 }] } } : s)) }), '"id" is the item\'s own id'],
  ['a list named like a field', (j) => ({ ...j, steps: j.steps.map((s) => (s.collection ? { ...s, collection: { ...guests, name: 'venue' } } : s)) }), 'field "venue" is declared twice'],
])('%s is refused, named', (_name, change, problem) => {
  expect(withTaskList(change).join('; ')).toContain(problem);
});

test('defineJourney stops at the first mistake with the journey named', () => {
  expect(() => defineJourney({ ...partyJourney, basePath: '' })).toThrow('journey "party": a journey with a task list needs a base path of its own');
});
