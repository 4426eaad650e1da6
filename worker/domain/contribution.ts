/**
 * Contributions (issue 12 item 1): a hand-in becomes a row and, optionally, a file kept as
 * uploaded in the CONTRIBUTIONS bucket. The contribution code is a receipt code
 * (worker/domain/receipt.ts: 100 bits, Crockford groups) stored only as a keyed hash under its
 * own purpose, so a contribution code never opens a report and a receipt code never opens a
 * contribution. Days only; nothing about the sender is stored.
 */
import type { ContributionFileType, ContributionInput } from "../../data/schema/contribution.ts";
import { isOfficialUrl } from "../../data/schema/provenance.ts";
import { expiredContributionFiles, insertContribution, markContributionFileDeleted } from "../db/contributions.ts";
import { hashSecret, newReceiptCode, type ReceiptKeys, receiptKeys } from "./receipt.ts";
import { beijingToday } from "./working-days.ts";

/** Files are deleted this many days after the outcome (已收录 or 未收录). */
export const FILE_RETENTION_DAYS = 90;

export const contributionCodeHash = (keys: ReceiptKeys, normalised: string) => `v${keys.current}:${hashSecret(keys, "contribution", normalised)}`;

/** Whether a URL is on a government host: the provenance rule (data/schema/provenance.ts) with the build's extra hosts. */
export const governmentHost = (url: string, officialHosts: readonly string[]) => isOfficialUrl(url, officialHosts);

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

/** One entry of /data/list-sources.json (site/pages/data/list-sources.json.ts). */
export interface PublishedSource {
  township: string;
  url: string;
  path: string;
}

/** Same address up to the scheme, a trailing slash and case of the host: what an editor may tidy. */
const sameSource = (a: string, b: string) => {
  const key = (u: string) => {
    try {
      const url = new URL(u);
      return `${url.hostname.toLowerCase()}${url.pathname.replace(/\/$/, "")}${url.search}`;
    } catch {
      return u;
    }
  };
  return key(a) === key(b);
};

/**
 * The published list a contribution led to: a list of one of its townships (any of the county's
 * for a whole-county file) whose source is the contribution's URL; undefined while none is deployed.
 */
export function publishedFor(c: { url: string; countyCode: string; townships: string; wholeCounty: number }, sources: PublishedSource[]): PublishedSource | undefined {
  const townships = new Set(JSON.parse(c.townships) as string[]);
  return sources.find((s) => sameSource(s.url, c.url) && (c.wholeCounty ? s.township.startsWith(c.countyCode) : townships.has(s.township)));
}
