/**
 * Retention (issue #5 §4): a configurable time after a report is closed, its evidence files
 * (R2 objects) and the text of its messages are deleted; the report row, its history and the
 * counts stay, and `content_purged_on` records the day. Uploads never attached to a report are
 * deleted after ORPHAN_UPLOAD_DAYS, spent proof-of-work and passkey challenges once expired. Called daily by the cron (worker/scheduled.ts):
 * `await purgeExpiredContent(env, beijingToday())`.
 */
import { beijingToday, shiftDays } from "../domain/working-days.ts";
import { evidenceKeys, markContentPurged, markEvidenceDeleted, orphanUploads, purgeSpentAltcha, reportsDueForPurge } from "../db/retention.ts";
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
  const reports = await reportsDueForPurge(db, shiftDays(today, -days), BATCH);
  let evidenceFiles = 0;
  for (const id of reports) {
    const keys = await evidenceKeys(db, id);
    if (keys.length) await env.EVIDENCE.delete(keys);
    evidenceFiles += keys.length;
    await markContentPurged(db, id, today);
  }
  const orphans = await orphanUploads(db, shiftDays(today, -ORPHAN_UPLOAD_DAYS));
  if (orphans.length) {
    await env.EVIDENCE.delete(orphans.map((o) => o.key));
    await markEvidenceDeleted(db, orphans.map((o) => o.id), today);
  }
  // Spent proof-of-work and passkey challenges are only needed until they expire.
  await purgeSpentAltcha(db, today);
  await purgeSpentChallenges(db);
  return { reports: reports.length, evidenceFiles, orphanUploads: orphans.length };
}
