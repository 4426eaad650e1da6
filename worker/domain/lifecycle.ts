/**
 * The report lifecycle (DOMAIN.md "Report lifecycle", issue #6 §3): which action moves a report
 * from which status to which, who may take it, and what it requires. Pure: no database here.
 * worker/services/transition.ts applies a result (status, outcome, event, transfer ledger, assignments).
 *
 * - Leaving `routed` (or `transferred`, or `screening` after a reopen) to accepted, transferred
 *   or out of scope is the acknowledgement.
 * - A reopened report returns to `screening` at the body that closed it.
 * - Outcomes stay distinct; `closed` keeps the outcome it had and is never an outcome itself,
 *   so "closed" is never counted as "resolved".
 * - The third transfer of a report becomes an escalation to the level above (MAX_TRANSFERS).
 */
import type { ReportOutcome, ReportStatus } from "./report-status.ts";
import { BODY_LEVELS, type BodyLevel } from "../../data/schema/oversight-body.ts";

export const ROLES = ["admin", "triager", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: a body user (with their role), the reporter (with their receipt code), or the system. */
export type Actor = { kind: "user"; role: Role } | { kind: "reporter" } | { kind: "system" };

export const ACTIONS = [
  "route",
  "accept",
  "transfer",
  "out_of_scope",
  "investigate",
  "find_substantiated",
  "find_partly_substantiated",
  "find_unsubstantiated",
  "require_remedy",
  "confirm_remedied",
  "merge",
  "close",
  "reopen",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Text or references an action needs. */
export type Requirement = "finding" | "remedy" | "reason" | "target_body" | "merged_into";

// ---------------------------------------------------------------------------------------------
// Status sets: every module that groups statuses (inbox, digest, stats, track, summaries,
// deadline marks) imports them from here; `sqlList` renders one for SQL.

/** The holding body has not yet acknowledged the report. */
export const UNACKNOWLEDGED: readonly ReportStatus[] = ["routed", "transferred", "screening"];
/** No conclusion yet: a body is still working on the report (or it is not delivered yet). */
export const UNCONCLUDED: readonly ReportStatus[] = ["received", "screening", "routed", "accepted", "transferred", "investigating"];
/** A deadline runs (acknowledgement or conclusion): the inbox's and the digest's "open". */
export const DEADLINE_BEARING: readonly ReportStatus[] = [
  ...UNACKNOWLEDGED,
  "accepted",
  "investigating",
  "substantiated",
  "partly_substantiated",
  "remedy_pending",
];
/** The body has concluded: out of scope, a finding, a remedy, or closure. */
export const CONCLUDED: readonly ReportStatus[] = [
  "out_of_scope",
  "substantiated",
  "partly_substantiated",
  "unsubstantiated",
  "remedy_pending",
  "remedied",
  "closed",
];
/** After a conclusion the reporter may rate the handling. */
export const RATEABLE: readonly ReportStatus[] = CONCLUDED;

/** A finding was made or the burden remedied: "resolved". `closed` is never an outcome, so it never counts. */
export const FINDING_OUTCOMES: readonly ReportOutcome[] = ["substantiated", "partly_substantiated", "unsubstantiated", "remedied"];
/** Findings that the burden was there (of FINDING_OUTCOMES, all but unsubstantiated). */
export const SUBSTANTIATED_OUTCOMES: readonly ReportOutcome[] = ["substantiated", "partly_substantiated", "remedied"];
/** Outcomes a summary may be published for: conclusions, not merges. */
export const PUBLISHABLE_OUTCOMES: readonly ReportOutcome[] = ["out_of_scope", ...FINDING_OUTCOMES];

export const isUnacknowledged = (status: ReportStatus) => UNACKNOWLEDGED.includes(status);
export const isDeadlineBearing = (status: ReportStatus) => DEADLINE_BEARING.includes(status);

/** A set as an SQL list, `('a', 'b')`. The values are our own codes; anything else is refused, not quoted. */
export function sqlList(set: readonly string[]): string {
  if (set.length === 0 || set.some((v) => !/^[a-z_]+$/.test(v))) throw new Error("sqlList: codes only");
  return `(${set.map((v) => `'${v}'`).join(", ")})`;
}

/**
 * Statuses from least to most advanced. A report held by several bodies has one case per body;
 * the report's own status is its least advanced active case (worker/db/report-cases.ts).
 */
export const CASE_ORDER: readonly ReportStatus[] = [
  "received",
  "routed",
  "transferred",
  "screening",
  "accepted",
  "investigating",
  "out_of_scope",
  "substantiated",
  "partly_substantiated",
  "unsubstantiated",
  "remedy_pending",
  "remedied",
  "closed",
];

/** `column`'s rank in CASE_ORDER, as SQL (for "least advanced case" queries). */
export const caseRankSql = (column: string): string => `CASE ${column} ${CASE_ORDER.map((s, i) => `WHEN '${s}' THEN ${i}`).join(" ")} END`;

// ---------------------------------------------------------------------------------------------
// Stages: the one vocabulary of a report's life that reporter (/track) and officer (inbox, case
// page) both read (issue 14 item 3). A stage is coarser than a status; its label is
// label(lang, "stage", id). Never name a stage anywhere else.

/** The main line, least to most advanced, then the ends a case can take off it. */
export const STAGES = [
  "received",
  "delivered",
  "accepted",
  "investigating",
  "concluded",
  "remedying",
  "closed",
  "declined",
  "transferred",
  "merged",
  "undelivered",
] as const;
export type StageId = (typeof STAGES)[number];

/** One body's case as the stage reads it (a report_assignments row). */
export interface CaseState {
  status: ReportStatus;
  outcome: ReportOutcome | null;
  /** Day its delivery batch brought it to the body (security M1): «已送达» only from then. */
  deliveredOn: string | null;
  /** False once the body transferred the report away. */
  active: boolean;
}

const STATUS_STAGE: Readonly<Record<ReportStatus, StageId>> = {
  received: "received",
  routed: "delivered",
  // The new holder's case after a transfer, and a reopened case: at the body, not yet (re)accepted.
  transferred: "delivered",
  screening: "delivered",
  accepted: "accepted",
  investigating: "investigating",
  out_of_scope: "declined",
  substantiated: "concluded",
  partly_substantiated: "concluded",
  unsubstantiated: "concluded",
  remedy_pending: "remedying",
  // Remedied is a conclusion (outcome «已整改») not yet closed.
  remedied: "concluded",
  closed: "closed",
};

/** The stage of one body's case. */
export function caseStage(c: CaseState): StageId {
  if (!c.active) return "transferred";
  if (c.status === "closed" && c.outcome === "merged") return "merged";
  if (c.deliveredOn === null) return "received";
  return STATUS_STAGE[c.status];
}

/** The stage of a case its body holds (an inbox row or the case page: active, visible from its batch). */
export const heldCaseStage = (r: { status: ReportStatus; outcome: ReportOutcome | null; delivered_on: string | null }): StageId =>
  caseStage({ status: r.status, outcome: r.outcome, deliveredOn: r.delivered_on, active: true });

/** Rank for "least advanced": the main line in order; a decline sits with the conclusions. */
const STAGE_RANK: Readonly<Record<StageId, number>> = {
  undelivered: 0,
  received: 1,
  delivered: 2,
  accepted: 3,
  investigating: 4,
  declined: 5,
  concluded: 5,
  remedying: 6,
  closed: 7,
  merged: 8,
  transferred: 9,
};

/**
 * The overall stage of a report: its least advanced case among those still held (not
 * transferred away, not merged); «已办结» only when every such case is closed. No case at all:
 * `undelivered` when no body can hold it, else `received` (routing still under way).
 */
export function overallStage(cases: readonly CaseState[], reachedNoBody: boolean): StageId {
  const stages = cases.map(caseStage);
  const held = stages.filter((s) => s !== "transferred" && s !== "merged");
  if (held.length === 0)
    return stages.includes("merged") ? "merged" : stages.includes("transferred") ? "transferred" : reachedNoBody ? "undelivered" : "received";
  return held.reduce((least, s) => (STAGE_RANK[s] < STAGE_RANK[least] ? s : least));
}

type Who = "triage" | "reporter" | "system";

interface Rule {
  from: readonly ReportStatus[];
  to: ReportStatus;
  /** Who may take the action: body users with role admin or triager, the reporter, or the system. */
  by: Who;
  requires: readonly Requirement[];
  /** Outcome set by the action; `keep` leaves it, `null` clears it. */
  outcome: ReportOutcome | "keep" | null;
}

const TRIAGE_OPEN: readonly ReportStatus[] = ["screening", "routed", "transferred", "accepted", "investigating"];

/** The allowed-transitions table. Any (status, action) pair not listed here is refused. */
export const TRANSITIONS: Readonly<Record<Action, Rule>> = {
  // The first inbox delivery (worker/delivery/deliver.ts); a transfer or a reopen keeps its own status.
  route: { from: ["received"], to: "routed", by: "system", requires: [], outcome: "keep" },
  accept: { from: UNACKNOWLEDGED, to: "accepted", by: "triage", requires: [], outcome: null },
  transfer: { from: [...UNACKNOWLEDGED, "accepted"], to: "transferred", by: "triage", requires: ["reason", "target_body"], outcome: null },
  out_of_scope: { from: [...UNACKNOWLEDGED, "accepted"], to: "out_of_scope", by: "triage", requires: ["reason"], outcome: "out_of_scope" },
  investigate: { from: ["accepted"], to: "investigating", by: "triage", requires: [], outcome: null },
  find_substantiated: { from: ["investigating"], to: "substantiated", by: "triage", requires: ["finding"], outcome: "substantiated" },
  find_partly_substantiated: { from: ["investigating"], to: "partly_substantiated", by: "triage", requires: ["finding"], outcome: "partly_substantiated" },
  find_unsubstantiated: { from: ["investigating"], to: "unsubstantiated", by: "triage", requires: ["finding"], outcome: "unsubstantiated" },
  require_remedy: { from: ["substantiated", "partly_substantiated"], to: "remedy_pending", by: "triage", requires: ["remedy"], outcome: "keep" },
  confirm_remedied: { from: ["remedy_pending"], to: "remedied", by: "triage", requires: ["remedy"], outcome: "remedied" },
  merge: { from: TRIAGE_OPEN, to: "closed", by: "triage", requires: ["merged_into"], outcome: "merged" },
  close: {
    from: ["out_of_scope", "unsubstantiated", "substantiated", "partly_substantiated", "remedied"],
    to: "closed",
    by: "triage",
    requires: [],
    outcome: "keep",
  },
  reopen: { from: ["closed"], to: "screening", by: "reporter", requires: [], outcome: null },
};

/** After this many transfers the next transfer goes to the level above instead (issue #6 §3). */
export const MAX_TRANSFERS = 3;

export interface TransitionInput {
  finding?: string;
  remedy?: string;
  reason?: string;
  targetBodyId?: string;
  mergedInto?: string;
}

export interface ReportState {
  status: ReportStatus;
  outcome: ReportOutcome | null;
  transferCount: number;
}

export type TransitionError = "not_allowed_from_status" | "forbidden_for_actor" | "missing_requirement" | "merged_into_self";

export type TransitionResult =
  | {
      ok: true;
      action: Action;
      from: ReportStatus;
      to: ReportStatus;
      outcome: ReportOutcome | null;
      /** True when leaving an unacknowledged status (first action of a body on the report). */
      acknowledges: boolean;
      /** True when this is a conclusion (a finding or out of scope): the conclusion day is recorded. */
      concludes: boolean;
      /** True when a transfer must go to the level above instead of the chosen body. */
      escalates: boolean;
      /** Text shown to the reporter on /track (finding, remedy, or the reason of an out-of-scope). */
      publicText: string | null;
    }
  | { ok: false; error: TransitionError; missing?: Requirement[] };

const CONCLUSIONS: readonly Action[] = ["out_of_scope", "find_substantiated", "find_partly_substantiated", "find_unsubstantiated"];

function mayAct(by: Who, actor: Actor): boolean {
  if (by === "system") return actor.kind === "system";
  if (by === "reporter") return actor.kind === "reporter";
  return actor.kind === "user" && (actor.role === "admin" || actor.role === "triager");
}

const present = (s: string | undefined) => typeof s === "string" && s.trim().length > 0;

function missingRequirements(requires: readonly Requirement[], input: TransitionInput): Requirement[] {
  const has: Record<Requirement, boolean> = {
    finding: present(input.finding),
    remedy: present(input.remedy),
    reason: present(input.reason),
    target_body: present(input.targetBodyId),
    merged_into: present(input.mergedInto),
  };
  return requires.filter((r) => !has[r]);
}

/**
 * Decides whether `actor` may take `action` on a report in `state` with `input`.
 * Returns the new status and outcome, or why not. Never throws for a refused action.
 * @example transition({status: "routed", outcome: null, transferCount: 0}, "accept", {kind: "user", role: "triager"})
 */
export function transition(state: ReportState, action: Action, actor: Actor, input: TransitionInput = {}): TransitionResult {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state.status)) return { ok: false, error: "not_allowed_from_status" };
  if (!mayAct(rule.by, actor)) return { ok: false, error: "forbidden_for_actor" };
  const missing = missingRequirements(rule.requires, input);
  if (missing.length > 0) return { ok: false, error: "missing_requirement", missing };
  const outcome = rule.outcome === "keep" ? state.outcome : rule.outcome;
  const publicText =
    action === "out_of_scope"
      ? input.reason!.trim()
      : rule.requires.includes("finding")
        ? input.finding!.trim()
        : rule.requires.includes("remedy")
          ? input.remedy!.trim()
          : null;
  return {
    ok: true,
    action,
    from: state.status,
    to: rule.to,
    outcome,
    acknowledges: UNACKNOWLEDGED.includes(state.status) && rule.by === "triage",
    concludes: CONCLUSIONS.includes(action),
    escalates: action === "transfer" && state.transferCount + 1 >= MAX_TRANSFERS,
    publicText,
  };
}

/** Actions a body user with `role` may take on a report in `status` (for the report page's forms). */
export function availableActions(status: ReportStatus, role: Role): Action[] {
  return ACTIONS.filter((a) => TRANSITIONS[a].by === "triage" && TRANSITIONS[a].from.includes(status) && mayAct("triage", { kind: "user", role }));
}

/** Resolved = a finding was made (substantiated, partly, unsubstantiated) or remedied; closed alone never counts. */
export const isResolvedOutcome = (outcome: ReportOutcome | null): boolean => outcome !== null && FINDING_OUTCOMES.includes(outcome);

/** The body level above `level` (BODY_LEVELS are in order), for escalation: county → prefecture, and so on; none above central. */
export const levelAbove = (level: BodyLevel): BodyLevel | null => BODY_LEVELS[BODY_LEVELS.indexOf(level) + 1] ?? null;
