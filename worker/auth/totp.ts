/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s) with otpauth; mandatory for every user.
 * A code is accepted once: the step it matched must be later than the last accepted step.
 */
import { Secret, TOTP } from "otpauth";

const totpFor = (secret: string, label = "user") =>
  new TOTP({ issuer: "Qingdan", label, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });

/** A new random base32 secret (160 bits). */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI an authenticator app imports. */
export const totpUri = (secret: string, label: string): string => totpFor(secret, label).toString();

/**
 * Checks `code` against `secret` (one step of clock drift either way) and returns the matched
 * time step, or null when wrong or already used (`lastStep`).
 */
export function verifyTotp(secret: string, code: string, lastStep: number, now: number = Date.now()): number | null {
  if (!/^\d{6}$/.test(code.trim())) return null;
  const delta = totpFor(secret).validate({ token: code.trim(), timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 30_000) + delta;
  return step > lastStep ? step : null;
}
