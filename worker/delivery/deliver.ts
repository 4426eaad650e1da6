/**
 * One delivery attempt of one job to one channel of one body: the triage inbox, a signed webhook
 * or an email. Throws a DeliveryError on failure (the queue consumer retries with backoff);
 * succeeds without doing anything when the job was already delivered, so a duplicated message
 * never delivers twice to the inbox. Never logs: errors carry codes, not content.
 */
import { EmailMessage } from "cloudflare:email";
import { bodyFromRow } from "../db/bodies.ts";
import { inboxDeliveryStatements, jobWithContext, markDelivered, type DeliveredReport, type DeliveryJob } from "../db/delivery.ts";
import type { RoutingBody } from "../domain/routing.ts";
import { beijingToday } from "../domain/working-days.ts";
import { transition } from "../domain/lifecycle.ts";
import { buildMime, mailSubject, mailText } from "./email.ts";
import { DeliveryError } from "./errors.ts";
import { sendWebhook } from "./webhook.ts";

/** What delivery needs from the environment: D1, the public origin, the mailer and secrets by name. */
export type DeliveryEnv = Pick<Env, "DB" | "PUBLIC_ORIGIN" | "MAILER" | "ENVIRONMENT">;

/** The outside world, injectable so tests can fail it on purpose. */
export interface DeliveryDeps {
  fetch: typeof fetch;
  sendMail(from: string, to: string, raw: string): Promise<void>;
  now(): number;
}

export function defaultDeps(env: DeliveryEnv): DeliveryDeps {
  return {
    fetch: (input, init) => fetch(input, init),
    sendMail: async (from, to, raw) => void (await env.MAILER.send(new EmailMessage(from, to, raw))),
    now: () => Date.now(),
  };
}

export type DeliveryResult = "delivered" | "already_delivered";

/** Where a body reads its reports (the triage app, issue #6). */
export const inboxUrl = (env: DeliveryEnv) => `${env.PUBLIC_ORIGIN}/oversight`;

/** The webhook payload: the report as the body's own systems need it (no receipt, no reporter data). */
export function webhookPayload(env: DeliveryEnv, report: DeliveredReport, body: RoutingBody): string {
  return JSON.stringify({
    type: "report.delivered",
    data: {
      reportId: report.id,
      bodyId: body.id,
      receivedOn: report.received_on,
      townshipCode: report.township_code,
      villageCode: report.village_code,
      imposer: { name: report.imposer_name, level: report.imposer_level },
      category: report.category,
      title: report.title,
      description: report.description,
      sinceMonth: report.since_month,
      hoursPerMonth: report.hours_per_month,
      listStatus: report.list_status,
      dutyItemRef: report.duty_item_ref,
      inboxUrl: inboxUrl(env),
    },
  });
}

function channelOf(body: RoutingBody, job: DeliveryJob) {
  const channel = body.channels[job.channel_index];
  if (!channel || channel.type !== job.channel) throw new DeliveryError("channel_removed");
  return channel;
}

export async function deliverJob(env: DeliveryEnv, jobId: string, deps: DeliveryDeps): Promise<DeliveryResult> {
  const { job, body: bodyRow, report } = await jobWithContext(env.DB, jobId);
  if (!job) throw new DeliveryError("job_not_found");
  if (job.state === "delivered") return "already_delivered";
  if (!bodyRow) throw new DeliveryError("body_not_found");
  if (!report) throw new DeliveryError("report_not_found");
  const body = bodyFromRow(bodyRow);
  const now = deps.now();
  const today = beijingToday(new Date(now));

  if (job.channel === "inbox") {
    // The first delivery routes a received report (the lifecycle's system action); later ones change no status.
    const routed = transition({ status: report.status, outcome: null, transferCount: 0 }, "route", { kind: "system" });
    const route = routed.ok ? { from: routed.from, to: routed.to } : null;
    await env.DB.batch(inboxDeliveryStatements(env.DB, job, body, report.first_delivered_on, today, route));
    return "delivered";
  }
  const channel = channelOf(body, job);
  if (channel.type === "webhook") {
    const secret = (env as unknown as Record<string, unknown>)[channel.secretName];
    if (typeof secret !== "string" || secret === "") throw new DeliveryError("missing_secret");
    // Report content travels only over TLS in production (plain http is for the local receiver).
    if (env.ENVIRONMENT === "production" && !channel.url.startsWith("https://")) throw new DeliveryError("insecure_url");
    await sendWebhook({ url: channel.url, secret, id: job.webhook_id, body: webhookPayload(env, report, body), now }, deps.fetch);
  } else if (channel.type === "email") {
    const host = new URL(env.PUBLIC_ORIGIN).hostname;
    const from = `noreply@${host}`;
    const raw = buildMime({
      from,
      to: channel.address,
      subject: mailSubject(),
      text: mailText(report, body.name, inboxUrl(env), channel.fullContent),
      messageId: `${job.webhook_id}@${host}`,
      date: new Date(now),
    });
    try {
      await deps.sendMail(from, channel.address, raw);
    } catch {
      throw new DeliveryError("mail_refused");
    }
  }
  await markDelivered(env.DB, job.id, today).run();
  return "delivered";
}
