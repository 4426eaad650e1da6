/**
 * Retention (issue #5 §4, issue 15 item 5): a report's content goes a configurable time after it
 * is closed (`RETENTION_DAYS`, default 365) and, for a report never closed, a maximum time after
 * it was received (`RETENTION_MAX_AGE_DAYS`, default 730: two years), whichever comes first.
 * The content is everything the reporter wrote or sent: the title and description, the text of
 * every message, and the evidence files (R2 objects, at the final key and any staging key), deleted together. The report row, its
 * history and the counts stay, and `content_purged_on` records the day; /track says when the
 * content will go and when it went. (Duplicate grouping keeps no signatures of its own: it reads
 * title and description, so it forgets a report with them.) Uploads never attached to a report
 * are deleted after ORPHAN_UPLOAD_DAYS, spent proof-of-work and passkey challenges and the report form's tokens once expired.
 * Called daily by the cron (worker/scheduled.ts): `await purgeExpiredContent(env, beijingToday())`.
 */
import { beijingToday, shiftDays } from "../domain/working-days.ts";
import { evidenceKeys, markContentPurged, markEvidenceDeleted, orphanUploads, purgeSpentAltcha, reportsDueForPurge } from "../db/retention.ts";
import { purgeSpentChallenges } from "../db/passkeys.ts";
import { purgeNoPowDaily } from "../db/no-pow.ts";
import { purgeFormTokens } from "../db/form-tokens.ts";
import { hourOf } from "../domain/form-token.ts";

// The privacy notice states these (worker/domain/data-policy.ts).
import { ORPHAN_UPLOAD_DAYS, maxAgeDays, retentionDays } from "../domain/data-policy.ts";
export { DEFAULT_MAX_AGE_DAYS, DEFAULT_RETENTION_DAYS, ORPHAN_UPLOAD_DAYS, maxAgeDays, retentionDays } from "../domain/data-policy.ts";

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

/** The day a report's content is due to go: `days` after closing or `maxAge` after receipt, whichever is first. */
export function contentDueOn(report: { receivedOn: string; closedOn: string | null }, days: number, maxAge: number): string {
  const byAge = shiftDays(report.receivedOn, maxAge);
  if (report.closedOn === null) return byAge;
  const byClosing = shiftDays(report.closedOn, days);
  return byClosing < byAge ? byClosing : byAge;
}

export async function purgeExpiredContent(
  env: RetentionEnv,
  today: string = beijingToday(),
  days: number = retentionDays(env),
  maxAge: number = maxAgeDays(env),
): Promise<PurgeResult> {
  const db = env.DB;
  const reports = await reportsDueForPurge(db, shiftDays(today, -days), shiftDays(today, -maxAge), BATCH);
  let evidenceFiles = 0;
  for (const id of reports) {
    const keys = await evidenceKeys(db, id);
    if (keys.length) await env.EVIDENCE.delete(keys);
    evidenceFiles += keys.length;
    await markContentPurged(db, id, today);
  }
  const orphans = await orphanUploads(db, shiftDays(today, -ORPHAN_UPLOAD_DAYS));
  if (orphans.length) {
    await env.EVIDENCE.delete(orphans.flatMap((o) => o.keys));
    await markEvidenceDeleted(
      db,
      orphans.map((o) => o.id),
      today,
    );
  }
  // Spent proof-of-work and passkey challenges are only needed until they expire.
  await purgeSpentAltcha(db, today);
  await purgeNoPowDaily(db, today, shiftDays(today, -1));
  await purgeSpentChallenges(db);
  await purgeFormTokens(db, hourOf(Date.now()));
  return { reports: reports.length, evidenceFiles, orphanUploads: orphans.length };
}
