/**
 * The inbox query of one body, with its filters. No worker-only imports: scripts/bench-triage.ts
 * runs the same SQL against local D1 from Node.
 */
import type { ReportOutcome, ReportStatus } from "../domain/report-status.ts";
import { DEADLINE_BEARING, sqlList, UNACKNOWLEDGED } from "../domain/lifecycle.ts";
import type { DeliveredReport } from "./delivery.ts";

/** A report as its holding body sees it: the delivered content plus triage state and deadlines. */
export interface AssignedReport extends Omit<DeliveredReport, "since_month" | "hours_per_month"> {
  status: ReportStatus;
  outcome: ReportOutcome | null;
  duplicate_group: string | null;
  merged_into: string | null;
  reporter_count: number;
  transfer_count: number;
  acknowledged_on: string | null;
  concluded_on: string | null;
  closed_on: string | null;
  /** The reporter allows an anonymised summary to be published (worker/db/summaries.ts). */
  publish_consent: number;
  ack_due_on: string | null;
  conclude_due_on: string | null;
  delivered_on: string | null;
}

export const REPORT_COLUMNS = `r.id, r.received_on, r.township_code, r.village_code, r.imposer_name, r.imposer_level, r.category, r.title,
  r.description, r.list_status, r.duty_item_ref, a.status, a.outcome, r.duplicate_group, r.merged_into, r.reporter_count,
  r.transfer_count, r.first_delivered_on, a.acknowledged_on, a.concluded_on, a.closed_on, r.publish_consent, a.ack_due_on, a.conclude_due_on, a.delivered_on`;

/**
 * The visibility condition on an assignment `a` (security M1): a body sees a report, in its inbox,
 * case page, search, digest and counts, only once its delivery batch has delivered it (or an
 * official's transfer did). Never filter a body's reports without it.
 */
export const VISIBLE = "a.delivered_on IS NOT NULL";

export const DEADLINE_FILTERS = ["overdue", "due_soon"] as const;
export interface InboxFilters {
  status?: ReportStatus;
  category?: string;
  /** Division code prefix (county 6, township 9 digits). */
  area?: string;
  deadline?: (typeof DEADLINE_FILTERS)[number];
  duplicateGroup?: string;
  dutyItem?: string;
  /** Report ids matching a full-text query (worker/db/inbox-search.ts), already limited to the body. */
  ids?: string[];
}

/**
 * The inbox query of one body. The WHERE clause is built only from fixed fragments (never from
 * input text); values are bound. CROSS JOIN pins the join order: the body's assignments first
 * (index report_assignments_body), then each report by primary key, so no query scans `reports`.
 */
export function inboxQuery(bodyId: string, f: InboxFilters, today: string, soon: string, limit = 200): { sql: string; params: unknown[] } {
  const where = ["a.body_id = ?1", "a.active = 1", VISIBLE];
  const params: unknown[] = [bodyId];
  // Every `?` of a fragment stands for the one value bound with it.
  const bind = (fragment: string, value: unknown) => {
    params.push(value);
    where.push(fragment.replaceAll("?", `?${params.length}`));
  };
  if (f.status) bind("a.status = ?", f.status);
  if (f.category) bind("r.category = ?", f.category);
  if (f.area) bind("substr(r.township_code, 1, length(?)) = ?", f.area);
  if (f.duplicateGroup) bind("r.duplicate_group = ?", f.duplicateGroup);
  if (f.dutyItem) bind("r.duty_item_ref = ?", f.dutyItem);
  const open = `a.status IN ${sqlList(DEADLINE_BEARING)}`;
  const unacked = `a.status IN ${sqlList(UNACKNOWLEDGED)}`;
  if (f.deadline === "overdue") bind(`${open} AND ((${unacked} AND a.ack_due_on < ?) OR a.conclude_due_on < ?)`, today);
  if (f.deadline === "due_soon") bind(`${open} AND ((${unacked} AND a.ack_due_on <= ?) OR a.conclude_due_on <= ?)`, soon);
  const sqlWhere = where.join(" AND ");
  if (f.ids) {
    if (f.ids.length === 0) return { sql: "SELECT NULL AS id WHERE 0", params: [] };
    const start = params.length;
    params.push(...f.ids);
    const list = f.ids.map((_, i) => `?${start + i + 1}`).join(", ");
    return { sql: `SELECT ${REPORT_COLUMNS} FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id WHERE ${sqlWhere} AND a.report_id IN (${list}) ORDER BY a.conclude_due_on, r.id LIMIT ${limit}`, params };
  }
  return { sql: `SELECT ${REPORT_COLUMNS} FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id WHERE ${sqlWhere} ORDER BY a.conclude_due_on, r.id LIMIT ${limit}`, params };
}

export async function listInbox(db: D1Database, bodyId: string, f: InboxFilters, today: string, soon: string, limit = 200): Promise<AssignedReport[]> {
  const { sql, params } = inboxQuery(bodyId, f, today, soon, limit);
  const { results } = await db.prepare(sql).bind(...params).all<AssignedReport>();
  return results.filter((r) => r.id !== null);
}

