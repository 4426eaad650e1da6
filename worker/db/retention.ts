/**
 * Queries of retention (worker/services/retention.ts): closed reports whose content is due for
 * purging, their evidence, orphan uploads, and spent proof-of-work challenges.
 */

/**
 * Reports whose content is not purged yet and is due: closed on or before `closedCutoff`, or
 * received on or before `receivedCutoff` whatever their status (at most `limit`).
 */
export async function reportsDueForPurge(db: D1Database, closedCutoff: string, receivedCutoff: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM reports WHERE content_purged_on IS NULL
          AND ((status = 'closed' AND closed_on IS NOT NULL AND closed_on <= ?1) OR received_on <= ?2) LIMIT ?3`,
    )
    .bind(closedCutoff, receivedCutoff, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** The R2 keys of a report's evidence not deleted yet: the final key and, before its batch moved it, the staged one. */
export async function evidenceKeys(db: D1Database, reportId: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT r2_key AS key, staged_key AS staged FROM evidence WHERE report_id = ?1 AND deleted_on IS NULL")
    .bind(reportId)
    .all<{ key: string; staged: string | null }>();
  return results.flatMap((r) => (r.staged ? [r.key, r.staged] : [r.key]));
}

/** Everything the reporter wrote or sent for one report, deleted in one batch (R2 objects first, by the caller). */
export async function markContentPurged(db: D1Database, reportId: string, today: string): Promise<void> {
  await db.batch([
    db.prepare("UPDATE evidence SET deleted_on = ?2 WHERE report_id = ?1 AND deleted_on IS NULL").bind(reportId, today),
    db.prepare("UPDATE messages SET text = NULL WHERE report_id = ?1").bind(reportId),
    // The duplicate signature is derived from the text: it goes with it (migrations/0014).
    db.prepare("DELETE FROM report_signatures WHERE report_id = ?1").bind(reportId),
    db.prepare("UPDATE reports SET title = '', description = '', content_purged_on = ?2 WHERE id = ?1").bind(reportId, today),
  ]);
}

/** Uploads never attached to a report, uploaded on or before `before` (at most 500), with both their keys. */
export async function orphanUploads(db: D1Database, before: string): Promise<{ id: string; keys: string[] }[]> {
  const { results } = await db
    .prepare("SELECT id, r2_key AS key, staged_key AS staged FROM evidence WHERE report_id IS NULL AND deleted_on IS NULL AND uploaded_on <= ?1 LIMIT 500")
    .bind(before)
    .all<{ id: string; key: string; staged: string | null }>();
  return results.map((r) => ({ id: r.id, keys: r.staged ? [r.key, r.staged] : [r.key] }));
}

export async function markEvidenceDeleted(db: D1Database, ids: string[], today: string): Promise<void> {
  if (ids.length) await db.batch(ids.map((id) => db.prepare("UPDATE evidence SET deleted_on = ?2 WHERE id = ?1").bind(id, today)));
}

/** Spent proof-of-work challenges are only needed until they expire. */
export const purgeSpentAltcha = (db: D1Database, today: string) => db.prepare("DELETE FROM altcha_spent WHERE expires_on < ?1").bind(today).run();
