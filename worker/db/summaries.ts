/**
 * Published summaries (issue #6 §8): a body's short, anonymised account of a concluded report.
 * A summary is public (on /stats) only while all of these hold:
 * - the reporter consents (reports.publish_consent: asked on the form, changeable on /track);
 * - a body admin approved this exact text (triagers draft; editing makes it a draft again);
 * - the conclusion stands (a reopen withdraws it: worker/db/oversight.ts).
 * The text is the body's own words, never the reporter's; what is published beside it is coarse
 * (body, category, outcome, month of conclusion). Every step is in the audit log.
 */
import type { ReportOutcome, ReportStatus } from "../domain/report-status.ts";
import { PUBLISHABLE_OUTCOMES, sqlList, UNCONCLUDED } from "../domain/lifecycle.ts";
import { auditStatement } from "./audit.ts";
import type { ActingUser } from "./audit.ts";

export const SUMMARY_MIN = 20;
export const SUMMARY_MAX = 1000;
/** Published summaries shown on /stats at most (newest approvals first). */
export const PUBLISHED_LIMIT = 100;

export type SummaryState = "draft" | "approved" | "withdrawn";

export interface Summary {
  text: string;
  state: SummaryState;
  draftedOn: string;
  approvedOn: string | null;
}

/** What /stats shows of a summary: nothing that points back to the report or its reporter. */
export interface PublishedSummary {
  body: string;
  category: string;
  outcome: ReportOutcome;
  month: string;
  text: string;
}

/** Outcomes a summary may be published for: conclusions, not merges. */
export const SUMMARY_OUTCOMES: readonly ReportOutcome[] = PUBLISHABLE_OUTCOMES;

interface SummaryReport {
  id: string;
  status: ReportStatus;
  outcome: ReportOutcome | null;
  publish_consent: number;
}

const concluded = (r: SummaryReport) => !UNCONCLUDED.includes(r.status) && r.outcome !== null && SUMMARY_OUTCOMES.includes(r.outcome);

/** Why a summary cannot be written or approved for this report now, as a field error; null if it can. */
export function summaryRefusal(report: SummaryReport): "not_concluded" | "no_consent" | null {
  if (!concluded(report)) return "not_concluded";
  if (report.publish_consent !== 1) return "no_consent";
  return null;
}

/** The body's summary of a report (one row or none), for the report page's batch (worker/db/oversight.ts). */
export const summaryStatement = (db: D1Database, reportId: string, bodyId: string) =>
  db
    .prepare("SELECT text, state, drafted_on AS draftedOn, approved_on AS approvedOn FROM report_summaries WHERE report_id = ?1 AND body_id = ?2")
    .bind(reportId, bodyId);

/**
 * Writes (or rewrites) the body's summary as a draft: an approved text taken back to draft stops
 * being public. Each holding body has its own summary (migration 0016): one body's draft never
 * touches another's (security M4).
 */
export const draftStatements = (db: D1Database, user: ActingUser, reportId: string, text: string, today: string) => [
  db
    .prepare(
      `INSERT INTO report_summaries (report_id, body_id, text, state, drafted_on) VALUES (?1, ?2, ?3, 'draft', ?4)
       ON CONFLICT (report_id, body_id) DO UPDATE SET text = ?3, state = 'draft', drafted_on = ?4, approved_on = NULL`,
    )
    .bind(reportId, user.bodyId, text, today),
  auditStatement(db, { bodyId: user.bodyId, userId: user.id, action: "summary_draft", reportId }),
];

/** Approves the current draft (first statement changes nothing when there is none), with its audit entry. */
export const approveStatements = (db: D1Database, user: ActingUser, reportId: string, today: string) => [
  db
    .prepare("UPDATE report_summaries SET state = 'approved', approved_on = ?3 WHERE report_id = ?1 AND body_id = ?2 AND state = 'draft'")
    .bind(reportId, user.bodyId, today),
  auditStatement(db, { bodyId: user.bodyId, userId: user.id, action: "summary_approve", reportId }),
];

/** Takes a summary down (the text stays for a later draft); the first statement changes nothing when already withdrawn. */
export const withdrawStatements = (db: D1Database, user: ActingUser, reportId: string) => [
  db
    .prepare("UPDATE report_summaries SET state = 'withdrawn', approved_on = NULL WHERE report_id = ?1 AND body_id = ?2 AND state != 'withdrawn'")
    .bind(reportId, user.bodyId),
  auditStatement(db, { bodyId: user.bodyId, userId: user.id, action: "summary_withdraw", reportId }),
];

/** The body's summary drafts waiting for an admin's approval (shown in the admins' inbox). */
export const DRAFTS_SQL =
  "SELECT s.report_id AS id, r.title FROM report_summaries s CROSS JOIN reports r ON r.id = s.report_id WHERE s.state = 'draft' AND s.body_id = ?1 ORDER BY s.drafted_on LIMIT 50";

export async function draftsAwaitingApproval(db: D1Database, bodyId: string): Promise<{ id: string; title: string }[]> {
  const { results } = await db.prepare(DRAFTS_SQL).bind(bodyId).all<{ id: string; title: string }>();
  return results;
}

/** Withdraws a report's summary when its conclusion is contested (a reopen): part of the transition's batch. */
export const withdrawOnReopen = (db: D1Database, reportId: string, bodyId: string) =>
  db
    .prepare("UPDATE report_summaries SET state = 'withdrawn', approved_on = NULL WHERE report_id = ?1 AND body_id = ?2 AND state != 'withdrawn'")
    .bind(reportId, bodyId);

const OUTCOME_LIST = sqlList(SUMMARY_OUTCOMES);

/**
 * The public summaries, newest approval first: approved, the reporter consenting now, the summarising
 * body's own case concluded (security M4: in `year` when given). Read live, not cached, so a withdrawn consent takes effect at once.
 */
/** When summary `s` of report `r` by the body of case `a` is public (also /track's link to it). */
export const PUBLISHED_WHERE = `s.state = 'approved' AND r.publish_consent = 1 AND a.concluded_on IS NOT NULL AND a.outcome IN ${OUTCOME_LIST}`;

export const PUBLISHED_SUMMARIES_SQL = `SELECT s.body_id AS body, r.category, a.outcome, substr(a.concluded_on, 1, 7) AS month, s.text
  FROM report_summaries s CROSS JOIN reports r ON r.id = s.report_id
  CROSS JOIN report_assignments a ON a.report_id = s.report_id AND a.body_id = s.body_id
  WHERE ${PUBLISHED_WHERE}
    AND (?1 IS NULL OR a.concluded_on LIKE ?1 || '-%')
  ORDER BY s.approved_on DESC, s.report_id LIMIT ${PUBLISHED_LIMIT}`;

export async function publishedSummaries(db: D1Database, year: string | null): Promise<PublishedSummary[]> {
  const { results } = await db.prepare(PUBLISHED_SUMMARIES_SQL).bind(year).all<PublishedSummary>();
  return results;
}
