/**
 * Evidence written in the delivery batch (migration 0049, security M1/L10): the files whose
 * report's batch has come and that still sit under their staging key, and the mark that one moved.
 */

export interface StagedEvidence {
  id: string;
  finalKey: string;
  stagedKey: string;
  mediaType: string;
}

/** Staged files of reports whose batch is at or before `now` (ms), at most `limit`, content not purged. */
export async function dueStagedEvidence(db: D1Database, now: number, limit: number): Promise<StagedEvidence[]> {
  const { results } = await db
    .prepare(
      `SELECT id, r2_key AS finalKey, staged_key AS stagedKey, media_type AS mediaType FROM evidence
       WHERE staged_key IS NOT NULL AND moves_at <= ?1 AND report_id IS NOT NULL AND deleted_on IS NULL ORDER BY moves_at LIMIT ?2`,
    )
    .bind(now, limit)
    .all<StagedEvidence>();
  return results;
}

/**
 * A staged file found at neither key (the bucket lost it; no run can move it): out of the move's
 * retry set (`moves_at` NULL, so `dueStagedEvidence` never picks it again). The row stays, with its
 * staging key, for retention to delete like any other. Conditional, so a second run changes nothing.
 */
export const markEvidenceLost = (db: D1Database, id: string, stagedKey: string) =>
  db.prepare("UPDATE evidence SET moves_at = NULL WHERE id = ?1 AND staged_key = ?2").bind(id, stagedKey).run();

/** The file now lives at its final key only. Conditional, so a second run changes nothing. */
export const markEvidenceMoved = (db: D1Database, id: string, stagedKey: string) =>
  db.prepare("UPDATE evidence SET staged_key = NULL WHERE id = ?1 AND staged_key = ?2").bind(id, stagedKey).run();
