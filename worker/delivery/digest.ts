/**
 * The daily digest (09:00 Beijing, worker/scheduled.ts DAILY_TASKS): to each joined body that
 * holds open reports, by its channels (email, signed webhook; the inbox shows the same figures),
 * the counts of open, unacknowledged, overdue and nearly-due reports, and how many of the day
 * before's new reports came without proof of work (the no-JS form; a count only, as the reports
 * themselves carry no such mark: worker/db/no-pow.ts). Counts and a link only: no report content
 * leaves by this route.
 */
import { t } from "../../site/i18n/index.ts";
import { buildMime } from "./email.ts";
import { sendWebhook } from "./webhook.ts";
import { joinedBody } from "../db/bodies.ts";
import { digestCounts, type DigestCounts } from "../db/digest.ts";
import { bodyCounts } from "../db/no-pow.ts";
import { addWorkingDays, beijingToday, shiftDays } from "../domain/working-days.ts";

type DigestEnv = Pick<Env, "DB" | "PUBLIC_ORIGIN" | "MAILER">;

export interface DigestDeps {
  fetch: typeof fetch;
  sendMail(from: string, to: string, raw: string): Promise<void>;
  now(): number;
}

/** The digest text, Chinese first and then English (bodies may have staff reading either). */
export const digestText = (bodyName: string, c: DigestCounts, inboxUrl: string, today: string, noPow = 0) => {
  const params = { body: bodyName, day: today, open: c.open, unacknowledged: c.unacknowledged, overdue: c.overdue, due_soon: c.due_soon, no_pow: noPow, inbox: inboxUrl };
  return `${t("zh-CN", "delivery.digest.text", params)}\n\n${t("en", "delivery.digest.text", params)}`;
};

/** Sends the digest to every body with open reports; returns how many messages were sent. */
export async function sendDigests(env: DigestEnv, deps: DigestDeps): Promise<number> {
  const now = deps.now();
  const today = beijingToday(new Date(now));
  const counts = await digestCounts(env.DB, today, addWorkingDays(today, 3));
  const noPow = await bodyCounts(env.DB, shiftDays(today, -1));
  const host = new URL(env.PUBLIC_ORIGIN).hostname;
  const inboxUrl = `${env.PUBLIC_ORIGIN}/oversight`;
  let sent = 0;
  for (const c of counts) {
    const body = await joinedBody(env.DB, c.body_id);
    if (!body) continue;
    const text = digestText(body.name, c, inboxUrl, today, noPow.get(c.body_id) ?? 0);
    for (const channel of body.channels) {
      try {
        if (channel.type === "email") {
          const from = `noreply@${host}`;
          await deps.sendMail(from, channel.address, buildMime({ from, to: channel.address, subject: t("zh-CN", "delivery.digest.subject", { day: today }), text, messageId: `digest-${c.body_id}-${today}@${host}`, date: new Date(now) }));
          sent++;
        } else if (channel.type === "webhook") {
          const secret = (env as unknown as Record<string, unknown>)[channel.secretName];
          if (typeof secret !== "string" || !secret) continue;
          const payload = JSON.stringify({ type: "digest.daily", data: { bodyId: c.body_id, day: today, open: c.open, unacknowledged: c.unacknowledged, overdue: c.overdue, dueSoon: c.due_soon, noProofOfWorkDayBefore: noPow.get(c.body_id) ?? 0, inboxUrl } });
          await sendWebhook({ url: channel.url, secret, id: `digest_${c.body_id}_${today}`, body: payload, now }, deps.fetch);
          sent++;
        }
      } catch {
        // One failing channel does not stop the others; the next day's digest carries the counts again.
      }
    }
  }
  return sent;
}
