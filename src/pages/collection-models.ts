// Page models for a task list and a collection's pages (its list, an item's page, "are you sure"): pure functions of a
// journey and its answers, as journey-models.ts's are for steps.
import { findItem, itemName, itemStep, itemsOf } from '../flow/collection';
import type { Answers, StepValidation } from '../flow/fields';
import { stepUrl, submitUrls, type Collection, type Journey, type RadiosField, type Step, type TaskList } from '../flow/journey';
import { STATUS_WORDS, tasksOf, taskListUrl } from '../flow/sections';
import { itemRows } from './answer-rows';
import { fieldModels } from './field-models';
import { stepPageModel } from './journey-models';
import type { CollectionPage, StepPage, TaskListPage } from './models';

export function taskListPageModel(journey: Journey, taskList: TaskList, answers: Answers): TaskListPage {
  const tasks = tasksOf(journey, taskList, answers);
  const sections = tasks.slice(0, -1);
  return {
    title: taskList.title,
    heading: taskList.title,
    completed: { done: sections.filter((task) => task.status === 'completed').length, of: sections.length },
    tasks: tasks.map((task, index) => ({ ...task, id: `task-${index + 1}`, statusText: STATUS_WORDS[task.status] })),
    cancel: journey.submit && Object.keys(answers).length > 0 ? { action: submitUrls(journey, journey.submit).cancel, button: journey.submit.cancelButton } : undefined,
  };
}

/** The fixed parts of a collection's URLs: its list, the add page, and an item's change and remove pages. */
export function collectionUrls(journey: Journey, step: Step): { list: string; add: string; item: (id: string) => string; remove: (id: string) => string } {
  const list = stepUrl(journey, step);
  return { list, add: `${list}/add`, item: (id) => `${list}/${id}`, remove: (id) => `${list}/${id}/remove` };
}

/** The list page's "add another?" question, as a radios field. */
export function addAnotherField(collection: Collection): RadiosField {
  return {
    type: 'radios',
    name: collection.addAnother.name,
    label: collection.addAnother.question,
    noun: `yes if you need to add another ${collection.one}`,
    options: [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ],
  };
}

/** The list: "You have added N guests", each with Change and Remove links, then "add another?" (unless the list is full). */
export function collectionPageModel(journey: Journey, step: Step, collection: Collection, answers: Answers, sent?: Pick<StepValidation, 'values' | 'errors'>): CollectionPage {
  const urls = collectionUrls(journey, step);
  const items = itemsOf(collection, answers);
  const rows = itemRows(journey, step, collection, answers);
  const heading = `You have added ${items.length} ${items.length === 1 ? collection.one : collection.many}`;
  const full = items.length >= collection.max;
  const errors = sent?.errors ?? [];
  const field = addAnotherField(collection);
  const chosen = answers[field.name] === 'no' ? { [field.name]: 'no' } : {};
  return {
    title: errors.length > 0 ? `Error: ${heading}` : heading,
    heading,
    action: urls.list,
    previous: { href: taskListUrl(journey), label: 'Back to the task list' },
    items: items.map((item, index) => ({
      name: itemName(collection, item),
      details: rows[index]?.value ?? '',
      changeHref: urls.item(item.id),
      removeHref: urls.remove(item.id),
    })),
    full: full ? `You can add up to ${collection.max} ${collection.many}, so you cannot add another.` : undefined,
    errors,
    fields: full ? [] : fieldModels([field], sent?.values ?? chosen, errors),
    cancel: journey.submit && { action: submitUrls(journey, journey.submit).cancel, button: journey.submit.cancelButton },
  };
}

/** An item's page: to add one (no id), or to change the item `id`, as a step page whose form posts back to itself. */
export function itemPageModel(journey: Journey, step: Step, collection: Collection, answers: Answers, id: string | undefined, sent?: Pick<StepValidation, 'values' | 'errors'>): StepPage {
  const urls = collectionUrls(journey, step);
  const slug = `${step.slug}/${id ?? 'add'}`;
  const item = id === undefined ? undefined : findItem(collection, answers, id);
  const page = stepPageModel(journey, itemStep(step, collection, slug, id === undefined ? collection.addTitle : collection.changeTitle), item ?? {}, sent);
  return { ...page, previous: { href: urls.list, label: `Back to your ${collection.many}` } };
}

/** "Are you sure you want to remove Ada?": one radios question, `confirm`, yes or no. */
export function removeStep(step: Step, collection: Collection, answers: Answers, id: string): Step | undefined {
  const item = findItem(collection, answers, id);
  if (item === undefined) return undefined;
  const confirm: RadiosField = {
    type: 'radios',
    name: 'confirm',
    label: 'Remove',
    noun: `yes if you want to remove this ${collection.one}`,
    options: [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ],
  };
  return { slug: `${step.slug}/${id}/remove`, title: `Are you sure you want to remove ${itemName(collection, item)}?`, fields: [confirm], next: step.slug };
}

export function removePageModel(journey: Journey, step: Step, collection: Collection, removal: Step, sent?: Pick<StepValidation, 'values' | 'errors'>): StepPage {
  const page = stepPageModel(journey, removal, {}, sent);
  return { ...page, previous: { href: collectionUrls(journey, step).list, label: `Back to your ${collection.many}` } };
}
