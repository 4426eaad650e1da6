/**
 * What /track shows (issue #5 §3): a reporter's view of a report. Pure functions over rows:
 * the stages with their deadlines (working days, worker/domain/working-days.ts) and whether
 * each is overdue, and which report a merged report follows.
 */
import type { ReportStatus } from "./report-status.ts";
import { PAST_ACKNOWLEDGEMENT, CONCLUDED as CONCLUDED_STATUSES } from "./lifecycle.ts";
import { workingDaysBetween } from "./working-days.ts";

export type StageId = "received" | "delivered" | "acknowledged" | "concluded";
export type StageState = "done" | "pending" | "overdue";

export interface Stage {
  id: StageId;
  state: StageState;
  /** Day the stage was reached, when known. */
  doneOn: string | null;
  /** Deadlines per receiving body (acknowledgement and conclusion stages). */
  due: { bodyName: string; day: string; overdue: boolean; workingDaysLeft: number | null }[];
}

const ACKNOWLEDGED: ReadonlySet<ReportStatus> = new Set(PAST_ACKNOWLEDGEMENT);
const CONCLUDED: ReadonlySet<ReportStatus> = new Set(CONCLUDED_STATUSES);

export interface StageInput {
  status: ReportStatus;
  receivedOn: string;
  firstDeliveredOn: string | null;
  closedOn: string | null;
  assignments: { bodyName: string; deliveredOn: string | null; ackDueOn: string | null; concludeDueOn: string | null }[];
  /** Day of the first event reaching each stage, from the history. */
  reachedOn: Partial<Record<"acknowledged" | "concluded", string>>;
}

export function trackStages(r: StageInput, today: string): Stage[] {
  const deadlines = (pick: (a: StageInput["assignments"][number]) => string | null, done: boolean) =>
    r.assignments.flatMap((a) => {
      const day = pick(a);
      if (!day) return [];
      const overdue = !done && today > day;
      return [{ bodyName: a.bodyName, day, overdue, workingDaysLeft: done || overdue ? null : workingDaysBetween(today, day) }];
    });
  const stage = (id: StageId, done: boolean, doneOn: string | null, due: Stage["due"]): Stage => ({
    id,
    state: done ? "done" : due.some((d) => d.overdue) ? "overdue" : "pending",
    doneOn: done ? doneOn : null,
    due,
  });
  const acknowledged = ACKNOWLEDGED.has(r.status);
  const concluded = CONCLUDED.has(r.status);
  return [
    stage("received", true, r.receivedOn, []),
    stage("delivered", r.firstDeliveredOn !== null, r.firstDeliveredOn, []),
    stage("acknowledged", acknowledged, r.reachedOn.acknowledged ?? null, deadlines((a) => a.ackDueOn, acknowledged)),
    stage("concluded", concluded, r.reachedOn.concluded ?? r.closedOn, deadlines((a) => a.concludeDueOn, concluded)),
  ];
}

/** The first day the history reached a status of each set (for the stages' "done on"). */
export function reachedOn(events: { onDay: string; toStatus: string | null }[]): StageInput["reachedOn"] {
  const out: StageInput["reachedOn"] = {};
  for (const e of events) {
    const s = e.toStatus as ReportStatus | null;
    if (!s) continue;
    if (ACKNOWLEDGED.has(s)) out.acknowledged ??= e.onDay;
    if (CONCLUDED.has(s)) out.concluded ??= e.onDay;
  }
  return out;
}

/** Longest merge chain followed (a merged report follows its main report, which may itself be merged). */
export const MAX_MERGE_DEPTH = 5;
