/**
 * A report posted to `POST /api/reports` (the island, or any client of the API): the solved
 * challenge is checked and spent once (worker/services/proof-of-work.ts), then the report is filed
 * (worker/services/intake.ts). The no-JS form's counterpart is worker/services/form-intake.ts.
 */
import type { ReportInput } from "../../data/schema/report.ts";
import type { Bindings } from "../env.ts";
import { protectionDisabled } from "../domain/abuse.ts";
import { verifyProofOfWork } from "./proof-of-work.ts";
import { findReplay, submitReport, type IntakeResult } from "./intake.ts";

/**
 * The filed (or replayed) report, or "altcha" when the challenge is not solved or already spent.
 * A retry whose answer was lost reuses its spent challenge: it is answered from its idempotency
 * key, so a client that lost the receipt gets the same one back. Throws intake's errors.
 */
export async function fileApiReport(env: Bindings, input: ReportInput): Promise<IntakeResult | "altcha"> {
  if (!protectionDisabled(env) && !(await verifyProofOfWork(env, input.altcha))) return (await findReplay(env, input)) ?? "altcha";
  return submitReport(env, input, []);
}
