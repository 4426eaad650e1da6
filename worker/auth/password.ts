/**
 * Password hashing with Argon2id (@noble/hashes: pure JS, so it runs in workerd, which refuses
 * WebAssembly compiled at run time; WebCrypto PBKDF2 is capped at 100,000 iterations there).
 * Parameters are OWASP's minimum (19 MiB, 2 passes, 1 lane) and are stored in the hash (PHC
 * string), so they can be raised later: `needsRehash` tells the login to rehash with the new ones.
 * About 0.2 s per hash in workerd.
 */
import { argon2id } from "@noble/hashes/argon2.js";

export interface Argon2Params {
  m: number;
  t: number;
  p: number;
}

/** Current parameters. Raising them upgrades every user at their next login. */
export const ARGON2_PARAMS: Argon2Params = { m: 19456, t: 2, p: 1 };

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");
const unb64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, params: Argon2Params): Promise<Uint8Array> {
  return argon2id(new TextEncoder().encode(password.normalize("NFC")), salt, { ...params, dkLen: 32 });
}

/** Hashes `password` into a PHC string `$argon2id$v=19$m=…,t=…,p=…$salt$hash`. */
export async function hashPassword(password: string, params: Argon2Params = ARGON2_PARAMS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, params);
  return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

function parse(phc: string): { params: Argon2Params; salt: Uint8Array; hash: Uint8Array } | null {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!match) return null;
  return { params: { m: Number(match[1]), t: Number(match[2]), p: Number(match[3]) }, salt: unb64(match[4]!), hash: unb64(match[5]!) };
}

/** Constant-time comparison of two byte arrays of equal length. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** True when `password` matches the stored PHC string (with the parameters stored in it). */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const parsed = parse(phc);
  if (!parsed) return false;
  return equalBytes(await derive(password, parsed.salt, parsed.params), parsed.hash);
}

/** True when the stored hash was made with other parameters than the current ones. */
export function needsRehash(phc: string, params: Argon2Params = ARGON2_PARAMS): boolean {
  const parsed = parse(phc);
  return !parsed || parsed.params.m !== params.m || parsed.params.t !== params.t || parsed.params.p !== params.p;
}

/** Minimum length of a new password (NIST SP 800-63B: length over composition rules). */
export const MIN_PASSWORD_LENGTH = 12;
