/**
 * Intake of one burden report (issue #5 §2, §7): checks what the schema cannot (divisions
 * exist, evidence tokens are unused), groups near-duplicates, then writes the report, its
 * first event, its evidence links and the delivery plan in ONE D1 batch before any receipt
 * exists. If the batch fails nothing was stored and the caller shows no receipt.
 */
import { newEvidenceKeys } from "./evidence-batch.ts";
import { REPORT_LIMITS, type ReportInput, type ReportIssue } from "../../data/schema/report.ts";
import type { Bindings } from "../env.ts";
import { planFrom, routingReads, type ReportForRouting } from "../delivery/plan.ts";
import { readTogether } from "../db/batch-read.ts";
import { batchSchedule, nextBatch } from "../domain/delivery-batch.ts";
import type { RoutingOutcome } from "../domain/routing.ts";
import {
  attachEvidence,
  insertEvidence,
  insertReceivedEvent,
  insertReport,
  insertSignature,
  intakeReads,
  reportIdByIdempotencyHash,
  routingOutcomes,
  setDuplicateGroup,
  type EvidenceRow,
} from "../db/reports.ts";
import { proofOfWorkSignature } from "../domain/abuse.ts";
import { EvidenceRejectedError, cleanEvidence as rebuildEvidence } from "../domain/evidence.ts";
import { encodeSignature, findDuplicateBySignature, signatureKeys, textSignature } from "../domain/duplicates.ts";
import { hashReceiptCode, hashSecret, newReceiptCode, normaliseReceiptCode, receiptCodeFromIdempotencyKey, receiptKeys } from "../domain/receipt.ts";
import { beijingToday, shiftDays } from "../domain/working-days.ts";

/** How far back near-duplicates are looked for. */
const DUPLICATE_WINDOW_DAYS = 180;

/** Input problems found against the database: answered as field errors (400). */
export class IntakeRejectedError extends Error {
  override readonly name = "IntakeRejectedError";
  readonly issues: ReportIssue[];
  constructor(issues: ReportIssue[]) {
    super("intake rejected");
    this.issues = issues;
  }
}

/** The D1 batch failed: nothing was stored (503, no receipt). */
export class IntakeUnavailableError extends Error {
  override readonly name = "IntakeUnavailableError";
}

/** Cleans one uploaded file (worker/domain/evidence.ts); an uncleanable file is refused as an issue on `evidence`. */
export async function cleanEvidence(bytes: Uint8Array, declared: string | null) {
  try {
    return await rebuildEvidence(bytes, declared);
  } catch (err) {
    if (err instanceof EvidenceRejectedError) throw new IntakeRejectedError([{ path: "evidence", code: `report.e.evidence_${err.reason}` }]);
    throw err;
  }
}

/** An evidence file already cleaned, to be stored with the report (no-JS form path). */
export interface CleanedFile {
  bytes: Uint8Array;
  mediaType: EvidenceRow["mediaType"];
}

export interface IntakeResult {
  reportId: string;
  /** Shown once, never stored. */
  receiptCode: string;
  decisions: RoutingOutcome[];
  /** The delivery batch (ms) that takes the report to its bodies; null for a replay (already told). */
  batchAt: number | null;
  /** True when an earlier submit with the same idempotency key made this report. */
  replayed: boolean;
}

/**
 * Submits one validated report. Nothing is sent now: the delivery jobs wait for the report's
 * delivery batch (security M1), which the hourly cron runs. `claim` is a statement run in the
 * report's own batch that fails it when the report must not be filed. `now` is for tests only.
 */
export async function submitReport(
  env: Bindings,
  input: ReportInput,
  files: CleanedFile[] = [],
  options: { now?: number; claim?: D1PreparedStatement } = {},
): Promise<IntakeResult> {
  const { claim } = options;
  const now = options.now ?? Date.now();
  const today = beijingToday(new Date(now));
  const batchAt = nextBatch(now, batchSchedule(env));
  const keys = receiptKeys(env);
  const replayKey = replayKeyOf(input);
  const idempotencyHash = replayKey ? hashSecret(keys, "idempotency", replayKey) : null;

  const reportId = crypto.randomUUID();
  const tokenHashes = input.evidence.map((token) => hashSecret(keys, "evidence", token));
  const signing = signatureKeys((purpose, value) => hashSecret(keys, purpose, value));
  const bodyKey = signing.bodyKey(input.imposerName);
  const report: ReportForRouting = {
    id: reportId,
    townshipCode: input.townshipCode,
    villageCode: input.villageCode ?? null,
    imposerLevel: input.imposerLevel,
    imposerName: input.imposerName,
    category: input.category,
  };
  // Every read in ONE D1 round trip: intake's checks (replay, divisions, evidence tokens,
  // duplicate candidates) and the delivery plan's bodies and channels (issue 16 item 3).
  let reads;
  try {
    reads = await readTogether(env.DB, {
      ...intakeReads(env.DB, {
        idempotencyHash,
        divisionCodes: [input.townshipCode, ...(input.villageCode ? [input.villageCode] : [])],
        tokenHashes,
        townshipCode: input.townshipCode,
        category: input.category,
        bodyKey,
        sinceDay: shiftDays(today, -DUPLICATE_WINDOW_DAYS),
      }),
      ...routingReads(env.DB, report),
    });
  } catch (err) {
    throw new IntakeUnavailableError("intake reads failed", { cause: err });
  }
  if (reads.replayId) return replayResult(env, reads.replayId, replayKey!);
  const { known, unattached, candidates } = reads;

  const issues: ReportIssue[] = [];
  if (!known.has(input.townshipCode)) issues.push({ path: "townshipCode", code: "report.e.township_unknown" });
  if (input.villageCode && !known.has(input.villageCode)) issues.push({ path: "villageCode", code: "report.e.village_unknown" });
  if (new Set(tokenHashes).size !== tokenHashes.length || unattached !== tokenHashes.length) issues.push({ path: "evidence", code: "report.e.evidence_token" });
  if (input.evidence.length + files.length > REPORT_LIMITS.evidenceFiles) issues.push({ path: "evidence", code: "report.e.evidence_count" });
  if (issues.length) throw new IntakeRejectedError(issues);
  const plan = planFrom(env.DB, report, reads, today, batchAt);

  const receiptCode = replayKey ? receiptCodeFromIdempotencyKey(keys, replayKey) : newReceiptCode();
  const receiptHash = hashReceiptCode(keys, normaliseReceiptCode(receiptCode)!);
  const signature = textSignature(input, signing.seed);
  const duplicate = findDuplicateBySignature(signature, candidates);

  const db = env.DB;
  const statements: D1PreparedStatement[] = [
    insertReport(db, { id: reportId, receiptHash, receivedOn: today, idempotencyHash, duplicateGroup: duplicate?.group ?? null }, input),
    insertReceivedEvent(db, reportId, today),
    insertSignature(db, {
      reportId,
      townshipCode: input.townshipCode,
      category: input.category,
      bodyKey,
      receivedOn: today,
      grams: encodeSignature(signature),
    }),
    ...tokenHashes.map((hash) => attachEvidence(db, reportId, hash, batchAt)),
  ];
  if (duplicate?.matchedNeedsGroup) statements.push(setDuplicateGroup(db, duplicate.matchedId, duplicate.group));

  const stored: string[] = [];
  for (const file of files) {
    // Staged now, written to its final key in the report's batch (security L10: R2's upload time).
    const { id, finalKey, stagedKey } = newEvidenceKeys();
    // R2 first: if the batch then fails, the object is removed again below.
    await env.EVIDENCE.put(stagedKey, file.bytes, { httpMetadata: { contentType: file.mediaType } });
    stored.push(stagedKey);
    const tokenHash = hashSecret(keys, "evidence", `form:${id}`);
    statements.push(
      insertEvidence(db, {
        id,
        tokenHash,
        reportId,
        r2Key: finalKey,
        stagedKey,
        movesAt: batchAt,
        mediaType: file.mediaType,
        bytes: file.bytes.length,
        uploadedOn: today,
      }),
    );
  }

  try {
    // `claim` (the no-JS form's single-use token) fails the batch when already spent: one report per token.
    await db.batch([...(claim ? [claim] : []), ...statements, ...plan.statements]);
  } catch (err) {
    if (stored.length) await env.EVIDENCE.delete(stored).catch(() => {});
    // A concurrent submit with the same idempotency key won the race: answer as a replay.
    if (idempotencyHash) {
      const replay = await replayOf(env, idempotencyHash, replayKey!).catch(() => null);
      if (replay) return replay;
    }
    throw new IntakeUnavailableError("report batch failed", { cause: err });
  }
  return { reportId, receiptCode, decisions: plan.decisions, batchAt, replayed: false };
}

/**
 * What identifies a retry: the idempotency key together with the proof of work it was first sent
 * with. Someone who learns only the key (a weak client, a log) gets no receipt from it: a replay
 * must carry the original solution too, and a fresh solution files a report of its own (security L2).
 */
function replayKeyOf(input: ReportInput): string | null {
  return input.idempotencyKey ? `${input.idempotencyKey}:${proofOfWorkSignature(input.altcha) ?? ""}` : null;
}

/** The earlier result of a submit with this idempotency key and proof of work, if there was one (a retry). */
export async function findReplay(env: Bindings, input: ReportInput): Promise<IntakeResult | null> {
  const replayKey = replayKeyOf(input);
  return replayKey ? replayOf(env, hashSecret(receiptKeys(env), "idempotency", replayKey), replayKey) : null;
}

async function replayOf(env: Bindings, idempotencyHash: string, idempotencyKey: string): Promise<IntakeResult | null> {
  const reportId = await reportIdByIdempotencyHash(env.DB, idempotencyHash);
  return reportId ? replayResult(env, reportId, idempotencyKey) : null;
}

async function replayResult(env: Bindings, reportId: string, idempotencyKey: string): Promise<IntakeResult> {
  const keys = receiptKeys(env);
  return {
    reportId,
    receiptCode: receiptCodeFromIdempotencyKey(keys, idempotencyKey),
    decisions: await routingOutcomes(env.DB, reportId),
    batchAt: null,
    replayed: true,
  };
}
