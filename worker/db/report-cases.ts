/**
 * A report's own status follows its per-body cases (security M4): one statement, shared by the
 * oversight transitions and the delivery writes (kept apart from oversight.ts so that delivery.ts
 * need not import the inbox queries).
 */
import { caseRankSql } from "../domain/lifecycle.ts";

/** A column of the report's least advanced active case (ties: by body, so the answer is stable). */
const leastAdvanced = (column: "status" | "outcome") =>
  `(SELECT ${column} FROM report_assignments WHERE report_id = ?1 AND active = 1 ORDER BY ${caseRankSql("status")}, body_id LIMIT 1)`;
const ACTIVE_CASES = "FROM report_assignments WHERE report_id = ?1 AND active = 1";

/**
 * The report's own status, outcome and days follow its cases: the least advanced active case;
 * concluded or closed only when every active case is (retention counts from the last closure).
 * A report with no active case keeps what it had. `merged_into` records a merge by a holder.
 */
export const deriveReportStatement = (db: D1Database, reportId: string, mergedInto: string | null = null) =>
  db
    .prepare(
      `UPDATE reports SET
         status = COALESCE(${leastAdvanced("status")}, status),
         outcome = CASE WHEN EXISTS (SELECT 1 ${ACTIVE_CASES}) THEN ${leastAdvanced("outcome")} ELSE outcome END,
         acknowledged_on = COALESCE(acknowledged_on, (SELECT min(acknowledged_on) ${ACTIVE_CASES})),
         concluded_on = CASE WHEN EXISTS (SELECT 1 ${ACTIVE_CASES} AND concluded_on IS NULL) THEN NULL ELSE COALESCE((SELECT max(concluded_on) ${ACTIVE_CASES}), concluded_on) END,
         closed_on = CASE WHEN EXISTS (SELECT 1 ${ACTIVE_CASES} AND status != 'closed') THEN NULL ELSE COALESCE((SELECT max(closed_on) ${ACTIVE_CASES}), closed_on) END,
         merged_into = COALESCE(?2, merged_into)
       WHERE id = ?1`,
    )
    .bind(reportId, mergedInto);
