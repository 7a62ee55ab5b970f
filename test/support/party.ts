// The party journey over HTTP, for its suites (test/http/party.test.ts in both session modes, test/redis/party.test.ts
// in both stores): dates relative to today, the task list's statuses, the guest list's ids, and answering each task.
import { addToDate, localToday } from '../../src/flow/dates';
import { Visitor } from './visitor';

/** An in-process app or a listening server, as Visitor takes them. */
export type Target = Parameters<Visitor['get']>[0];

/** A date `days` from today as the three boxes (and the ISO date the session keeps). */
export function dateIn(days: number): { 'date-day': string; 'date-month': string; 'date-year': string; iso: string } {
  const iso = addToDate(localToday(), { days });
  const [year = '', month = '', day = ''] = iso.split('-');
  return { 'date-day': String(Number(day)), 'date-month': String(Number(month)), 'date-year': year, iso };
}

/** The date `days` from today as the form's three boxes only. */
export function dateFields(days = 30): Record<string, string> {
  const date = dateIn(days);
  return { 'date-day': date['date-day'], 'date-month': date['date-month'], 'date-year': date['date-year'] };
}

/** The task list's rows: title, status, and the link (undefined when shown without one). */
export function tasksIn(html: string): { title: string; status: string; href: string | undefined }[] {
  return Array.from(html.matchAll(/<li class="task-list__item[^"]*">\s*(?:<a class="task-list__name" href="([^"]+)"[^>]*>([^<]+)<\/a>|<span class="task-list__name">([^<]+)<\/span>)\s*<span class="task-list__status[^"]*"[^>]*>([^<]+)<\/span>/g), (m) => ({
    title: m[2] ?? m[3] ?? '',
    status: m[4] ?? '',
    href: m[1],
  }));
}

/** "Date and time: Completed", … for each task. */
export async function statuses(visitor: Visitor, target: Target): Promise<string[]> {
  const page = await visitor.get(target, '/party');
  expect(page.status).toBe(200);
  return tasksIn(page.text).map((task) => `${task.title}: ${task.status}`);
}

/** The guest list page's guests: name, details and their own id (from the Change link). */
export function guestsIn(html: string): { id: string; name: string; details: string }[] {
  return Array.from(html.matchAll(/<dt class="summary__key">([^<]*)<\/dt>\s*<dd class="summary__value">([^<]*)<\/dd>\s*<dd class="summary__action">\s*<a href="\/party\/guests\/([0-9a-f]+)">/g), (m) => ({
    name: m[1] ?? '',
    details: m[2] ?? '',
    id: m[3] ?? '',
  }));
}

export async function guestList(visitor: Visitor, target: Target): Promise<{ id: string; name: string; details: string }[]> {
  const page = await visitor.get(target, '/party/guests');
  if (page.status === 303) return [];
  expect(page.status).toBe(200);
  return guestsIn(page.text);
}

/** Posts a form of the party and expects a 303 to `to`. */
export async function answer(visitor: Visitor, target: Target, path: string, fields: Record<string, string>, to: string): Promise<void> {
  const res = await visitor.submit(target, path, fields);
  expect({ path, status: res.status, location: res.headers.location }).toEqual({ path, status: 303, location: to });
}

export async function addGuest(visitor: Visitor, target: Target, name: string, diet = ''): Promise<void> {
  await answer(visitor, target, '/party/guests/add', { name, diet }, '/party/guests');
}

/** Every task completed: a date, at home, two guests and "no more". Ends on the check page's URL. */
export async function planParty(visitor: Visitor, target: Target): Promise<void> {
  await answer(visitor, target, '/party/date', { ...dateFields(30), time: 'evening' }, '/party');
  await answer(visitor, target, '/party/venue', { venue: 'home' }, '/party');
  await addGuest(visitor, target, 'Ada Lovelace', 'Vegetarian');
  await addGuest(visitor, target, 'Charles Babbage');
  await answer(visitor, target, '/party/guests', { addAnother: 'no' }, '/party/check');
}
