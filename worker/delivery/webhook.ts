/**
 * Signed webhooks (Standard Webhooks, https://www.standardwebhooks.com/): headers `webhook-id`
 * (the job's stable id, reused by every retry, so receivers deduplicate on it),
 * `webhook-timestamp` (seconds) and `webhook-signature` = `v1,<base64 HMAC-SHA256>` over
 * `<id>.<timestamp>.<body>`, keyed with the base64 part of the body's `whsec_…` secret.
 * Delivery is at least once. docs/delivery.md shows how a receiver verifies.
 */
import { DeliveryError } from "./errors.ts";

const encoder = new TextEncoder();

const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const toBase64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

/** The signing key of a `whsec_<base64>` secret (a secret without the prefix is read as base64 too). */
export function secretKey(secret: string): Uint8Array {
  try {
    return fromBase64(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret);
  } catch {
    throw new DeliveryError("bad_secret");
  }
}

/** `v1,<signature>` for one message. */
export async function signWebhook(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", secretKey(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${id}.${timestamp}.${body}`));
  return `v1,${toBase64(mac)}`;
}

export interface WebhookRequest {
  url: string;
  secret: string;
  /** The job's stable webhook id. */
  id: string;
  body: string;
  /** Milliseconds since the epoch (the header carries seconds). */
  now: number;
}

/** Sends one signed webhook; any status but 2xx, or no answer within 15 s, is a failed attempt. */
export async function sendWebhook(request: WebhookRequest, fetcher: typeof fetch): Promise<void> {
  const timestamp = Math.floor(request.now / 1000);
  const headers = {
    "content-type": "application/json",
    "webhook-id": request.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await signWebhook(request.secret, request.id, timestamp, request.body),
  };
  let res: Response;
  try {
    res = await fetcher(request.url, { method: "POST", headers, body: request.body, redirect: "manual", signal: AbortSignal.timeout(15_000) });
  } catch {
    throw new DeliveryError("network");
  }
  // The body is not needed; release the connection.
  await res.body?.cancel();
  if (res.status < 200 || res.status > 299) throw new DeliveryError(`http_${res.status}`);
}
