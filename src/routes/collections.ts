// A collection step's pages ("add another": the list, add, change, remove with "are you sure") and a journey's task list.
// Every change is a pure function of the journey's state keyed by the item's id, applied through updateJourney (so a
// change re-applied after another tab's lands on the newer list), and followed by the path's pruning.
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { addItem, answerAddAnother, changeItem, findItem, ItemNotFoundError, itemsOf, itemStep, removeItem } from '../flow/collection';
import { validateStep, type Answers } from '../flow/fields';
import type { Collection, Journey, Step, TaskList } from '../flow/journey';
import { keepOnPath } from '../flow/path';
import { nextAfter, stepGuard, taskListUrl } from '../flow/sections';
import type { JourneyState } from '../flow/state';
import { addAnotherField, collectionPageModel, collectionUrls, itemPageModel, removePageModel, removeStep, taskListPageModel } from '../pages/collection-models';
import { readJourney, refuseEndedSession, updateJourney } from './journey-session';
import type { Services } from './services';

/** The task list at the journey's base path: statuses from the answers, nothing stored. */
export function serveTaskList(router: Router, journey: Journey, taskList: TaskList, { pages: { renderPage } }: Services): void {
  router.get(taskListUrl(journey), (req, res) => {
    const { answers } = readJourney(req, journey);
    renderPage(req, res, 'task-list', taskListPageModel(journey, taskList, answers));
  });
}

export function serveCollection(router: Router, journey: Journey, step: Step, collection: Collection, services: Services): void {
  const { pages: { renderPage }, csrf: { require: requireCsrfToken }, today } = services;
  const urls = collectionUrls(journey, step);
  const itemQuestions = itemStep(step, collection, step.slug, collection.addTitle);

  /** The step's guard (its section can start, the steps before it are answered): the answers, or undefined when it sent the visitor on. */
  const guarded = (req: Request, res: Response): Answers | undefined => {
    const { answers } = readJourney(req, journey);
    const to = stepGuard(journey, answers, step.slug);
    if (to === undefined) return answers;
    res.redirect(303, to);
    return undefined;
  };

  /** Applies a change of the list; undefined when it could not be made (the change said so by returning undefined). */
  const change = async (req: Request, list: (answers: Answers) => Answers | undefined): Promise<JourneyState | undefined> => {
    const outcome = { made: false }; // as the last application of the change found it (it is re-applied on a conflict)
    const after = await updateJourney(req, journey, (state) => {
      const changed = list(state.answers);
      outcome.made = changed !== undefined;
      return changed === undefined ? state : { ...state, answers: keepOnPath(journey, changed) };
    });
    return outcome.made ? after : undefined;
  };

  router.get(urls.list, (req, res) => {
    const answers = guarded(req, res);
    if (answers === undefined) return;
    if (itemsOf(collection, answers).length === 0) {
      res.redirect(303, urls.add);
      return;
    }
    renderPage(req, res, 'collection-list', collectionPageModel(journey, step, collection, answers), { form: true });
  });

  router.post(urls.list, requireCsrfToken, refuseEndedSession, async (req, res) => {
    const answers = guarded(req, res);
    if (answers === undefined) return;
    const full = itemsOf(collection, answers).length >= collection.max;
    const validation = full ? undefined : validateStep({ ...itemQuestions, fields: [addAnotherField(collection)] }, req.body);
    if (validation !== undefined && validation.errors.length > 0) {
      renderPage(req, res, 'collection-list', collectionPageModel(journey, step, collection, answers, validation), { form: true, status: 422 });
      return;
    }
    const choice = validation?.answers[collection.addAnother.name] === 'yes' ? 'yes' : 'no';
    const after = await change(req, (stored) => answerAddAnother(collection, stored, choice));
    if (choice === 'yes' && after !== undefined && itemsOf(collection, after.answers).length < collection.max) {
      res.redirect(303, urls.add);
      return;
    }
    // "No more" (or a full list): the task is completed, and the visitor goes on; a list left with too few items
    // (another tab removed one) comes back to the list.
    const stored = after ?? readJourney(req, journey);
    res.redirect(303, after === undefined || choice === 'yes' ? urls.list : nextAfter(journey, stored.answers, step));
  });

  router.get(urls.add, (req, res) => {
    const answers = guarded(req, res);
    if (answers === undefined) return;
    if (itemsOf(collection, answers).length >= collection.max) {
      res.redirect(303, urls.list);
      return;
    }
    renderPage(req, res, 'step', itemPageModel(journey, step, collection, answers, undefined), { form: true });
  });

  router.post(urls.add, requireCsrfToken, refuseEndedSession, async (req, res) => {
    const answers = guarded(req, res);
    if (answers === undefined) return;
    if (itemsOf(collection, answers).length >= collection.max) {
      res.redirect(303, urls.list);
      return;
    }
    const validation = validateStep(itemQuestions, req.body, { today: today(), answers });
    if (validation.errors.length > 0) {
      renderPage(req, res, 'step', itemPageModel(journey, step, collection, answers, undefined, validation), { form: true, status: 422 });
      return;
    }
    // The id is drawn once, before the change: re-applied after another tab's change, it adds this item once.
    const id = randomBytes(8).toString('hex');
    await change(req, (stored) => addItem(collection, stored, id, validation.answers)); // a list filled meanwhile: nothing added
    res.redirect(303, urls.list);
  });

  router.get(urls.item(':id'), (req, res) => {
    const answers = guarded(req, res);
    if (answers === undefined) return;
    const id = String(req.params.id);
    if (findItem(collection, answers, id) === undefined) throw new ItemNotFoundError(collection);
    renderPage(req, res, 'step', itemPageModel(journey, step, collection, answers, id), { form: true });
  });

  router.post(urls.item(':id'), requireCsrfToken, refuseEndedSession, async (req, res) => {
    const answers = guarded(req, res);
    if (answers === undefined) return;
    const id = String(req.params.id);
    if (findItem(collection, answers, id) === undefined) throw new ItemNotFoundError(collection);
    const validation = validateStep(itemQuestions, req.body, { today: today(), answers });
    if (validation.errors.length > 0) {
      renderPage(req, res, 'step', itemPageModel(journey, step, collection, answers, id, validation), { form: true, status: 422 });
      return;
    }
    // Removed by another request meanwhile: the change finds no such item, stores nothing, and the visitor is told.
    if ((await change(req, (stored) => changeItem(collection, stored, id, validation.answers))) === undefined) throw new ItemNotFoundError(collection);
    res.redirect(303, urls.list);
  });

  router.get(urls.remove(':id'), (req, res) => {
    const answers = guarded(req, res);
    if (answers === undefined) return;
    const removal = removeStep(step, collection, answers, String(req.params.id));
    if (removal === undefined) throw new ItemNotFoundError(collection);
    renderPage(req, res, 'step', removePageModel(journey, step, collection, removal), { form: true });
  });

  router.post(urls.remove(':id'), requireCsrfToken, refuseEndedSession, async (req, res) => {
    const answers = guarded(req, res);
    if (answers === undefined) return;
    const id = String(req.params.id);
    const removal = removeStep(step, collection, answers, id);
    if (removal === undefined) throw new ItemNotFoundError(collection);
    const validation = validateStep(removal, req.body);
    if (validation.errors.length > 0) {
      renderPage(req, res, 'step', removePageModel(journey, step, collection, removal, validation), { form: true, status: 422 });
      return;
    }
    // Already removed (another tab): the list is as this visitor wanted. An empty list then sends them on to add one.
    if (validation.answers.confirm === 'yes') await change(req, (stored) => removeItem(collection, stored, id));
    res.redirect(303, urls.list);
  });
}
