/**
 * Retention (issue #5 §4): a configurable time after a report is closed, its evidence files
 * (R2 objects) and the text of its messages are deleted; the report row, its history and the
 * counts stay, and `content_purged_on` records the day. Uploads never attached to a report are
 * deleted after ORPHAN_UPLOAD_DAYS, spent proof-of-work and passkey challenges once expired. Called daily by the cron (worker/scheduled.ts):
 * `await purgeExpiredContent(env, beijingToday())`.
 */
import { beijingToday, shiftDays } from "./working-days.ts";
import { purgeSpentChallenges } from "../auth/passkeys.ts";

/** Days after closing before content is purged, unless `RETENTION_DAYS` is set. */
export const DEFAULT_RETENTION_DAYS = 365;
/** Evidence uploaded through the API but never referenced by a report. */
export const ORPHAN_UPLOAD_DAYS = 2;
/** Reports handled per run, to stay inside one invocation's limits; the rest wait a day. */
const BATCH = 50;

export interface RetentionEnv {
  DB: D1Database;
  EVIDENCE: R2Bucket;
}

export interface PurgeResult {
  reports: number;
  evidenceFiles: number;
  orphanUploads: number;
}

export function retentionDays(env: object): number {
  const raw = Number((env as Record<string, unknown>).RETENTION_DAYS);
  return Number.isInteger(raw) && raw >= 0 ? raw : DEFAULT_RETENTION_DAYS;
}

export async function purgeExpiredContent(env: RetentionEnv, today: string = beijingToday(), days: number = retentionDays(env)): Promise<PurgeResult> {
  const db = env.DB;
  const cutoff = shiftDays(today, -days);
  const { results: reports } = await db
    .prepare("SELECT id FROM reports WHERE status = 'closed' AND closed_on IS NOT NULL AND closed_on <= ?1 AND content_purged_on IS NULL LIMIT ?2")
    .bind(cutoff, BATCH)
    .all<{ id: string }>();
  let evidenceFiles = 0;
  for (const { id } of reports) {
    const { results: files } = await db.prepare("SELECT r2_key AS key FROM evidence WHERE report_id = ?1 AND deleted_on IS NULL").bind(id).all<{ key: string }>();
    if (files.length) await env.EVIDENCE.delete(files.map((f) => f.key));
    evidenceFiles += files.length;
    await db.batch([
      db.prepare("UPDATE evidence SET deleted_on = ?2 WHERE report_id = ?1 AND deleted_on IS NULL").bind(id, today),
      db.prepare("UPDATE messages SET text = NULL WHERE report_id = ?1").bind(id),
      db.prepare("UPDATE reports SET content_purged_on = ?2 WHERE id = ?1").bind(id, today),
    ]);
  }
  const { results: orphans } = await db
    .prepare("SELECT id, r2_key AS key FROM evidence WHERE report_id IS NULL AND deleted_on IS NULL AND uploaded_on <= ?1 LIMIT 500")
    .bind(shiftDays(today, -ORPHAN_UPLOAD_DAYS))
    .all<{ id: string; key: string }>();
  if (orphans.length) {
    await env.EVIDENCE.delete(orphans.map((o) => o.key));
    await db.batch(orphans.map((o) => db.prepare("UPDATE evidence SET deleted_on = ?2 WHERE id = ?1").bind(o.id, today)));
  }
  // Spent proof-of-work and passkey challenges are only needed until they expire.
  await db.prepare("DELETE FROM altcha_spent WHERE expires_on < ?1").bind(today).run();
  await purgeSpentChallenges(db);
  return { reports: reports.length, evidenceFiles, orphanUploads: orphans.length };
}
