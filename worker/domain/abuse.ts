/**
 * Abuse control without identifying anyone (issue #5 §5).
 *  - Rate limits: the Workers rate-limiting binding keyed by HMAC(connecting address, daily key),
 *    the daily key derived from RATE_KEY and the Beijing date, so a key cannot be linked across
 *    days. The address and the key are used for the limiter call only: never stored or logged.
 *    An IPv6 address counts by its /64 (security M6): a home line gets a whole /64, so keying
 *    the full address would give each of its 2^64 addresses a budget of its own.
 *  - Proof of work: ALTCHA (altcha-lib, self-hosted). The island and API clients solve it; the
 *    no-JS form is waived and instead consumes several limiter tokens per submission
 *    (NO_JS_COST), i.e. a stricter limit, and a daily budget per source (NO_POW_PER_SOURCE) and
 *    per county (NO_POW_PER_COUNTY): a script cannot use the form to skip the work at volume
 *    (security M6), while a person without JavaScript can still file (docs/threat-model.md).
 *  - Honeypot: a field people never see; a bot that fills it is refused.
 *  The limiter call (worker/lib/rate-limit.ts) and spending a solved challenge
 *  (worker/services/proof-of-work.ts) are I/O and live outside the domain; this module decides only.
 *  - Benchmark switch: `INTAKE_UNPROTECTED=1` turns PoW and rate limits off for
 *    `npm run bench:intake`, only when ENVIRONMENT is "local"; anywhere else the worker refuses
 *    to serve intake at all, so a stray setting cannot silently disable protection.
 */
import { createChallenge } from "altcha-lib/v1";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { beijingToday } from "./working-days.ts";

/** Limiter tokens one no-JS submission consumes (the form skips proof of work). */
export const NO_JS_COST = 3;
/** Reports a day one source (a /64 or an IPv4 address) may file without proof of work (var `NO_POW_PER_SOURCE`). */
export const NO_POW_PER_SOURCE = 3;
/** Reports a day filed without proof of work about one county (var `NO_POW_PER_COUNTY`): high, a brake on floods only. */
export const NO_POW_PER_COUNTY = 200;

/** An optional var holding a whole number ≥ 1, or `fallback` when it is unset or anything else. */
function wholeVar(env: object, name: string, fallback: number): number {
  const raw = Number((env as Record<string, unknown>)[name]);
  return Number.isInteger(raw) && raw >= 1 ? raw : fallback;
}

/** The daily no-proof-of-work caps, from the optional vars or the defaults. */
export function noPowCaps(env: object): { source: number; county: number } {
  return { source: wholeVar(env, "NO_POW_PER_SOURCE", NO_POW_PER_SOURCE), county: wholeVar(env, "NO_POW_PER_COUNTY", NO_POW_PER_COUNTY) };
}
/**
 * Limiter tokens a no-JS submission costs: NO_JS_COST, or the var `NO_JS_COST` (a whole number ≥ 1)
 * only when ENVIRONMENT is "test": the browser tests file from one address, one file after another,
 * with no-JS filings in several files (tests/support/server.ts). Elsewhere the var is ignored.
 */
export function noJsCost(env: { ENVIRONMENT: string }): number {
  return env.ENVIRONMENT === "test" ? wholeVar(env, "NO_JS_COST", NO_JS_COST) : NO_JS_COST;
}
/** The window of every [[ratelimits]] binding in wrangler.toml (`period = 60`): a refused client may retry after it. */
export const RATE_LIMIT_PERIOD_SECONDS = 60;
/**
 * Work factor of a challenge: at most this many SHA-256 attempts. Calibrated so that a phone
 * (Chromium with 4× CPU throttling) takes a median of about a second or more; `npm run bench:pow`
 * measures it (docs/benchmarks.md, "## Proof of work"). The island solves it while the reporter writes.
 */
export const ALTCHA_MAX_NUMBER = 60_000;
export const ALTCHA_TTL_MS = 20 * 60_000;

export class UnprotectedInProductionError extends Error {
  override readonly name = "UnprotectedInProductionError";
}

export interface AbuseEnv {
  ENVIRONMENT: string;
  RATE_KEY: string;
  ALTCHA_KEY: string;
}

/** True when the local-only benchmark switch is on; throws when it is set outside local. */
export function protectionDisabled(env: AbuseEnv): boolean {
  const flag = (env as unknown as Record<string, unknown>).INTAKE_UNPROTECTED;
  if (flag === undefined || flag === "" || flag === "0") return false;
  if (env.ENVIRONMENT !== "local") throw new UnprotectedInProductionError("INTAKE_UNPROTECTED is only accepted locally");
  return true;
}

/**
 * What one client is, for the limiter: an IPv4 address as it is, an IPv6 address as its /64
 * (the first four groups, expanded, so `2001:db8::1` and `2001:0db8:0:0::2` are one client).
 */
export function limiterSubject(address: string): string {
  const bare = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  if (!bare.includes(":")) return bare;
  // An IPv4-mapped address (::ffff:203.0.113.7) is the IPv4 client.
  const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return mapped[1]!;
  const [head = "", tail] = bare.split("::", 2);
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (g || "0").replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** The limiter key for an address on a day: HMAC(HMAC(RATE_KEY, day), client), truncated. */
export function rateLimitKey(rateKey: string, address: string, day: string = beijingToday()): string {
  const daily = hmac(sha256, utf8ToBytes(rateKey), utf8ToBytes(`rate-day:${day}`));
  return bytesToHex(hmac(sha256, daily, utf8ToBytes(limiterSubject(address)))).slice(0, 32);
}

/**
 * The daily no-proof-of-work budget key of a source: 4 hex digits (16 bits) of the day's keyed
 * hash, a bucket that many addresses share, so the stored counter never singles out an address.
 */
export const noPowSourceScope = (rateKey: string, address: string | undefined, day: string) =>
  `source:${rateLimitKey(rateKey, address ?? "unknown", day).slice(0, 4)}`;

/** The forms a person can post without JavaScript, hence without proof of work. */
export type NoJsForm = "report" | "contribute";

/**
 * Where a no-JS form's post is counted: its limiter scope, and the day's no-proof-of-work budgets
 * of its source and of its county. A hand-in counts apart from reports (`contribute-` prefix), so
 * lists handed in never use up a county's reports, nor reports a source's hand-ins.
 */
export function noJsScopes(
  form: NoJsForm,
  rateKey: string,
  address: string | undefined,
  countyCode: string,
  day: string,
): { limiter: string; source: string; county: string } {
  const prefix = form === "contribute" ? "contribute-" : "";
  return {
    limiter: form === "contribute" ? "contribute" : "intake",
    source: `${prefix}${noPowSourceScope(rateKey, address, day)}`,
    county: `${prefix}county:${countyCode}`,
  };
}

export async function newChallenge(env: AbuseEnv) {
  return createChallenge({ hmacKey: env.ALTCHA_KEY, maxNumber: ALTCHA_MAX_NUMBER, expires: new Date(Date.now() + ALTCHA_TTL_MS) });
}

/** The signature of an ALTCHA payload (which challenge it answers), or null when it is not one. */
export function proofOfWorkSignature(payload: string | undefined): string | null {
  if (!payload) return null;
  try {
    const signature = (JSON.parse(atob(payload)) as { signature?: unknown }).signature;
    return typeof signature === "string" && signature !== "" ? signature : null;
  } catch {
    return null;
  }
}

/** A honeypot field holding anything but whitespace marks a bot. */
export const honeypotTripped = (value: unknown) => typeof value === "string" && value.trim() !== "";
