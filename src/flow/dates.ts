// Pure calendar dates as the date field keeps them (ISO `YYYY-MM-DD`): real dates, offsets from today, written out.
import type { FromToday } from './journey';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Today's date where the server runs (its local time zone: TZ), as `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  return isoDate({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isRealDate(date: CalendarDate): boolean {
  return (
    Number.isInteger(date.year) &&
    date.year >= 1000 &&
    date.year <= 9999 &&
    Number.isInteger(date.month) &&
    date.month >= 1 &&
    date.month <= 12 &&
    Number.isInteger(date.day) &&
    date.day >= 1 &&
    date.day <= daysInMonth(date.year, date.month)
  );
}

/** A real date from `YYYY-MM-DD`, or undefined. */
export function parseIsoDate(iso: string): CalendarDate | undefined {
  const match = ISO_DATE.exec(iso);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isRealDate(date) ? date : undefined;
}

export function isoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/**
 * `today` moved by an offset: years and months first, a day past the month's end kept at its last day (29 February
 * plus one year is 28 February), then days.
 */
export function addToDate(today: string, offset: FromToday): string {
  const start = parseIsoDate(today);
  if (start === undefined) throw new RangeError(`not a date: ${today}`);
  const months = start.year * 12 + (start.month - 1) + (offset.years ?? 0) * 12 + (offset.months ?? 0);
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  const day = Math.min(start.day, daysInMonth(year, month));
  const moved = new Date(Date.UTC(year, month - 1, day + (offset.days ?? 0)));
  return isoDate({ year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() });
}

/** "Saturday 6 March 2027" (as GOV.UK writes dates); the text as given when it is not a date. */
export function writtenDate(iso: string): string {
  const date = parseIsoDate(iso);
  if (date === undefined) return iso;
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return `${DAYS[weekday] ?? ''} ${date.day} ${MONTHS[date.month - 1] ?? ''} ${date.year}`;
}
