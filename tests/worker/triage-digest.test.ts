import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sendDigests } from "../../worker/delivery/digest.ts";
import { DAILY_TASKS } from "../../worker/scheduled.ts";
import { insertMessage } from "../../worker/db/track.ts";
import { openCase } from "../../worker/services/case-reads.ts";
import { reopenByReporter } from "../../worker/services/transition.ts";
import { makeBody, makeReport } from "../support/factories.ts";

function capture() {
  const mails: { to: string; raw: string }[] = [];
  const hooks: string[] = [];
  return {
    mails,
    hooks,
    deps: {
      fetch: (async (_url: string, init?: RequestInit) => (hooks.push(String(init?.body)), new Response(null, { status: 204 }))) as typeof fetch,
      sendMail: async (_from: string, to: string, raw: string) => void mails.push({ to, raw }),
      now: () => Date.UTC(2025, 9, 9, 1, 0, 0),
    },
  };
}
const decodeBody = (raw: string) => new TextDecoder().decode(Uint8Array.from(atob(raw.split("\r\n\r\n")[1]!.replace(/\r\n/g, "")), (c) => c.charCodeAt(0)));

describe("daily digest", () => {
  it("mails each body with open reports its counts of open, unacknowledged, overdue and nearly-due reports, without report content", async () => {
    const bodyId = await makeBody(env.DB, {
      name: "摘要测试机构",
      channels: [{ type: "inbox" }, { type: "email", address: "office@example.org", fullContent: false }],
    });
    await makeReport(env.DB, { bodyId, title: "不应出现在邮件里", ackDueOn: "2025-10-01", concludeDueOn: "2025-12-01" });
    await makeReport(env.DB, { bodyId, status: "investigating", ackDueOn: "2025-09-01", concludeDueOn: "2025-10-10" });
    await makeReport(env.DB, { bodyId, status: "closed", ackDueOn: "2025-09-01", concludeDueOn: "2025-09-02" });
    const quiet = await makeBody(env.DB, { channels: [{ type: "email", address: "quiet@example.org", fullContent: false }] });
    await makeReport(env.DB, { bodyId: quiet, status: "closed" });
    const { deps, mails } = capture();
    await sendDigests(env, deps);
    expect(mails.map((m) => m.to)).toEqual(["office@example.org"]);
    const text = decodeBody(mails[0]!.raw);
    expect(text).toContain("办理中 2 件；未签收 1 件；已超期 1 件；3 个工作日内到期 1 件。");
    expect(text).toContain("未读新留言 0 条；未查看的重新办理申请 0 件。");
    expect(text).not.toContain("不应出现在邮件里");
  });

  it("security M6: counts the day before's reports filed without proof of work, as a number only", async () => {
    const bodyId = await makeBody(env.DB, { channels: [{ type: "email", address: "nopow@example.org", fullContent: false }] });
    await makeReport(env.DB, { bodyId, ackDueOn: "2025-10-20", concludeDueOn: "2025-12-01" });
    // capture()'s clock: 2025-10-09 09:00 Beijing, so the day before is 2025-10-08.
    await env.DB.prepare("INSERT INTO no_pow_daily (day, scope, used) VALUES ('2025-10-08', ?1, 2)").bind(`body:${bodyId}`).run();
    const { deps, mails } = capture();
    await sendDigests(env, deps);
    const text = decodeBody(mails.find((m) => m.to === "nopow@example.org")!.raw);
    expect(text).toContain("前一天收到的新反映中，未经工作量证明（无脚本表单）提交 2 件。");
  });

  it("counts the reporter messages and reopen requests the body has not read, as numbers only, and leaves out what another body read", async () => {
    const bodyId = await makeBody(env.DB, {
      channels: [
        { type: "email", address: "unread@example.org", fullContent: false },
        { type: "webhook", url: "https://hooks.example.org/qingdan", secretName: "DEMO_WEBHOOK_SECRET" },
      ],
    });
    const other = await makeBody(env.DB);
    const later = { ackDueOn: "2030-01-01", concludeDueOn: "2030-01-01" };
    const messaged = await makeReport(env.DB, { bodyId, title: "留言的反映", ...later });
    // capture()'s clock is 2025-10-09 09:00 Beijing: one message delivered, one still waiting for its batch.
    const now = Date.UTC(2025, 9, 9, 1, 0, 0);
    for (const [text, visibleFrom] of [
      ["第一条留言内容", now - 3_600_000],
      ["第二条留言内容", now - 60_000],
      ["还在等批次", now + 3_600_000],
    ] as const)
      await insertMessage(env.DB, { reportId: messaged, onDay: "2025-10-08", direction: "to_body", kind: "message", bodyId: null, text, visibleFrom }).run();
    const reopened = await makeReport(env.DB, { bodyId, status: "closed", outcome: "unsubstantiated", ...later });
    await reopenByReporter(env as never, reopened, "2025-10-09");
    // The other body holds and has read the messaged report too: it changes nothing here.
    await env.DB.prepare(
      "INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, status) VALUES (?1, ?2, 1, '2025-09-01', '2025-09-01', 'accepted')",
    )
      .bind(messaged, other)
      .run();
    await openCase(env.DB, { id: "reader-of-the-other-body", bodyId: other }, messaged, now);
    const { deps, mails, hooks } = capture();
    await sendDigests(env, deps);
    const text = decodeBody(mails.find((m) => m.to === "unread@example.org")!.raw);
    expect(text).toContain("未读新留言 2 条；未查看的重新办理申请 1 件。");
    expect(text).not.toContain("留言内容");
    expect(text).not.toContain(messaged);
    const payload = hooks
      .map((h) => JSON.parse(h) as { data: { bodyId: string; unreadMessages: number; reopenRequests: number } })
      .find((p) => p.data.bodyId === bodyId)!;
    expect([payload.data.unreadMessages, payload.data.reopenRequests]).toEqual([2, 1]);
    expect(JSON.stringify(payload)).not.toContain(messaged);
    expect(JSON.stringify(payload)).not.toContain(reopened);
  });

  it("is one of the daily cron tasks", () => {
    expect(DAILY_TASKS.map((t) => t.name)).toContain("oversight-digest");
  });
});
