// Sections and the task list: each section's status, worked out from the answers (nothing is stored for it) with the
// functions that decide the guards (the path, a step answered), and the guards and next pages of a journey with sections.
// A journey without a task list keeps the plain path's rules (path.ts).
import { askedNames, checkUrl, sectionOf, stepBySlug, stepUrl, type Answers, type Journey, type Section, type Step, type TaskList } from './journey';
import { checkRedirect, isPathAnswered, isStepAnswered, pathOf, resumeUrl, stepRedirect, urlAfterAnswering } from './path';

export type TaskStatus = 'notStarted' | 'inProgress' | 'completed' | 'cannotStart';

/** The words the task list shows (the GOV.UK task list's). */
export const STATUS_WORDS: Readonly<Record<TaskStatus, string>> = {
  notStarted: 'Not yet started',
  inProgress: 'In progress',
  completed: 'Completed',
  cannotStart: 'Cannot start yet',
};

/** The task list page: the journey's base path. */
export function taskListUrl(journey: Journey): string {
  return journey.basePath;
}

/** The section's steps that the answers' path goes through, in order. */
function stepsOnPath(journey: Journey, answers: Answers, section: Section): readonly Step[] {
  return pathOf(journey, answers).filter((step) => section.steps.includes(step.slug));
}

/** Every step of the section on the path is answered (a section the path skips altogether is completed). */
export function isSectionCompleted(journey: Journey, answers: Answers, section: Section): boolean {
  return stepsOnPath(journey, answers, section).every((step) => isStepAnswered(step, answers));
}

/** The sections it requires are completed. */
export function canStart(journey: Journey, answers: Answers, section: Section, taskList: TaskList): boolean {
  return (section.requires ?? []).every((title) => {
    const required = taskList.sections.find((s) => s.title === title);
    return required === undefined || isSectionCompleted(journey, answers, required);
  });
}

export function sectionStatus(journey: Journey, answers: Answers, section: Section, taskList: TaskList): TaskStatus {
  if (!canStart(journey, answers, section, taskList)) return 'cannotStart';
  if (isSectionCompleted(journey, answers, section)) return 'completed';
  const begun = stepsOnPath(journey, answers, section).some((step) => askedNames(step, answers).some((name) => Object.hasOwn(answers, name)));
  return begun ? 'inProgress' : 'notStarted';
}

/** The check page's task: it cannot start until every section is completed (and sending it empties the answers). */
export function checkTaskStatus(journey: Journey, answers: Answers): TaskStatus {
  return isPathAnswered(journey, answers) ? 'notStarted' : 'cannotStart';
}

export interface Task {
  readonly title: string;
  readonly status: TaskStatus;
  /** Its first page; undefined when it cannot start yet (shown without a link). */
  readonly href: string | undefined;
}

/** The task list: each section, then the check page, with its status and (unless it cannot start) its link. */
export function tasksOf(journey: Journey, taskList: TaskList, answers: Answers): Task[] {
  const path = pathOf(journey, answers);
  const tasks = taskList.sections.flatMap((section): Task[] => {
    const status = sectionStatus(journey, answers, section, taskList);
    const onPath = path.filter((step) => section.steps.includes(step.slug));
    const first = onPath.find((step) => !isStepAnswered(step, answers)) ?? onPath[0];
    if (first === undefined) return []; // the answers' path skips this section altogether
    return [{ title: section.title, status, href: status === 'cannotStart' ? undefined : stepUrl(journey, first) }];
  });
  const check = checkTaskStatus(journey, answers);
  return [...tasks, { title: taskList.checkTask, status: check, href: check === 'cannotStart' ? undefined : checkUrl(journey) }];
}

// The guards and next pages, for any journey: with a task list, sections may be done in any order.

/**
 * Where to send a visitor who asks for a step they may not see (undefined when they may). With sections: the step must
 * be on the path, its section able to start, and the section's steps before it answered; else the step its section
 * owes first, or the task list.
 */
export function stepGuard(journey: Journey, answers: Answers, slug: string): string | undefined {
  const taskList = journey.taskList;
  if (taskList === undefined) return stepRedirect(journey, answers, slug);
  const step = stepBySlug(journey, slug);
  const section = step && sectionOf(journey, step);
  if (step === undefined || section === undefined || !pathOf(journey, answers).includes(step) || !canStart(journey, answers, section, taskList)) {
    return taskListUrl(journey);
  }
  const before = stepsOnPath(journey, answers, section);
  const owed = before.slice(0, before.indexOf(step)).find((s) => !isStepAnswered(s, answers));
  return owed === undefined ? undefined : stepUrl(journey, owed);
}

/** The check page's guard: with sections, the task list until every section is completed. */
export function checkGuard(journey: Journey, answers: Answers): string | undefined {
  if (journey.taskList === undefined) return checkRedirect(journey, answers);
  return isPathAnswered(journey, answers) ? undefined : taskListUrl(journey);
}

/**
 * Once a step's answers are stored: with sections, the next step its section still owes, else the check page when
 * every section is completed, else the task list.
 */
export function nextAfter(journey: Journey, answers: Answers, step: Step): string {
  if (journey.taskList === undefined) return urlAfterAnswering(journey, answers);
  const section = sectionOf(journey, step);
  const owed = section && stepsOnPath(journey, answers, section).find((s) => !isStepAnswered(s, answers));
  if (owed !== undefined) return stepUrl(journey, owed);
  return isPathAnswered(journey, answers) ? checkUrl(journey) : taskListUrl(journey);
}

/** Where a visitor who cannot see a page resumes: the first step owed, or with sections the task list; else the check page. */
export function resumeAt(journey: Journey, answers: Answers): string {
  if (journey.taskList === undefined) return resumeUrl(journey, answers);
  return isPathAnswered(journey, answers) ? checkUrl(journey) : taskListUrl(journey);
}
