/** Random tokens and keyed hashes (HMAC-SHA-256 with SESSION_KEY) for sessions, CSRF and invites. */

const enc = new TextEncoder();

export const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** 32 random bytes, base64url. */
export const randomToken = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** HMAC-SHA-256 of `purpose:value` with `key`, base64url. The purpose separates uses of one key. */
export async function keyedHash(key: string, purpose: string, value: string): Promise<string> {
  const k = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(`${purpose}:${value}`))));
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
