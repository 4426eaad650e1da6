/**
 * Deadlines in working days (DOMAIN.md): official Chinese public holidays and make-up working
 * days (调休) count, from the `chinese-days` package shipped offline. Dates are `YYYY-MM-DD`
 * (Beijing calendar days). The calendar must be updated yearly (docs/operations.md).
 */
// Default import: Node's ESM loader sees the package as CommonJS (no named exports), the bundler
// sees its ES build; both have the default object, so scripts can use this module too.
import chineseDays from "chinese-days";

const { isWorkday } = chineseDays;

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The calendar day `days` after `day` (before it when negative), holidays or not. */
export function shiftDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Today's date in Beijing (UTC+8), the calendar the deadlines are counted in. */
export function beijingToday(now: Date = new Date()): string {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** An exact time (ms) as Beijing time, "YYYY-MM-DD HH:mm" (officials' actions only: reports have days, never times). */
export const beijingTime = (ms: number): string => new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");

export const isWorkingDay = (day: string): boolean => isWorkday(day);

/**
 * The date `n` working days after `start` (the start day itself does not count):
 * a report delivered on a Friday with n = 1 is due the next working day.
 */
export function addWorkingDays(start: string, n: number): string {
  let day = start;
  for (let left = n; left > 0; ) {
    day = shiftDays(day, 1);
    if (isWorkday(day)) left--;
  }
  return day;
}

/** Working days from `start` (exclusive) to `end` (inclusive); 0 when `end` ≤ `start`. */
export function workingDaysBetween(start: string, end: string): number {
  let count = 0;
  for (let day = shiftDays(start, 1); day <= end; day = shiftDays(day, 1)) if (isWorkday(day)) count++;
  return count;
}
