/**
 * Pieces shared by the report API and the no-JS form: schema parsing into field errors in the
 * request's language, the rate-limit gate, and intake failures as the error envelope (evidence
 * cleaning is worker/services/intake.ts `cleanEvidence`).
 */
import type { Context } from "hono";
import { ReportInput, reportIssues, type ReportIssue } from "../../../data/schema/report.ts";
import type { Lang } from "../../../site/i18n/index.ts";
import type { AppEnv } from "../../env.ts";
import { AppError, type FieldError } from "../../lib/errors.ts";
import { toFieldErrors } from "../../lib/respond.ts";
import { IntakeRejectedError, IntakeUnavailableError } from "../../services/intake.ts";
import { honeypotTripped } from "../../domain/abuse.ts";
import { withinRateLimit } from "../../lib/rate-limit.ts";
import { ReceiptKeyMissingError } from "../../domain/receipt.ts";
import { connectingAddress } from "../../lib/request.ts";

/** The report's issues as field errors (the one mapper, with the report form's fallback message). */
export const fieldErrors = (lang: Lang, issues: ReportIssue[]): FieldError[] => toFieldErrors(lang, issues, "report.e.invalid");

export type Parsed = { ok: true; input: ReportInput } | { ok: false; issues: ReportIssue[] };

export function parseReport(candidate: unknown): Parsed {
  const result = ReportInput.safeParse(candidate);
  if (!result.success) return { ok: false, issues: reportIssues(result.error) };
  // A bot is told nothing about why (no field named): a flat 403, as SecureDrop answers.
  if (honeypotTripped(result.data.website)) throw new AppError("forbidden");
  return { ok: true, input: result.data };
}

export async function assertWithinLimit(c: Context<AppEnv>, limiter: "INTAKE_LIMITER" | "TRACK_LIMITER", scope: string, cost = 1) {
  if (!(await withinRateLimit(c.env[limiter], c.env, connectingAddress(c), scope, cost))) throw new AppError("rate_limited");
}

/** Maps intake failures to the error envelope; anything else is rethrown. */
export function intakeError(lang: Lang, err: unknown): never {
  if (err instanceof IntakeRejectedError) throw new AppError("validation_failed", { fields: fieldErrors(lang, err.issues) });
  if (err instanceof IntakeUnavailableError || err instanceof ReceiptKeyMissingError) throw new AppError("unavailable");
  throw err;
}
