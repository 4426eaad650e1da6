/**
 * The outward channels of a body, in one place (architecture P3): `send()` delivers one message to
 * one webhook or email channel. It owns reading the webhook secret, the https check, the From
 * address and the Message-ID, so report delivery (deliver.ts) and the digest (digest.ts) send alike.
 * Throws a DeliveryError with a code (never content) on failure.
 */
import { EmailMessage } from "cloudflare:email";
import type { DeliveryChannel } from "../../data/schema/oversight-body.ts";
import { buildMime } from "./email.ts";
import { DeliveryError } from "./errors.ts";
import { sendWebhook } from "./webhook.ts";

/** What sending needs from the environment: the public origin, the mailer and secrets by name. */
export type ChannelEnv = Pick<Env, "PUBLIC_ORIGIN" | "MAILER" | "ENVIRONMENT">;

/** The outside world, injectable so tests can fail it on purpose. */
export interface DeliveryDeps {
  fetch: typeof fetch;
  sendMail(from: string, to: string, raw: string): Promise<void>;
  now(): number;
}

export function defaultDeps(env: Pick<Env, "MAILER">): DeliveryDeps {
  return {
    fetch: (input, init) => fetch(input, init),
    sendMail: async (from, to, raw) => void (await env.MAILER.send(new EmailMessage(from, to, raw))),
    now: () => Date.now(),
  };
}

/** One message: `id` is the webhook id and the Message-ID's local part (stable across retries). */
export interface OutgoingMessage {
  id: string;
  subject: string;
  text: string;
  /** The webhook body (JSON). */
  payload: string;
}

/** Where a body reads its reports (the oversight app). */
export const inboxUrl = (env: Pick<Env, "PUBLIC_ORIGIN">) => `${env.PUBLIC_ORIGIN}/oversight`;

export async function send(env: ChannelEnv, deps: DeliveryDeps, channel: Exclude<DeliveryChannel, { type: "inbox" }>, message: OutgoingMessage): Promise<void> {
  const now = deps.now();
  if (channel.type === "webhook") {
    const secret = (env as unknown as Record<string, unknown>)[channel.secretName];
    if (typeof secret !== "string" || secret === "") throw new DeliveryError("missing_secret");
    // Report content travels only over TLS in production (plain http is for the local receiver).
    if (env.ENVIRONMENT === "production" && !channel.url.startsWith("https://")) throw new DeliveryError("insecure_url");
    await sendWebhook({ url: channel.url, secret, id: message.id, body: message.payload, now }, deps.fetch);
    return;
  }
  const host = new URL(env.PUBLIC_ORIGIN).hostname;
  const from = `noreply@${host}`;
  const raw = buildMime({ from, to: channel.address, subject: message.subject, text: message.text, messageId: `${message.id}@${host}`, date: new Date(now) });
  try {
    await deps.sendMail(from, channel.address, raw);
  } catch {
    throw new DeliveryError("mail_refused");
  }
}
