/**
 * Nothing new goes unseen (issue 14 item 2, UX 34): the inbox marks unread reporter messages,
 * unseen reopen requests and near or passed deadlines, filters and sorts by them, the menu counts
 * reports with something unread, and opening a report marks it read for that body only.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listInbox } from "../../worker/db/inbox.ts";
import { unreadCaseCount } from "../../worker/db/case-reads.ts";
import { insertMessage } from "../../worker/db/track.ts";
import { reopenByReporter } from "../../worker/services/transition.ts";
import { deadlineFlag } from "../../worker/routes/oversight/inbox/views.tsx";
import { addWorkingDays, beijingToday } from "../../worker/domain/working-days.ts";
import { getPage, makeBody, makeBodyWithUser, makeReport, makeSession, makeUser } from "../support/factories.ts";

const fetcher = exports.default;
const HOUR = 3_600_000;
/** Deadlines far off, so no deadline alert joins the ones a test looks at. */
const LATER = { ackDueOn: "2030-01-01", concludeDueOn: "2030-01-01" };

/** The alert badges of the inbox row whose report has this title. */
function alertsOf(html: string, title: string): string[] {
  const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(`>${title}</a>`));
  if (row === undefined) throw new Error(`no inbox row for ${title}`);
  return [...row.matchAll(/<mark class="flag">([^<]+)<\/mark>/g)].map((m) => m[1]!);
}
const titlesOf = (html: string) => [...html.matchAll(/<a href="\/oversight\/reports\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
const inboxLink = (html: string) => /<a href="\/oversight"[^>]*>([^<]+)<\/a>/.exec(html)?.[1];

/** A reporter's message, visible to the bodies from `visibleFrom` (its delivery batch). */
const reporterMessage = (reportId: string, text: string, visibleFrom: number) =>
  insertMessage(env.DB, { reportId, onDay: beijingToday(), direction: "to_body", kind: "message", bodyId: null, text, visibleFrom }).run();

/** A second body holding the report too (its own case). */
async function addHolder(reportId: string, bodyId: string, status = "routed") {
  await env.DB.prepare(
    "INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, ack_due_on, conclude_due_on, status) VALUES (?1, ?2, 1, '2025-09-01', '2025-09-01', '2030-01-01', '2030-01-01', ?3)",
  )
    .bind(reportId, bodyId, status)
    .run();
}

describe("unread reporter messages", () => {
  it("marks a message «新留言» only once its delivery batch has come", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    const waiting = await makeReport(env.DB, { bodyId, title: "留言还在等批次", ...LATER });
    const arrived = await makeReport(env.DB, { bodyId, title: "留言已送达", ...LATER });
    const batch = Date.now() + HOUR;
    await reporterMessage(waiting, "下一批才送达", batch);
    await reporterMessage(arrived, "已经送达", Date.now() - HOUR);
    const html = await (await getPage(fetcher, "/oversight", session)).text();
    expect(alertsOf(html, "留言还在等批次")).toEqual([]);
    expect(alertsOf(html, "留言已送达")).toEqual(["新留言"]);
    // The same message, one instant before and at its batch.
    const unreadAt = async (now: number) =>
      (await listInbox(env.DB, bodyId, {}, beijingToday(), beijingToday(), 200, now)).find((r) => r.id === waiting)!.unread_messages;
    expect(await unreadAt(batch - 1)).toBe(0);
    expect(await unreadAt(batch)).toBe(1);
  });

  it("an official's own message is not «新留言»", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    const reportId = await makeReport(env.DB, { bodyId, title: "只有本机构回复", ...LATER });
    await insertMessage(env.DB, { reportId, onDay: beijingToday(), direction: "to_reporter", kind: "public_reply", bodyId, text: "已收到" }).run();
    expect(alertsOf(await (await getPage(fetcher, "/oversight", session)).text(), "只有本机构回复")).toEqual([]);
  });

  it("opening the report marks it read for that body only: a co-holding body still sees it unread", async () => {
    const a = await makeBodyWithUser(env.DB, "viewer");
    const b = await makeBodyWithUser(env.DB, "viewer");
    const reportId = await makeReport(env.DB, { bodyId: a.bodyId, title: "两家共同办理", ...LATER });
    await addHolder(reportId, b.bodyId);
    await reporterMessage(reportId, "请两家都看看", Date.now() - HOUR);
    for (const s of [a.session, b.session]) expect(alertsOf(await (await getPage(fetcher, "/oversight", s)).text(), "两家共同办理")).toEqual(["新留言"]);

    const page = await (await getPage(fetcher, `/oversight/reports/${reportId}`, a.session)).text();
    // The case page shows which message is new on this visit.
    expect(page).toMatch(/<mark class="flag">新留言<\/mark> \S+ · 反映人.*请两家都看看/);
    expect(alertsOf(await (await getPage(fetcher, "/oversight", a.session)).text(), "两家共同办理")).toEqual([]);
    expect(alertsOf(await (await getPage(fetcher, "/oversight", b.session)).text(), "两家共同办理")).toEqual(["新留言"]);
    // A second visit: nothing is new any more.
    expect(await (await getPage(fetcher, `/oversight/reports/${reportId}`, a.session)).text()).not.toContain('<mark class="flag">新留言</mark>');

    // A later message is unread again, for both.
    await reporterMessage(reportId, "又补充一点", Date.now() - HOUR);
    expect(alertsOf(await (await getPage(fetcher, "/oversight", a.session)).text(), "两家共同办理")).toEqual(["新留言"]);
  });

  it("security: a body's read never shows in another body's inbox, and a body that does not hold the report cannot mark it read", async () => {
    const holder = await makeBodyWithUser(env.DB, "viewer");
    const stranger = await makeBodyWithUser(env.DB, "admin");
    const reportId = await makeReport(env.DB, { bodyId: holder.bodyId, title: "别的机构读不到", ...LATER });
    await reporterMessage(reportId, "只给受理机构", Date.now() - HOUR);
    expect((await getPage(fetcher, `/oversight/reports/${reportId}`, stranger.session)).status).toBe(404);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM case_reads WHERE report_id = ?1").bind(reportId).first("n")).toBe(0);
    expect(alertsOf(await (await getPage(fetcher, "/oversight", holder.session)).text(), "别的机构读不到")).toEqual(["新留言"]);
    expect(await unreadCaseCount(env.DB, stranger.bodyId, Date.now())).toBe(0);
  });

  it("a message still waiting for its batch stays unread after the report is opened, even behind a visible one", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    const reportId = await makeReport(env.DB, { bodyId, title: "先后两条留言", ...LATER });
    const batch = Date.now() + HOUR;
    await reporterMessage(reportId, "第一条，等批次", batch);
    // The reopen reason the cron writes is visible at once, with a later sequence number.
    await insertMessage(env.DB, { reportId, onDay: beijingToday(), direction: "to_body", kind: "message", bodyId: null, text: "重新办理理由" }).run();
    await getPage(fetcher, `/oversight/reports/${reportId}`, session);
    const unreadAt = async (now: number) =>
      (await listInbox(env.DB, bodyId, {}, beijingToday(), beijingToday(), 200, now)).find((r) => r.id === reportId)!.unread_messages;
    expect(await unreadAt(batch)).toBe(2);
  });
});

describe("reopen requests", () => {
  it("marks a reopened case «申请重新办理» at the body that closed it until it opens the report, and filters by it", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    const reportId = await makeReport(env.DB, { bodyId, title: "反映人申请重新办理", status: "closed", outcome: "unsubstantiated", ...LATER });
    await makeReport(env.DB, { bodyId, title: "没有申请" });
    // The cron applies the request in its batch (worker/services/transition.ts applyDueReopens).
    await reopenByReporter(env as never, reportId, beijingToday(), "结论与事实不符");
    const html = await (await getPage(fetcher, "/oversight", session)).text();
    expect(alertsOf(html, "反映人申请重新办理")).toEqual(["新留言", "申请重新办理"]);
    expect(titlesOf(await (await getPage(fetcher, "/oversight?unread=reopen", session)).text())).toEqual(["反映人申请重新办理"]);
    expect(titlesOf(await (await getPage(fetcher, "/oversight?unread=message", session)).text())).toEqual(["反映人申请重新办理"]);
    const page = await (await getPage(fetcher, `/oversight/reports/${reportId}`, session)).text();
    expect(page).toContain('<mark class="flag">申请重新办理</mark>');
    expect(titlesOf(await (await getPage(fetcher, "/oversight?unread=reopen", session)).text())).toEqual([]);
  });
});

describe("deadline alerts", () => {
  // 2025: National Day and Mid-Autumn holidays 10-01 to 10-08, Saturday 10-11 a make-up working day.
  const TODAY = "2025-09-30";
  const SOON = addWorkingDays(TODAY, 3);
  const open = (due: string) => ({ status: "accepted" as const, ack_due_on: "2025-09-01", conclude_due_on: due });
  it.each([
    ["2025-09-29", { kind: "overdue" }],
    ["2025-09-30", { kind: "due_soon", days: 0 }],
    ["2025-10-09", { kind: "due_soon", days: 1 }],
    ["2025-10-11", { kind: "due_soon", days: 3 }],
    ["2025-10-13", null],
  ])("counts working days over the holidays (due %s)", (due, flag) => {
    expect(SOON).toBe("2025-10-11");
    expect(deadlineFlag(open(due), TODAY, SOON)).toEqual(flag);
  });

  it("uses the acknowledgement deadline while unacknowledged, and none for a closed case", () => {
    expect(deadlineFlag({ status: "routed", ack_due_on: "2025-10-09", conclude_due_on: "2025-12-01" }, TODAY, SOON)).toEqual({ kind: "due_soon", days: 1 });
    expect(deadlineFlag({ status: "closed", ack_due_on: "2025-09-01", conclude_due_on: "2025-09-02" }, TODAY, SOON)).toBeNull();
  });

  it("shows «剩 1 个工作日», «剩 N 个工作日» and «已超期» in the inbox", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    const today = beijingToday();
    await makeReport(env.DB, { bodyId, title: "明天到期", status: "accepted", concludeDueOn: addWorkingDays(today, 1) });
    await makeReport(env.DB, { bodyId, title: "后天到期", status: "accepted", concludeDueOn: addWorkingDays(today, 2) });
    await makeReport(env.DB, { bodyId, title: "早已超期", status: "accepted", concludeDueOn: "2020-01-02" });
    const html = await (await getPage(fetcher, "/oversight", session)).text();
    expect(alertsOf(html, "明天到期")).toEqual(["剩 1 个工作日"]);
    expect(alertsOf(html, "后天到期")).toEqual(["剩 2 个工作日"]);
    expect(alertsOf(html, "早已超期")).toEqual(["已超期"]);
    const en = await (await getPage(fetcher, "/en/oversight", session)).text();
    expect(en).toContain('<mark class="flag">1 working day left</mark>');
    expect(en).toContain('<mark class="flag">2 working days left</mark>');
  });
});

describe("sort order", () => {
  it("sorts by the next open deadline by default (closed cases last) and by the newest report on request", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    await makeReport(env.DB, { bodyId, title: "旧而紧", receivedOn: "2025-09-01", status: "accepted", concludeDueOn: "2025-10-01" });
    await makeReport(env.DB, { bodyId, title: "新而缓", receivedOn: "2025-09-20", status: "accepted", concludeDueOn: "2025-12-01" });
    await makeReport(env.DB, { bodyId, title: "未签收先看签收期限", receivedOn: "2025-09-10", ackDueOn: "2025-09-15", concludeDueOn: "2025-12-30" });
    await makeReport(env.DB, { bodyId, title: "已办结", receivedOn: "2025-09-05", status: "closed", concludeDueOn: "2025-09-06" });
    expect(titlesOf(await (await getPage(fetcher, "/oversight", session)).text())).toEqual(["未签收先看签收期限", "旧而紧", "新而缓", "已办结"]);
    expect(titlesOf(await (await getPage(fetcher, "/oversight?sort=newest", session)).text())).toEqual(["新而缓", "未签收先看签收期限", "已办结", "旧而紧"]);
    // Sort and filters together, as the GET form sends them (no JavaScript).
    expect(titlesOf(await (await getPage(fetcher, "/oversight?sort=newest&status=accepted&unread=", session)).text())).toEqual(["新而缓", "旧而紧"]);
  });
});

describe("menu count", () => {
  it("counts the body's reports with something unread, «收件箱（2）», and drops a report once opened", async () => {
    const { bodyId, session, user } = await makeBodyWithUser(env.DB, "viewer");
    const first = await makeReport(env.DB, { bodyId, title: "第一件" });
    const second = await makeReport(env.DB, { bodyId, title: "第二件" });
    await makeReport(env.DB, { bodyId, title: "无留言" });
    await reporterMessage(first, "一", Date.now() - HOUR);
    await reporterMessage(first, "二", Date.now() - HOUR);
    await reporterMessage(second, "三", Date.now() - HOUR);
    expect(inboxLink(await (await getPage(fetcher, "/oversight", session)).text())).toBe("收件箱（2）");
    // The case page's own menu already counts it as read.
    expect(inboxLink(await (await getPage(fetcher, `/oversight/reports/${first}`, session)).text())).toBe("收件箱（1）");
    // Every user of the body shares its marker.
    const colleague = await makeSession(env.DB, (await makeUser(env.DB, bodyId, "triager")).id);
    expect(user.id).toBeTruthy();
    await getPage(fetcher, `/oversight/reports/${second}`, colleague);
    expect(inboxLink(await (await getPage(fetcher, "/oversight", session)).text())).toBe("收件箱");
  });
});

describe("inbox queries with alerts use indexes", () => {
  it.each([[{ unread: "message" as const }], [{ unread: "reopen" as const }], [{ sort: "newest" as const }]])(
    "searches messages, events and markers by key (%j)",
    async (filters) => {
      const bodyId = await makeBody(env.DB);
      for (let i = 0; i < 5; i++) await makeReport(env.DB, { bodyId });
      await env.DB.exec("ANALYZE");
      const { inboxQuery } = await import("../../worker/db/inbox.ts");
      const { sql, params } = inboxQuery(bodyId, filters, "2025-10-09", "2025-10-14");
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const plan = results.map((r) => r.detail);
      expect(plan.filter((d) => /^SCAN (r|a|m|e|cr)\b/.test(d))).toEqual([]);
    },
  );
});
