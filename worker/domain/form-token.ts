/**
 * The single-use token of the no-JS report form (issue 15 item 4, issue 14 item 6): 128 random
 * bits, base64url, in a hidden field of the form page; stored only as its keyed hash (the
 * receipt key, purpose "form-token"). Expiries are kept in whole hours, so the table holds no
 * finer time: a token is good until the start of the third hour after the one it was made in,
 * i.e. for more than FORM_TOKEN_HOURS and at most one hour longer.
 */
import { hashSecret, type ReceiptKeys } from "./receipt.ts";

export const FORM_TOKEN_HOURS = 2;
const HOUR_MS = 3_600_000;

/** 16 random bytes, base64url (22 characters). */
export const newFormToken = (): string =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** What a posted value must look like before it is hashed and looked up. */
export const isFormToken = (value: unknown): value is string => typeof value === "string" && /^[A-Za-z0-9_-]{22}$/.test(value);

export const formTokenHash = (keys: ReceiptKeys, token: string) => hashSecret(keys, "form-token", token);

/** The hour (since the epoch) `now` falls in. */
export const hourOf = (now: number) => Math.floor(now / HOUR_MS);

/** The expiry stored for a token made at `now`. */
export const formTokenExpiry = (now: number) => hourOf(now) + FORM_TOKEN_HOURS + 1;
