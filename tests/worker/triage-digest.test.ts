import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sendDigests } from "../../worker/delivery/digest.ts";
import { DAILY_TASKS } from "../../worker/scheduled.ts";
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
    const bodyId = await makeBody(env.DB, { name: "摘要测试机构", channels: [{ type: "inbox" }, { type: "email", address: "office@example.org", fullContent: false }] });
    await makeReport(env.DB, { bodyId, title: "不应出现在邮件里", ackDueOn: "2025-10-01", concludeDueOn: "2025-12-01" });
    await makeReport(env.DB, { bodyId, status: "investigating", ackDueOn: "2025-09-01", concludeDueOn: "2025-10-10" });
    await makeReport(env.DB, { bodyId, status: "closed", ackDueOn: "2025-09-01", concludeDueOn: "2025-09-02" });
    const quiet = await makeBody(env.DB, { channels: [{ type: "email", address: "quiet@example.org", fullContent: false }] });
    await makeReport(env.DB, { bodyId: quiet, status: "closed" });
    const { deps, mails } = capture();
    await sendDigests(env, deps);
    expect(mails.map((m) => m.to)).toEqual(["office@example.org"]);
    const text = decodeBody(mails[0]!.raw);
    expect(text).toContain("办理中 2 件；未签收 1 件；已逾期 1 件；3 个工作日内到期 1 件。");
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

  it("is one of the daily cron tasks", () => {
    expect(DAILY_TASKS.map((t) => t.name)).toContain("oversight-digest");
  });
});
