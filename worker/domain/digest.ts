/**
 * The daily digest (09:00 Beijing, worker/scheduled.ts DAILY_TASKS): to each joined body that
 * holds open reports, by its channels (email, signed webhook; the inbox shows the same figures),
 * the counts of open, unacknowledged, overdue and nearly-due reports, and how many of the day
 * before's new reports came without proof of work (the no-JS form; a count only, as the reports
 * themselves carry no such mark: worker/db/no-pow.ts). Counts and a link only: no report content
 * leaves by this route.
 */
import { buildMime } from "../delivery/email.ts";
import { sendWebhook } from "../delivery/webhook.ts";
import { bodyFromRow, type BodyRow } from "../db/bodies.ts";
import { bodyCounts } from "../db/no-pow.ts";
import { addWorkingDays, beijingToday, shiftDays } from "./working-days.ts";

export interface DigestCounts {
  body_id: string;
  open: number;
  unacknowledged: number;
  overdue: number;
  due_soon: number;
}

type DigestEnv = Pick<Env, "DB" | "PUBLIC_ORIGIN" | "MAILER">;

export interface DigestDeps {
  fetch: typeof fetch;
  sendMail(from: string, to: string, raw: string): Promise<void>;
  now(): number;
}

const OPEN = "('screening', 'routed', 'transferred', 'accepted', 'investigating', 'substantiated', 'partly_substantiated', 'remedy_pending')";
const UNACKED = "('screening', 'routed', 'transferred')";

/** Per-body counts over active assignments (index report_assignments_body, reports by key). */
export async function digestCounts(db: D1Database, today: string, soon: string): Promise<DigestCounts[]> {
  const { results } = await db
    .prepare(
      `SELECT a.body_id,
              count(*) AS open,
              sum(r.status IN ${UNACKED}) AS unacknowledged,
              sum((r.status IN ${UNACKED} AND a.ack_due_on < ?1) OR a.conclude_due_on < ?1) AS overdue,
              sum(NOT ((r.status IN ${UNACKED} AND a.ack_due_on < ?1) OR a.conclude_due_on < ?1) AND ((r.status IN ${UNACKED} AND a.ack_due_on <= ?2) OR a.conclude_due_on <= ?2)) AS due_soon
         FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id
        WHERE a.active = 1 AND r.status IN ${OPEN}
        GROUP BY a.body_id`,
    )
    .bind(today, soon)
    .all<DigestCounts>();
  return results;
}

export const digestText = (bodyName: string, c: DigestCounts, inboxUrl: string, today: string, noPow = 0) =>
  [
    `${bodyName}：${today} 待办反映摘要`,
    `办理中 ${c.open} 件；未签收 ${c.unacknowledged} 件；已逾期 ${c.overdue} 件；3 个工作日内到期 ${c.due_soon} 件。`,
    `前一天收到的新反映中，未经工作量证明（无脚本表单）提交 ${noPow} 件。`,
    `请登录收件箱办理：${inboxUrl}`,
    "",
    `${bodyName}: open ${c.open}, unacknowledged ${c.unacknowledged}, overdue ${c.overdue}, due within 3 working days ${c.due_soon}; new the day before without proof of work (no-JS form) ${noPow}.`,
  ].join("\n");

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
    const row = await env.DB.prepare("SELECT id, name, kind, level, area_code, joined, channels, ack_days, conclude_days FROM oversight_bodies WHERE id = ?1 AND joined = 1").bind(c.body_id).first<BodyRow>();
    if (!row) continue;
    const body = bodyFromRow(row);
    const text = digestText(body.name, c, inboxUrl, today, noPow.get(c.body_id) ?? 0);
    for (const channel of body.channels) {
      try {
        if (channel.type === "email") {
          const from = `noreply@${host}`;
          await deps.sendMail(from, channel.address, buildMime({ from, to: channel.address, subject: `清单 Qingdan 每日待办摘要 ${today}`, text, messageId: `digest-${c.body_id}-${today}@${host}`, date: new Date(now) }));
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
