/**
 * One delivery attempt of one job to one channel of one body: the triage inbox, a signed webhook
 * or an email. Throws a DeliveryError on failure (the queue consumer retries with backoff);
 * succeeds without doing anything when the job was already delivered, so a duplicated message
 * never delivers twice to the inbox. Never logs: errors carry codes, not content.
 */
import { bodyFromRow } from "../db/bodies.ts";
import { inboxDeliveryStatements, jobWithContext, markDelivered, type DeliveredReport, type DeliveryJob } from "../db/delivery.ts";
import type { RoutingBody } from "../domain/routing.ts";
import { beijingToday } from "../domain/working-days.ts";
import { transition } from "../domain/lifecycle.ts";
import { inboxUrl, send, type DeliveryDeps } from "./channels.ts";
import { mailSubject, mailText } from "./email.ts";
import { DeliveryError } from "./errors.ts";

export { defaultDeps, type DeliveryDeps } from "./channels.ts";

/** What delivery needs from the environment: D1, the public origin, the mailer and secrets by name. */
export type DeliveryEnv = Pick<Env, "DB" | "PUBLIC_ORIGIN" | "MAILER" | "ENVIRONMENT">;

export type DeliveryResult = "delivered" | "already_delivered";

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
  if (channel.type !== "inbox") {
    const message = {
      id: job.webhook_id,
      subject: mailSubject(),
      text: channel.type === "email" ? mailText(report, body.name, inboxUrl(env), channel.fullContent) : "",
      payload: webhookPayload(env, report, body),
    };
    await send(env, deps, channel, message);
  }
  await markDelivered(env.DB, job.id, today).run();
  return "delivered";
}
