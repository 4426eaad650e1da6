/**
 * The no-JS report form's use cases (issue #5 §1, issue 15 item 4): a single-use form token for
 * each form page, and filing a post of the form. A token files one report: it is spent in the
 * report's own batch (`claimFormToken`), so a repost or a concurrent post of the same page files
 * nothing and is told so. Without proof of work the post pays the no-JS price
 * (worker/services/form-gate.ts) and is counted for the digests of the bodies it reached.
 * The route reads the token's state itself (a read) and answers every outcome with a page.
 */
import type { ReportInput, ReportIssue } from "../../data/schema/report.ts";
import type { Bindings } from "../env.ts";
import { formTokenExpiry, formTokenHash, hourOf, newFormToken } from "../domain/form-token.ts";
import { receiptKeys } from "../domain/receipt.ts";
import { beijingToday } from "../domain/working-days.ts";
import { channelsForPlace } from "../db/bodies.ts";
import { claimFormToken, formTokenState, issueFormToken, spendFormToken } from "../db/form-tokens.ts";
import { countForBodies } from "../db/no-pow.ts";
import { passFormGate } from "./form-gate.ts";
import { cleanEvidence, IntakeRejectedError, IntakeUnavailableError, submitReport, type CleanedFile } from "./intake.ts";
import { areaOf } from "../../data/schema/division.ts";

/** A new token for a form page (its keyed hash stored with an expiry in whole hours). Throws ReceiptKeyMissingError without the key. */
export async function freshFormToken(env: Bindings): Promise<string> {
  const token = newFormToken();
  await issueFormToken(env.DB, formTokenHash(receiptKeys(env), token), formTokenExpiry(Date.now()));
  return token;
}

/** What became of a post. `spent`: its token filed a report already (no code shown again). */
export type FormFiling =
  | { kind: "filed"; receiptCode: string }
  | { kind: "spent" }
  | { kind: "rejected"; issues: ReportIssue[] }
  | { kind: "rate_limited" }
  | { kind: "no_pow_source" }
  /** The county's budget is spent; `channels` names its official channels, which take reports whatever our limits say. */
  | { kind: "no_pow_county"; channels: string[] }
  | { kind: "unavailable" };

export interface FormPost {
  /** The keyed hash of the post's token, which the route found valid. */
  tokenHash: string;
  input: ReportInput;
  /** The files as posted, cleaned only once the post has paid. */
  uploads: readonly Blob[];
  /** The connecting address: for the limiter keys only, never stored. */
  address: string | undefined;
}

/** Files a validated post of the form, or says why not. */
export async function fileFormReport(env: Bindings, post: FormPost): Promise<FormFiling> {
  const { input, tokenHash } = post;
  const today = beijingToday();
  const gate = await passFormGate(env, {
    form: "report",
    altcha: input.altcha,
    address: post.address,
    countyCode: areaOf(input.townshipCode, "county"),
    today,
  });
  if (!gate.passed) {
    if (gate.refused === "rate_limited") return { kind: "rate_limited" };
    if (gate.refused === "source") return { kind: "no_pow_source" };
    return { kind: "no_pow_county", channels: (await channelsForPlace(env.DB, input.townshipCode)).map((ch) => ch.name) };
  }
  try {
    const files: CleanedFile[] = [];
    for (const upload of post.uploads) files.push(await cleanEvidence(new Uint8Array(await upload.arrayBuffer()), upload.type));
    const result = await submitReport(env, input, files, { claim: claimFormToken(env.DB, tokenHash) });
    // A replay (same idempotency key and proof of work) never ran the batch: the token is spent here, once.
    if (result.replayed && !(await spendFormToken(env.DB, tokenHash))) return { kind: "spent" };
    // For the digest's count (a lost count loses no report, so it never stands in the receipt's way).
    if (gate.unpaid)
      await countForBodies(
        env.DB,
        today,
        result.decisions.flatMap((d) => (d.joined && d.bodyId ? [d.bodyId] : [])),
      ).catch(() => {});
    return { kind: "filed", receiptCode: result.receiptCode };
  } catch (err) {
    if (err instanceof IntakeRejectedError) return { kind: "rejected", issues: err.issues };
    if (err instanceof IntakeUnavailableError) {
      // A concurrent post with the same token filed first (its claim failed this batch).
      if ((await formTokenState(env.DB, tokenHash, hourOf(Date.now())).catch(() => null)) === "spent") return { kind: "spent" };
      return { kind: "unavailable" };
    }
    throw err;
  }
}
