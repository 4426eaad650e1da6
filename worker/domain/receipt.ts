/**
 * Receipt codes (issue #5 §3). A code is 100 random bits written as 20 Crockford base-32
 * characters in five groups of four (`7K2M-…`): no 0/O or 1/I/L confusion, easy to copy.
 * Only a keyed hash is stored (`v<version>:<hex HMAC-SHA256>`); the key is a wrangler secret
 * `RECEIPT_KEY_V<n>` and `RECEIPT_KEY_VERSION` names the one new receipts use. Older versions
 * stay configured so old receipts keep working after a rotation; losing a key is fatal to
 * tracking the receipts of that version (documented in README "Deploy").
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const RECEIPT_BITS = 100;
/** Characters in a code (20). */
export const RECEIPT_CHARS = RECEIPT_BITS / 5;
export const RECEIPT_GROUP = 4;

export class ReceiptKeyMissingError extends Error {
  override readonly name = "ReceiptKeyMissingError";
}

/** A fresh receipt code, grouped: `XXXX-XXXX-XXXX-XXXX-XXXX`. */
export function newReceiptCode(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(RECEIPT_CHARS));
  // Each byte contributes its low five bits: 20 × 5 = 100 bits, uniformly distributed.
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]).join("");
  return chars.match(new RegExp(`.{${RECEIPT_GROUP}}`, "g"))!.join("-");
}

/**
 * Canonical form of what a person typed: upper case, separators and spaces removed, the
 * look-alikes O→0 and I/L→1 mapped (Crockford). Returns null when it cannot be a code.
 */
export function normaliseReceiptCode(typed: string): string | null {
  const s = typed
    .toUpperCase()
    .replace(/[\s\-_.·]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (s.length !== RECEIPT_CHARS) return null;
  for (const ch of s) if (!ALPHABET.includes(ch)) return null;
  return s;
}

/** The last group of a code, which the receipt page asks the reporter to type back. */
export const lastGroup = (code: string) => code.slice(-RECEIPT_GROUP);

export interface ReceiptKeys {
  current: number;
  keys: Map<number, string>;
}

/** Reads `RECEIPT_KEY_VERSION` and every configured `RECEIPT_KEY_V<n>` from the environment. */
export function receiptKeys(env: object): ReceiptKeys {
  const record = env as Record<string, unknown>;
  const current = Number(record.RECEIPT_KEY_VERSION ?? "1");
  const keys = new Map<number, string>();
  for (const [name, value] of Object.entries(record)) {
    const match = /^RECEIPT_KEY_V(\d+)$/.exec(name);
    if (match && typeof value === "string" && value.length >= 16) keys.set(Number(match[1]), value);
  }
  if (!keys.has(current)) throw new ReceiptKeyMissingError(`RECEIPT_KEY_V${current} is not configured`);
  return { current, keys };
}

const keyedHash = (key: string, message: string) => bytesToHex(hmac(sha256, utf8ToBytes(key), utf8ToBytes(message)));

/** The stored form of a (normalised) code under the current key. */
export function hashReceiptCode(keys: ReceiptKeys, normalised: string): string {
  return `v${keys.current}:${keyedHash(keys.keys.get(keys.current)!, `receipt:${normalised}`)}`;
}

/** Every stored form the code may have (one per configured key version), for lookup after a rotation. */
export function receiptHashCandidates(keys: ReceiptKeys, normalised: string): string[] {
  return [...keys.keys.entries()].sort(([a], [b]) => b - a).map(([v, key]) => `v${v}:${keyedHash(key, `receipt:${normalised}`)}`);
}

/** Hash of any client-chosen secret (idempotency key, evidence token) before it is stored. */
export const hashSecret = (keys: ReceiptKeys, purpose: string, value: string) => keyedHash(keys.keys.get(keys.current)!, `${purpose}:${value}`);

/**
 * The receipt code of a report submitted with an idempotency key: derived from the key, so a
 * retry of a submit whose answer was lost gets the same code back, while the server stores
 * neither the key nor the code (only their keyed hashes). The key must carry ≥ 128 random bits.
 */
export function receiptCodeFromIdempotencyKey(keys: ReceiptKeys, idempotencyKey: string): string {
  const derived = hmac(sha256, utf8ToBytes(keys.keys.get(keys.current)!), utf8ToBytes(`idempotent-code:${idempotencyKey}`));
  return newReceiptCode((b) => (b.set(derived.subarray(0, b.length)), b));
}
