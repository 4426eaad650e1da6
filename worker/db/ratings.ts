/**
 * Reporters' ratings, one per body case (migration 0043, security M4): the month only, shown to
 * the holder of the receipt code and, to everyone else, only in the public figures' aggregates.
 */
import type { ReportStatus } from "../domain/report-status.ts";

/** A holding body's case as /track offers it for rating: its status and the reporter's rating, if given. */
export interface CaseRating {
  bodyId: string;
  bodyName: string;
  status: ReportStatus;
  rating: number | null;
}

/** Every active case of a report with the reporter's rating of it (by body name, as /track lists them). */
export async function caseRatings(db: D1Database, reportId: string): Promise<CaseRating[]> {
  const { results } = await db
    .prepare(
      `SELECT a.body_id AS bodyId, b.name AS bodyName, a.status, g.rating
       FROM report_assignments a JOIN oversight_bodies b ON b.id = a.body_id
       LEFT JOIN report_ratings g ON g.report_id = a.report_id AND g.body_id = a.body_id
       WHERE a.report_id = ?1 AND a.active = 1 ORDER BY b.name, a.body_id`,
    )
    .bind(reportId)
    .all<CaseRating>();
  return results;
}

/** Stores the reporter's rating of one body's case, replacing an earlier one. */
export const saveRating = (db: D1Database, reportId: string, bodyId: string, rating: number, today: string) =>
  db
    .prepare(
      "INSERT INTO report_ratings (report_id, body_id, rating, rated_month) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (report_id, body_id) DO UPDATE SET rating = ?3, rated_month = ?4",
    )
    .bind(reportId, bodyId, rating, today.slice(0, 7))
    .run();
