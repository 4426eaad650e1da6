/**
 * D1 reads and writes of forwarding (issue 10 item 4, worker/services/forwarding.ts): the reports
 * that wait for a body that joins later, and the event that tells their reporters.
 */
import type { RoutableReport } from "../domain/routing.ts";

/** A waiting report, as routing needs it, with the last seq of its stored routing decisions. */
export interface WaitingReport extends RoutableReport {
  id: string;
  lastSeq: number;
}

/**
 * Reports whose reporter consented to forwarding, filed on or after `filedSince`, that no joined
 * body holds (no assignment of a joined body: "reached no body"), not merged and with their
 * content, in the area of a body that joined on or after `joinedSince`. Whether the current rules
 * route a report to that body is routing's question (worker/delivery/plan.ts), not this query's.
 */
export async function waitingReports(db: D1Database, joinedSince: string, filedSince: string): Promise<WaitingReport[]> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT r.id, r.township_code AS townshipCode, r.village_code AS villageCode, r.imposer_level AS imposerLevel,
              r.imposer_name AS imposerName, r.category,
              (SELECT COALESCE(MAX(d.seq), 0) FROM routing_decisions d WHERE d.report_id = r.id) AS lastSeq
       FROM oversight_bodies b
       JOIN reports r ON b.area_code = 'CN' OR (r.township_code >= b.area_code AND r.township_code < b.area_code || ':')
       WHERE b.joined = 1 AND b.joined_on >= ?1
         AND r.forward_consent = 1 AND r.received_on >= ?2 AND r.merged_into IS NULL AND r.content_purged_on IS NULL
         AND NOT EXISTS (SELECT 1 FROM report_assignments a JOIN oversight_bodies h ON h.id = a.body_id WHERE a.report_id = r.id AND h.joined = 1)
       ORDER BY r.id`,
    )
    .bind(joinedSince, filedSince)
    .all<WaitingReport>();
  return results;
}

/** The reporter's event on /track: forwarded to this body on `today`, by the system. */
export const forwardedEventStatement = (db: D1Database, reportId: string, bodyId: string, today: string) =>
  db
    .prepare(
      `INSERT INTO report_events (report_id, seq, on_day, kind, from_status, to_status, body_id, actor)
       VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM report_events WHERE report_id = ?1), ?2, 'forwarded', NULL, NULL, ?3, 'system')`,
    )
    .bind(reportId, today, bodyId);
