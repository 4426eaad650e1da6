/**
 * The ALTCHA proof of work for a form's hidden `altcha` field (issue 15 item 4): fetches a
 * challenge from the worker, solves it in the background and writes the solution. Resolves
 * false when the challenge cannot be fetched or solved: the form is then posted without it and
 * the server applies its no-proof-of-work limits, as for a browser without JavaScript.
 */
import { solveChallenge } from "altcha-lib/v1";

interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber?: number;
  maxNumber?: number;
  salt: string;
  signature: string;
}

export async function solveProofOfWork(hidden: HTMLInputElement): Promise<boolean> {
  if (hidden.value) return true;
  const res = await fetch("/api/reports/challenge", { cache: "no-store" });
  if (!res.ok) return false;
  const c = (await res.json()) as Challenge;
  const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber ?? c.maxNumber).promise;
  if (!solution) return false;
  hidden.value = btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: solution.number, salt: c.salt, signature: c.signature }));
  return true;
}
