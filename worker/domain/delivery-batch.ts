/**
 * Delivery batches (issue 15 item 2; security M1, M2): a body learns of a new report, or of a
 * reporter's action, only in a batch, never at the moment it was filed. A batch runs at one of
 * the configured Beijing hours (`DELIVERY_BATCH_HOURS`, default 09) on a working day, and takes
 * what was filed at least `DELIVERY_MIN_DELAY_MIN` minutes (default 120) before it. Every time
 * stored for a delivery is a batch time or a whole hour, never finer (M2). Officials' own actions
 * (a transfer, a re-delivery) are not delayed.
 *
 * One module for the constants: the about page's privacy notice is generated from them.
 */
import { isWorkingDay, shiftDays } from "./working-days.ts";

/** Default batch hours (Beijing time, 0–23): once per working day at 09:00. */
export const DEFAULT_BATCH_HOURS: readonly number[] = [9];
/** Default minimum time between filing and the batch that delivers it, in minutes. */
export const DEFAULT_MIN_DELAY_MIN = 120;
/** Batches run only on working days (official calendar, worker/domain/working-days.ts). */
export const BATCHES_ON_WORKING_DAYS_ONLY = true;

const HOUR_MS = 3_600_000;
const BEIJING_OFFSET_MS = 8 * HOUR_MS;

export interface BatchSchedule {
  /** Beijing hours, ascending. */
  hours: number[];
  minDelayMin: number;
}

/** The schedule from the environment's vars; a malformed value falls back to the default. */
export function batchSchedule(vars: { DELIVERY_BATCH_HOURS?: string; DELIVERY_MIN_DELAY_MIN?: string }): BatchSchedule {
  const hours = (vars.DELIVERY_BATCH_HOURS ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => /^\d{1,2}$/.test(h))
    .map(Number)
    .filter((h) => h <= 23);
  const delay = Number(vars.DELIVERY_MIN_DELAY_MIN);
  return {
    hours: hours.length > 0 ? [...new Set(hours)].sort((a, b) => a - b) : [...DEFAULT_BATCH_HOURS],
    minDelayMin: Number.isInteger(delay) && delay >= 0 ? delay : DEFAULT_MIN_DELAY_MIN,
  };
}

/** A time (ms) rounded up to the next whole hour: the finest time a delivery job keeps (M2). */
export const ceilHour = (ms: number): number => Math.ceil(ms / HOUR_MS) * HOUR_MS;

/** The Beijing hour (0–23) of a time. */
export const beijingHour = (ms: number): number => new Date(ms + BEIJING_OFFSET_MS).getUTCHours();

/** The batch time (ms) at Beijing `hour` on `day`. */
const batchAt = (day: string, hour: number): number => Date.parse(`${day}T00:00:00Z`) - BEIJING_OFFSET_MS + hour * HOUR_MS;

/** Whether a batch runs at this time (a cron's scheduled time): a batch hour of a working day. */
export function isBatchTime(ms: number, schedule: BatchSchedule): boolean {
  const day = new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
  return schedule.hours.includes(beijingHour(ms)) && (!BATCHES_ON_WORKING_DAYS_ONLY || isWorkingDay(day));
}

/** The first batch (ms, a whole hour) at least `minDelayMin` after `filedAt`. */
export function nextBatch(filedAt: number, schedule: BatchSchedule): number {
  const earliest = filedAt + schedule.minDelayMin * 60_000;
  let day = new Date(earliest + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
  // A year of days is far more than any holiday run; the bound only guards a broken calendar.
  for (let i = 0; i < 366; i++, day = shiftDays(day, 1)) {
    if (BATCHES_ON_WORKING_DAYS_ONLY && !isWorkingDay(day)) continue;
    const hour = schedule.hours.find((h) => batchAt(day, h) >= earliest);
    if (hour !== undefined) return batchAt(day, hour);
  }
  return ceilHour(earliest);
}

/** A batch as Beijing day and hour ("2026-12-02 09:00"), as the reporter is told. */
export const batchLabel = (ms: number): string => new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 13).replace("T", " ") + ":00";
