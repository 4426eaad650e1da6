/**
 * What /track shows (issue #5 §3, issue 14 item 3): a reporter's view of a report, one row per
 * body case in the stage vocabulary of worker/domain/lifecycle.ts, and an overall line (the least
 * advanced case). Pure functions over rows: each case's days, its running deadline in working
 * days (worker/domain/working-days.ts) and whether it is overdue, and its finding.
 */
import type { ReportOutcome, ReportStatus } from "./report-status.ts";
import { caseStage, FINDING_OUTCOMES, overallStage, type StageId } from "./lifecycle.ts";
import { workingDaysBetween } from "./working-days.ts";

/** One body's case as stored (worker/db/track.ts reportCases), transferred-away cases included. */
export interface CaseInput {
  bodyId: string;
  bodyName: string;
  active: number;
  status: ReportStatus;
  outcome: ReportOutcome | null;
  deliveredOn: string | null;
  acknowledgedOn: string | null;
  concludedOn: string | null;
  closedOn: string | null;
  ackDueOn: string | null;
  concludeDueOn: string | null;
  /** The body's last transfer of the report away: the day and the body it went to. */
  transferredOn: string | null;
  transferredTo: string | null;
  /** The day the report, having reached no body, was forwarded to this body with the reporter's consent (issue 10). */
  forwardedOn: string | null;
  /** The body's latest text for the reporter (finding, remedy, or the reason it declined). */
  publicText: string | null;
  /** The year of its conclusion when the body's summary is public on /stats, else null. */
  summaryYear: string | null;
}

export type CaseDay = "delivered" | "accepted" | "concluded" | "closed" | "merged";

export interface TrackedCase {
  bodyId: string;
  bodyName: string;
  stage: StageId;
  /** The days the case reached each step, by day only. */
  days: { step: CaseDay; day: string }[];
  /** The deadline that runs now (acknowledgement before acceptance, then conclusion), if any. */
  due: { step: "ack" | "conclude"; day: string; overdue: boolean; workingDaysLeft: number | null } | null;
  /** A finding (查实, 部分属实, 不属实, 已整改), shown as «核查结论：…». */
  finding: ReportOutcome | null;
  /** The body declined the report as out of scope (its reason is `publicText`). */
  declined: boolean;
  publicText: string | null;
  transfer: { day: string; to: string } | null;
  /** The day it was forwarded to this body with the reporter's consent, after reaching no body. */
  forwardedOn: string | null;
  /** Year of the conclusion when the body's summary is public (the /stats link). */
  summaryYear: string | null;
}

const caseState = (c: CaseInput) => ({ status: c.status, outcome: c.outcome, deliveredOn: c.deliveredOn, active: c.active === 1 });

/** Which deadline a stage waits on. */
const RUNNING: Partial<Record<StageId, "ack" | "conclude">> = { delivered: "ack", accepted: "conclude", investigating: "conclude" };

export function trackCase(c: CaseInput, today: string): TrackedCase {
  const stage = caseStage(caseState(c));
  const step = RUNNING[stage];
  const dueDay = step === "ack" ? c.ackDueOn : step === "conclude" ? c.concludeDueOn : null;
  const overdue = dueDay !== null && today > dueDay;
  const days: TrackedCase["days"] = (
    [
      ["delivered", c.deliveredOn],
      ["accepted", c.acknowledgedOn],
      ["concluded", c.concludedOn],
      ["closed", stage === "merged" ? null : c.closedOn],
      ["merged", stage === "merged" ? c.closedOn : null],
    ] as const
  ).flatMap(([s, day]) => (day ? [{ step: s, day }] : []));
  const concluded = c.outcome !== null && stage !== "transferred" && stage !== "merged";
  return {
    bodyId: c.bodyId,
    bodyName: c.bodyName,
    stage,
    days,
    due: step && dueDay ? { step, day: dueDay, overdue, workingDaysLeft: overdue ? null : workingDaysBetween(today, dueDay) } : null,
    finding: concluded && FINDING_OUTCOMES.includes(c.outcome!) ? c.outcome : null,
    declined: concluded && c.outcome === "out_of_scope",
    publicText: concluded ? c.publicText : null,
    transfer: stage === "transferred" && c.transferredOn && c.transferredTo ? { day: c.transferredOn, to: c.transferredTo } : null,
    forwardedOn: c.forwardedOn,
    summaryYear: c.summaryYear,
  };
}

/** The overall line and the rows: held cases first (as stored), transferred ones after. */
export function trackCases(cases: readonly CaseInput[], reachedNoBody: boolean, today: string): { stage: StageId; cases: TrackedCase[] } {
  return { stage: overallStage(cases.map(caseState), reachedNoBody), cases: cases.map((c) => trackCase(c, today)) };
}

/** Longest merge chain followed (a merged report follows its main report, which may itself be merged). */
export const MAX_MERGE_DEPTH = 5;
