/**
 * Small request gates shared by the public forms and APIs (report, track, contribute) and sign-in:
 * the connecting address for the rate limiters, the media type of a body, bodyLimit's answer.
 */
import type { Context } from "hono";
import { AppError } from "./errors.ts";

/** The connecting address, for the limiter only (never stored or logged). */
export const connectingAddress = (c: Context) => c.req.header("cf-connecting-ip");

/** Where a sign-in comes from (worker/services/sign-in.ts): the page's URL, its passkey's relying party, and the address for the limiter. */
export const signInRequest = (c: Context) => ({ url: c.req.url, address: connectingAddress(c) });

/** bodyLimit's answer for an oversized API body: 413 in the one envelope. */
export const tooLarge = (): never => {
  throw new AppError("payload_too_large");
};

/** Checks the media type of a request body; 415 otherwise. Returns the bare type. */
export function requireType(contentType: string | undefined, allowed: readonly string[]): string {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!allowed.includes(type)) throw new AppError("unsupported_media_type");
  return type;
}
