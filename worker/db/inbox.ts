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

/**
 * What a body has not seen yet (issue 14 item 2, UX 34), as SQL over the assignment `a` and its
 * read marker `cr` (READ_JOIN, migration 0045). Only what the body may see: a reporter's message
 * from its delivery batch on (`visible_from`, security M1; `now` names the bound parameter of the
 * current time in ms); a reopen request once the cron applied it to this body's case (its event).
 */
export const READ_JOIN = "LEFT JOIN case_reads cr ON cr.report_id = a.report_id AND cr.body_id = a.body_id";
export const unreadMessagesSql = (now: string) =>
  `(SELECT count(*) FROM messages m WHERE m.report_id = a.report_id AND m.direction = 'to_body' AND (m.visible_from IS NULL OR m.visible_from <= ${now}) AND m.seq > COALESCE(cr.message_seq, 0))`;
export const UNSEEN_REOPENS_SQL = `(SELECT count(*) FROM report_events e WHERE e.report_id = a.report_id AND e.kind = 'reopen' AND e.actor = 'reporter' AND e.body_id = a.body_id AND e.seq > COALESCE(cr.event_seq, 0))`;

/** An inbox row: the report and what the body has not seen of it. */
export interface InboxRow extends AssignedReport {
  unread_messages: number;
  unseen_reopens: number;
}

export const DEADLINE_FILTERS = ["overdue", "due_soon"] as const;
export const UNREAD_FILTERS = ["message", "reopen"] as const;
export const INBOX_SORTS = ["deadline", "newest"] as const;
export interface InboxFilters {
  status?: ReportStatus;
  category?: string;
  /** Division code prefix (county 6, township 9 digits). */
  area?: string;
  deadline?: (typeof DEADLINE_FILTERS)[number];
  /** Only reports with an unread reporter message, or an unseen reopen request. */
  unread?: (typeof UNREAD_FILTERS)[number];
  /** Order: the nearest open deadline first (default), or the newest report first. */
  sort?: (typeof INBOX_SORTS)[number];
  duplicateGroup?: string;
  dutyItem?: string;
  /** Report ids matching a full-text query (worker/db/inbox-search.ts), already limited to the body. */
  ids?: string[];
}

/**
 * The inbox query of one body. The WHERE clause is built only from fixed fragments (never from
 * input text); values are bound. CROSS JOIN pins the join order: the body's assignments first
 * (index report_assignments_body), then each report by primary key, so no query scans `reports`.
 * `now` (ms) decides which reporter messages the body can see yet.
 */
export function inboxQuery(bodyId: string, f: InboxFilters, today: string, soon: string, limit = 200, now = Date.now()): { sql: string; params: unknown[] } {
  const where = ["a.body_id = ?1", "a.active = 1", VISIBLE];
  const params: unknown[] = [bodyId, now];
  const unread = unreadMessagesSql("?2");
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
  if (f.unread === "message") where.push(`${unread} > 0`);
  if (f.unread === "reopen") where.push(`${UNSEEN_REOPENS_SQL} > 0`);
  if (f.ids) {
    if (f.ids.length === 0) return { sql: "SELECT NULL AS id WHERE 0", params: [] };
    const start = params.length;
    params.push(...f.ids);
    where.push(`a.report_id IN (${f.ids.map((_, i) => `?${start + i + 1}`).join(", ")})`);
  }
  // The deadline that comes next for an open case (acknowledgement while unacknowledged); closed cases last.
  const nextDue = `CASE WHEN ${open} THEN (CASE WHEN ${unacked} THEN min(COALESCE(a.ack_due_on, a.conclude_due_on), COALESCE(a.conclude_due_on, a.ack_due_on)) ELSE a.conclude_due_on END) END`;
  const order = f.sort === "newest" ? "r.received_on DESC, r.id DESC" : `${nextDue} IS NULL, ${nextDue}, r.id`;
  return {
    sql: `SELECT ${REPORT_COLUMNS}, ${unread} AS unread_messages, ${UNSEEN_REOPENS_SQL} AS unseen_reopens
      FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id ${READ_JOIN} WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ${limit}`,
    params,
  };
}

export async function listInbox(
  db: D1Database,
  bodyId: string,
  f: InboxFilters,
  today: string,
  soon: string,
  limit = 200,
  now = Date.now(),
): Promise<InboxRow[]> {
  const { sql, params } = inboxQuery(bodyId, f, today, soon, limit, now);
  const { results } = await db
    .prepare(sql)
    .bind(...params)
    .all<InboxRow>();
  return results.filter((r) => r.id !== null);
}
