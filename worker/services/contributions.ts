/**
 * Contributions (issue 12 item 1), the use cases with storage: a hand-in becomes a row and,
 * optionally, a file kept as uploaded in the CONTRIBUTIONS bucket (never EVIDENCE); the daily
 * sweep deletes files 90 days after the outcome. Days only; nothing about the sender is stored.
 */
import type { ContributionFileType, ContributionInput } from "../../data/schema/contribution.ts";
import { expiredContributionFiles, insertContribution, markContributionFileDeleted } from "../db/contributions.ts";
import { contributionCodeHash, FILE_RETENTION_DAYS, governmentHost } from "../domain/contribution.ts";
import { newReceiptCode, receiptKeys } from "../domain/receipt.ts";
import { beijingToday } from "../domain/working-days.ts";

export interface ContributionFile {
  bytes: Uint8Array;
  name: string;
  type: ContributionFileType;
}

const MEDIA_TYPES: Record<ContributionFileType, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv",
};

type ContributionEnv = Pick<Env, "DB" | "CONTRIBUTIONS">;

/** Stores a contribution and its file; returns the code, shown once. */
export async function submitContribution(env: ContributionEnv & object, input: ContributionInput, file: ContributionFile | null, officialHosts: readonly string[] = []): Promise<{ code: string; governmentHost: boolean }> {
  const keys = receiptKeys(env);
  const code = newReceiptCode();
  const id = crypto.randomUUID();
  const fileKey = file ? `contributions/${id}/${crypto.randomUUID()}.${file.type}` : null;
  if (file && fileKey) {
    // As uploaded: the county file's own metadata is what an editor needs to verify it.
    await env.CONTRIBUTIONS.put(fileKey, file.bytes, { httpMetadata: { contentType: MEDIA_TYPES[file.type] } });
  }
  const government = governmentHost(input.url, officialHosts);
  await insertContribution(env.DB, {
    id,
    codeHash: contributionCodeHash(keys, code.replace(/-/g, "")),
    kind: input.kind,
    countyCode: input.county,
    townships: input.wholeCounty ? [] : [...new Set(input.townships)].sort(),
    wholeCounty: input.wholeCounty,
    url: input.url,
    governmentHost: government,
    note: input.note ?? null,
    file: file && fileKey ? { key: fileKey, name: file.name.slice(0, 200), type: file.type, size: file.bytes.length } : null,
    receivedOn: beijingToday(),
  }).run();
  return { code, governmentHost: government };
}

/** The daily sweep: files whose outcome is FILE_RETENTION_DAYS old are deleted from R2; the row keeps the outcome. */
export async function purgeContributionFiles(env: ContributionEnv, now: Date = new Date()): Promise<number> {
  const cutoff = beijingToday(new Date(now.getTime() - FILE_RETENTION_DAYS * 86_400_000));
  const today = beijingToday(now);
  let purged = 0;
  for (const { id, fileKey } of await expiredContributionFiles(env.DB, cutoff)) {
    await env.CONTRIBUTIONS.delete(fileKey);
    await markContributionFileDeleted(env.DB, id, today).run();
    purged++;
  }
  return purged;
}

