/**
 * Accepting a proof of work (issue 15 item 4): the ALTCHA payload's signature, solution and expiry
 * are checked (altcha-lib, computation only), then the challenge is spent in D1, so one solution
 * files one report or one hand-in. Never throws on bad input.
 */
import { verifySolution } from "altcha-lib/v1";
import { ALTCHA_TTL_MS, proofOfWorkSignature, type AbuseEnv } from "../domain/abuse.ts";
import { spendChallenge } from "../db/altcha-spent.ts";

export async function verifyProofOfWork(env: AbuseEnv & { DB: D1Database }, payload: string | undefined): Promise<boolean> {
  if (!payload) return false;
  try {
    if (!(await verifySolution(payload, env.ALTCHA_KEY, true))) return false;
  } catch {
    return false;
  }
  const signature = proofOfWorkSignature(payload);
  if (!signature) return false;
  // Kept a day past the challenge's own expiry, after which verifySolution refuses it anyway.
  const expiresOn = new Date(Date.now() + ALTCHA_TTL_MS + 86_400_000).toISOString().slice(0, 10);
  return spendChallenge(env.DB, signature, expiresOn);
}
