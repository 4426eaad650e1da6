/**
 * Evidence written in the delivery batch (security M1, L10). R2 keeps each object's own upload
 * time; a file stored when the report was filed would date the filing. So intake stores a file
 * under a random staging key (not derived from the report id or the final key), and the hourly
 * cron, once the report's delivery batch has come, copies it to its final key and deletes the
 * staged object: the final object's upload time is the batch's run, never the filing.
 *
 * Never loses evidence of an acknowledged report: the staged object is deleted only after the
 * copy is stored, and the row is marked only after that; a failed step leaves the staged object
 * and the row as they were, and the next run retries (each step can be repeated). A file at
 * neither key cannot be moved by any run: it is counted as lost, logged (a count only) and left
 * out of later runs, rather than retried forever ahead of the files that can move. Oversight reads
 * the final key and falls back to the staged one (`evidenceObject`).
 */
import { dueStagedEvidence, markEvidenceLost, markEvidenceMoved } from "../db/evidence-staging.ts";
import { insertEvidence } from "../db/reports.ts";
import type { EvidenceMediaType } from "../../data/schema/report.ts";

/** Files moved per run; the rest wait for the next hourly run. */
const MOVES_PER_RUN = 200;

/** Fresh, unrelated keys for a new evidence file: the row id, its final key, its staging key. */
export function newEvidenceKeys(): { id: string; finalKey: string; stagedKey: string } {
  const id = crypto.randomUUID();
  return { id, finalKey: `evidence/${id}`, stagedKey: `staged/${crypto.randomUUID()}` };
}

/**
 * Stores an uploaded, cleaned file (POST /api/evidence) under a fresh staging key, attached to no
 * report until one claims it by `tokenHash`; only the day is kept.
 */
export async function stageEvidence(
  env: { DB: D1Database; EVIDENCE: R2Bucket },
  file: { bytes: Uint8Array; mediaType: EvidenceMediaType },
  tokenHash: string,
  today: string,
): Promise<void> {
  const { id, finalKey, stagedKey } = newEvidenceKeys();
  await env.EVIDENCE.put(stagedKey, file.bytes, { httpMetadata: { contentType: file.mediaType } });
  await insertEvidence(env.DB, {
    id,
    tokenHash,
    reportId: null,
    r2Key: finalKey,
    stagedKey,
    movesAt: null,
    mediaType: file.mediaType,
    bytes: file.bytes.length,
    uploadedOn: today,
  }).run();
}

/**
 * Moves the staged files of every report whose batch is at or before `now`; returns how many
 * moved, failed (retried next run) and were lost (at neither key: never retried).
 */
export async function moveStagedEvidence(env: { DB: D1Database; EVIDENCE: R2Bucket }, now: number): Promise<{ moved: number; failed: number; lost: number }> {
  let moved = 0;
  let failed = 0;
  let lost = 0;
  for (const file of await dueStagedEvidence(env.DB, now, MOVES_PER_RUN)) {
    try {
      // A run that stopped after the copy finds the final object already there.
      if (!(await env.EVIDENCE.head(file.finalKey))) {
        const staged = await env.EVIDENCE.get(file.stagedKey);
        if (!staged) {
          await markEvidenceLost(env.DB, file.id, file.stagedKey);
          lost++;
          continue;
        }
        await env.EVIDENCE.put(file.finalKey, await staged.arrayBuffer(), { httpMetadata: { contentType: file.mediaType } });
      }
      await env.EVIDENCE.delete(file.stagedKey);
      await markEvidenceMoved(env.DB, file.id, file.stagedKey);
      moved++;
    } catch {
      // No details (they could name the report): the staged object stays and the next run retries.
      failed++;
    }
  }
  if (failed > 0) console.error(`evidence-batch: ${failed} staged files not moved; retried next run`);
  if (lost > 0) console.error(`evidence-batch: ${lost} staged files at neither key (lost from the bucket); not retried`);
  return { moved, failed, lost };
}

/** A report's evidence object: at its final key, or still at its staging key before its batch. */
export async function evidenceObject(bucket: R2Bucket, file: { r2_key: string; staged_key: string | null }): Promise<R2ObjectBody | null> {
  return (await bucket.get(file.r2_key)) ?? (file.staged_key ? bucket.get(file.staged_key) : null);
}
