/**
 * Published summaries (issue #6 §8): a triager drafts, a body admin approves or withdraws. A
 * summary may exist only for a concluded report whose reporter consents (db/summaries.ts
 * `summaryRefusal`); a refusal is a field error on `summary`, shown beside the form.
 */
import { AppError } from "../lib/errors.ts";
import type { ActingUser } from "../db/oversight.ts";
import { approveStatements, draftStatements, SUMMARY_MAX, SUMMARY_MIN, summaryRefusal, withdrawStatements } from "../db/summaries.ts";

type SummaryReport = Parameters<typeof summaryRefusal>[0];

const refusal = (code: "conflict" | "unprocessable", why: string) => new AppError(code, { fields: [{ path: "summary", code: `oversight.summary.e_${why}` }] });

function refuseUnlessPublishable(report: SummaryReport) {
  const why = summaryRefusal(report);
  if (why) throw refusal("conflict", why);
}

export async function draftSummary(db: D1Database, user: ActingUser, report: SummaryReport, text: string, today: string): Promise<void> {
  refuseUnlessPublishable(report);
  const clean = text.normalize("NFC").trim();
  if (clean.length < SUMMARY_MIN || clean.length > SUMMARY_MAX) throw refusal("unprocessable", "length");
  await db.batch(draftStatements(db, user, report.id, clean, today));
}

export async function approveSummary(db: D1Database, user: ActingUser, report: SummaryReport, today: string): Promise<void> {
  refuseUnlessPublishable(report);
  const [update] = await db.batch(approveStatements(db, user, report.id, today));
  if (!update!.meta.changes) throw refusal("conflict", "no_draft");
}

export async function withdrawSummary(db: D1Database, user: ActingUser, reportId: string): Promise<void> {
  const [update] = await db.batch(withdrawStatements(db, user, reportId));
  if (!update!.meta.changes) throw new AppError("conflict");
}
