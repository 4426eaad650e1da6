/**
 * Contributions (issue 12 item 1), the use cases with storage: a hand-in becomes a row and,
 * optionally, a file kept as uploaded in the CONTRIBUTIONS bucket (never EVIDENCE); the daily
 * sweep deletes files 90 days after the outcome. Days only; nothing about the sender is stored.
 */
import { ContributionMetadata, ContributionOutcome, type ContributionFileType, type ContributionInput } from "../../data/schema/contribution.ts";
import {
  contributionByCodeHash,
  deskContribution,
  expiredContributionFiles,
  insertContribution,
  markContributionFileDeleted,
  markContributionPublished,
  setDuplicateOf,
  setImportReady,
  setMetadata,
  setOutcome,
  startReview,
  type DeskContribution,
  type TrackedContribution,
} from "../db/contributions.ts";
import { editorAuditStatement, type EditorAuditAction } from "../db/editor-audit.ts";
import { AppError, schemaRefusal } from "../lib/errors.ts";
import { contributionCodeHash, FILE_RETENTION_DAYS, governmentHost, publishedFor, type PublishedSource } from "../domain/contribution.ts";
import { newReceiptCode, normaliseReceiptCode, ReceiptKeyMissingError, receiptKeys } from "../domain/receipt.ts";
import { beijingToday } from "../domain/working-days.ts";
import type { Bindings } from "../env.ts";
import { passFormGate } from "./form-gate.ts";

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
export async function submitContribution(
  env: ContributionEnv & object,
  input: ContributionInput,
  file: ContributionFile | null,
  officialHosts: readonly string[] = [],
): Promise<{ code: string; governmentHost: boolean }> {
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

/** What became of a post of the hand-in form (/contribute): its code, or which limit refused it, or no key to make a code with. */
export type HandIn = { kind: "filed"; code: string; governmentHost: boolean } | { kind: "rate_limited" } | { kind: "no_pow" } | { kind: "unavailable" };

/**
 * A validated post of the hand-in form: the report form's no-JS price first (a solved challenge
 * one limiter token, else NO_JS_COST and the day's budgets per source and county, counted apart
 * from reports: worker/services/form-gate.ts), then the contribution stored. `officialHosts` is
 * read only for a post that paid.
 */
export async function handInContribution(
  env: Bindings,
  post: {
    input: ContributionInput;
    file: ContributionFile | null;
    altcha: string | undefined;
    address: string | undefined;
    officialHosts: () => Promise<string[]>;
  },
): Promise<HandIn> {
  const gate = await passFormGate(env, {
    form: "contribute",
    altcha: post.altcha,
    address: post.address,
    countyCode: post.input.county,
    today: beijingToday(),
  });
  if (!gate.passed) return { kind: gate.refused === "rate_limited" ? "rate_limited" : "no_pow" };
  try {
    return { kind: "filed", ...(await submitContribution(env, post.input, post.file, await post.officialHosts())) };
  } catch (err) {
    if (err instanceof ReceiptKeyMissingError) return { kind: "unavailable" };
    throw err;
  }
}

/**
 * The contribution a typed code follows (/contribute/track), or null for any wrong code. A list
 * still waiting (已收到, 核对中) becomes 已收录 once a deploy carries a list with its source
 * (`sources`: the build's /data/list-sources.json, read only when needed); the row returned says so.
 */
export async function followContribution(
  env: Pick<Env, "DB"> & object,
  typed: string,
  sources: () => Promise<PublishedSource[]>,
  today = beijingToday(),
): Promise<TrackedContribution | null> {
  const normalised = normaliseReceiptCode(typed);
  const hash = normalised ? contributionCodeHash(receiptKeys(env), normalised) : null;
  const found = hash ? await contributionByCodeHash(env.DB, hash) : null;
  if (found && hash && (found.status === "received" || found.status === "reviewing")) {
    const published = publishedFor(found, await sources());
    if (published) {
      await markContributionPublished(env.DB, hash, published.path, today).run();
      return { ...found, status: "accepted", outcomePath: published.path, outcomeOn: today };
    }
  }
  return found;
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

// ---------------------------------------------------------------------------------------------
// The editors' desk (issue 12 item 2): each action changes the row and writes its audit entry in
// one batch. Status moves received → reviewing → accepted / declined, never back.

/** What an editor does to a contribution; the forms' values are checked by the shared schema. */
export type DeskAction =
  | { kind: "duplicate"; of: string }
  | { kind: "metadata"; input: unknown }
  | { kind: "import_ready"; ready: boolean }
  | { kind: "start_review" }
  | { kind: "outcome"; input: unknown };

const orNull = (s: string) => (s === "" ? null : s);

/** The row's change for `action`, and the audit entry's action and detail (never the free text itself). */
async function deskChange(
  db: D1Database,
  row: DeskContribution,
  action: DeskAction,
  today: string,
): Promise<{ statement: D1PreparedStatement; audit: EditorAuditAction; detail: string | null }> {
  switch (action.kind) {
    case "duplicate": {
      const of = action.of.trim();
      // The original is another contribution of the same county (the picker offers only those; a crafted post is refused).
      const original = of === "" || of === row.id ? null : await deskContribution(db, of);
      if (of !== "" && original?.countyCode !== row.countyCode)
        throw new AppError("validation_failed", { fields: [{ path: "duplicate_of", code: "editor.e.duplicate" }] });
      return { statement: setDuplicateOf(db, row.id, orNull(of)), audit: "mark_duplicate", detail: of || "cleared" };
    }
    case "metadata": {
      const parsed = ContributionMetadata.safeParse(action.input);
      if (!parsed.success) throw schemaRefusal(parsed.error.issues);
      const m = parsed.data;
      const parts = m.townshipParts.length ? JSON.stringify(m.townshipParts) : null;
      if (m.townshipParts.some((p) => !p.township.startsWith(row.countyCode)))
        throw new AppError("validation_failed", { fields: [{ path: "townshipParts", code: "editor.e.part_county" }] });
      const metadata = {
        issuer: orNull(m.issuer),
        documentNumber: orNull(m.documentNumber),
        adoptedOn: orNull(m.adoptedOn),
        publishedOn: orNull(m.publishedOn),
        version: orNull(m.version),
        townshipParts: parts,
      };
      return { statement: setMetadata(db, row.id, metadata), audit: "record_metadata", detail: `parts ${m.townshipParts.length}` };
    }
    case "import_ready":
      if (action.ready && row.status !== "reviewing") throw new AppError("conflict");
      return { statement: setImportReady(db, row.id, action.ready), audit: "import_ready", detail: action.ready ? "on" : "off" };
    case "start_review":
      if (row.status !== "received") throw new AppError("conflict");
      return { statement: startReview(db, row.id), audit: "start_review", detail: null };
    case "outcome": {
      const parsed = ContributionOutcome.safeParse(action.input);
      if (!parsed.success) throw schemaRefusal(parsed.error.issues);
      if (row.status !== "reviewing") throw new AppError("conflict");
      const o = parsed.data;
      const outcome =
        o.status === "accepted" ? { status: o.status, path: o.path, reason: null, day: today } : { status: o.status, path: null, reason: o.reason, day: today };
      return { statement: setOutcome(db, row.id, outcome), audit: "outcome", detail: o.status };
    }
  }
}

/** Applies one desk action by `editorId` to contribution `id`, with its audit entry. */
export async function applyDeskAction(db: D1Database, editorId: string, id: string, action: DeskAction, today = beijingToday()): Promise<void> {
  const row = await deskContribution(db, id);
  if (!row) throw new AppError("not_found");
  const change = await deskChange(db, row, action, today);
  const [result] = await db.batch([change.statement, editorAuditStatement(db, { editorId, action: change.audit, contributionId: id, detail: change.detail })]);
  // A concurrent editor moved the status first: the guarded UPDATE changed nothing.
  if (result?.meta.changes !== 1) throw new AppError("conflict");
}
