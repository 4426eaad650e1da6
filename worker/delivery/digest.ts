/**
 * The daily digest (09:00 Beijing, worker/scheduled.ts DAILY_TASKS): to each joined body that
 * holds open reports, by its channels (email, signed webhook; the inbox shows the same figures),
 * the counts of open, unacknowledged, overdue and nearly-due reports, and how many of the day
 * before's new reports came without proof of work (the no-JS form; a count only, as the reports
 * themselves carry no such mark: worker/db/no-pow.ts), and how many reporter messages and reopen
 * requests the body has not read yet (issue 14 item 2; a body with only those gets a digest too).
 * Counts and a link only: no report id or content leaves by this route.
 */
import { t } from "../../site/i18n/index.ts";
import { inboxUrl as inboxUrlOf, send, type DeliveryDeps } from "./channels.ts";
import { joinedBody } from "../db/bodies.ts";
import { digestCounts, unreadCounts, type DigestCounts, type UnreadCounts } from "../db/digest.ts";
import { bodyCounts } from "../db/no-pow.ts";
import { addWorkingDays, beijingToday, shiftDays } from "../domain/working-days.ts";

type DigestEnv = Pick<Env, "DB" | "PUBLIC_ORIGIN" | "MAILER" | "ENVIRONMENT">;

const NOTHING_UNREAD = { messages: 0, reopens: 0 };

/** The digest text, Chinese first and then English (bodies may have staff reading either). */
export const digestText = (
  bodyName: string,
  c: DigestCounts,
  inboxUrl: string,
  today: string,
  noPow = 0,
  unread: Omit<UnreadCounts, "body_id"> = NOTHING_UNREAD,
) => {
  const params = {
    body: bodyName,
    day: today,
    open: c.open,
    unacknowledged: c.unacknowledged,
    overdue: c.overdue,
    due_soon: c.due_soon,
    no_pow: noPow,
    messages: unread.messages,
    reopens: unread.reopens,
    inbox: inboxUrl,
  };
  return `${t("zh-CN", "delivery.digest.text", params)}\n\n${t("en", "delivery.digest.text", params)}`;
};

/** Sends the digest to every body with open reports; returns how many messages were sent. */
export async function sendDigests(env: DigestEnv, deps: DeliveryDeps): Promise<number> {
  const now = deps.now();
  const today = beijingToday(new Date(now));
  const counts = new Map((await digestCounts(env.DB, today, addWorkingDays(today, 3))).map((c) => [c.body_id, c]));
  const unread = new Map((await unreadCounts(env.DB, now)).map((u) => [u.body_id, u]));
  const noPow = await bodyCounts(env.DB, shiftDays(today, -1));
  const inboxUrl = inboxUrlOf(env);
  let sent = 0;
  for (const bodyId of new Set([...counts.keys(), ...unread.keys()])) {
    const body = await joinedBody(env.DB, bodyId);
    if (!body) continue;
    const c = counts.get(bodyId) ?? { body_id: bodyId, open: 0, unacknowledged: 0, overdue: 0, due_soon: 0 };
    const u = unread.get(bodyId) ?? NOTHING_UNREAD;
    const noPowCount = noPow.get(bodyId) ?? 0;
    const message = {
      id: `digest_${bodyId}_${today}`,
      subject: t("zh-CN", "delivery.digest.subject", { day: today }),
      text: digestText(body.name, c, inboxUrl, today, noPowCount, u),
      payload: JSON.stringify({
        type: "digest.daily",
        data: {
          bodyId,
          day: today,
          open: c.open,
          unacknowledged: c.unacknowledged,
          overdue: c.overdue,
          dueSoon: c.due_soon,
          unreadMessages: u.messages,
          reopenRequests: u.reopens,
          noProofOfWorkDayBefore: noPowCount,
          inboxUrl,
        },
      }),
    };
    for (const channel of body.channels) {
      if (channel.type === "inbox") continue;
      try {
        await send(env, deps, channel, message);
        sent++;
      } catch {
        // One failing channel does not stop the others; the next day's digest carries the counts again.
      }
    }
  }
  return sent;
}
