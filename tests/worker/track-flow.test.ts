import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeArea, postForm, postJson, randomAddress, receiptCodeIn, formFields, validReport } from "./report-fixtures.ts";
import { newReceiptCode } from "../../worker/domain/receipt.ts";
import { visibleText } from "../support/visible-text.ts";

/** Files a report through the no-JS form and returns its code and id. */
async function fileReport() {
  const area = await makeArea();
  const html = await (await postForm("/report", formFields(validReport(area)))).text();
  const code = receiptCodeIn(html);
  const { id } = (await env.DB.prepare("SELECT id FROM reports WHERE township_code = ?1").bind(area.township).first<{ id: string }>())!;
  return { code, id, area };
}

async function makeBody(name: string) {
  const id = `body-${crypto.randomUUID().slice(0, 8)}`;
  await env.DB.prepare(
    "INSERT INTO oversight_bodies (id, name, kind, level, area_code, joined) VALUES (?1, ?2, 'discipline_commission', 'county', '431027', 1)",
  )
    .bind(id, name)
    .run();
  return id;
}

const track = (fields: Record<string, string>, path = "/track") => postForm(path, fields);

/** The row of one body's case on /track (rows hold lists of their own: cut at the next row or the section's end). */
const caseRow = (html: string, bodyId: string) =>
  html
    .split('<li class="case ')
    .find((part) => part.startsWith(`stage-`) && part.includes(`data-body="${bodyId}"`))
    ?.split("</section>")[0] ?? "";
const overall = (html: string) => html.match(/<p class="track-status"[^>]*data-stage="([a-z]+)"/)?.[1];

/** A body's case of a report, as the lifecycle leaves it. */
const caseOf = (reportId: string, bodyId: string, c: Record<string, string | number | null>) => {
  const cols = { active: 1, assigned_on: "2025-06-01", delivered_on: "2025-06-01", ...c };
  const names = Object.keys(cols);
  return env.DB.prepare(
    `INSERT INTO report_assignments (report_id, body_id, ${names.join(", ")}) VALUES (?1, ?2, ${names.map((_, i) => `?${i + 3}`).join(", ")})`,
  ).bind(reportId, bodyId, ...Object.values(cols));
};

describe("/track without JavaScript", () => {
  it("serves the form on GET and never takes the code from the URL", async () => {
    const res = await exports.default.fetch("http://localhost/track?code=ABCD-EFGH-JKMN-PQRS-TVWX");
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/track"/);
    expect(html).not.toContain("ABCD-EFGH");
  });

  it("shows the overall stage for the right code, not cached", async () => {
    const { code } = await fileReport();
    const res = await track({ code });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('data-status="received"');
    expect(html).toMatch(/class="track-status"[^>]*data-stage="/);
  });

  it("answers every wrong code the same way, whether well-formed or garbage", async () => {
    await fileReport();
    const answers = await Promise.all(
      [newReceiptCode(), "", "0000-0000-0000-0000-0000", "!!!!-????-!!!!-????-!!!!"].map(async (code) => {
        const res = await track({ code });
        return { status: res.status, body: (await res.text()).replace(/[0-9a-f-]{36}/g, "") };
      }),
    );
    expect(answers[0]!.status).toBe(404);
    expect(answers[0]!.body).toContain("没有与此回执码对应的反映");
    for (const a of answers) expect(a).toEqual(answers[0]);
  });

  it("says a code of the wrong length has the wrong length, not that no report matches (UX 31)", async () => {
    const code = newReceiptCode().replace(/-/g, "").slice(0, 19);
    const res = await track({ code });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("回执码应为 20 个字符，你输入了 19 个");
  });

  it("flags a case whose deadline has passed as overdue, on its body's row", async () => {
    const { code, id } = await fileReport();
    const body = await makeBody("桂东县纪委监委（演示）");
    await env.DB.batch([
      env.DB.prepare("UPDATE reports SET status = 'routed', first_delivered_on = '2025-01-02' WHERE id = ?1").bind(id),
      env.DB.prepare(
        "INSERT INTO report_assignments (report_id, body_id, assigned_on, delivered_on, ack_due_on, conclude_due_on, status) VALUES (?1, ?2, '2025-01-02', '2025-01-02', '2025-01-09', '2025-03-31', 'routed')",
      ).bind(id, body),
    ]);
    const html = await (await track({ code })).text();
    expect(caseRow(html, body)).toMatch(/已送达受理机构[\s\S]*受理时限：2025-01-09[\s\S]*已超期/);
    expect(caseRow(html, body)).toContain("桂东县纪委监委（演示）");
  });

  it("names the stages in words, never by their codes (UX 28: «办理记录：delivered»)", async () => {
    const { code, id } = await fileReport();
    const body = await makeBody("桂东县减负办（演示）");
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO report_assignments (report_id, body_id, assigned_on, delivered_on, status) VALUES (?1, ?2, '2025-01-02', '2025-01-02', 'routed')",
      ).bind(id, body),
      env.DB.prepare("INSERT INTO report_events (report_id, seq, on_day, kind, body_id, actor) VALUES (?1, 90, '2025-01-02', 'delivered', ?2, 'system')").bind(
        id,
        body,
      ),
    ]);
    const html = await (await track({ code })).text();
    expect(html).toContain("已送达受理机构");
    expect(html).toContain("送达：2025-01-02");
    expect(html).not.toMatch(/办理记录：|>[^<]*\bdelivered\b/);
  });

  it("carries messages both ways and shows the body's public replies", async () => {
    const { code, id } = await fileReport();
    // A body holds the report (a report that reached no body has no message box, issue 10).
    const body = await makeBody("桂东县减负办（演示）");
    await env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, assigned_on, delivered_on) VALUES (?1, ?2, '2025-06-01', '2025-06-01')")
      .bind(id, body)
      .run();
    const sent = await track({ code, action: "message", text: "补充：表格模板在附件里。" });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("消息已发送");
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text) VALUES (?1, 2, '2025-06-02', 'to_reporter', ?2, 'message', '收到，请问涉及哪几个部门？')",
      ).bind(id, body),
      env.DB.prepare(
        "INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text) VALUES (?1, 3, '2025-06-03', 'to_reporter', ?2, 'public_reply', '已责令县农业农村局合并报表。')",
      ).bind(id, body),
    ]);
    const html = await (await track({ code })).text();
    expect(html).toContain("补充：表格模板在附件里。");
    expect(html).toContain("收到，请问涉及哪几个部门？");
    expect(html).toContain("已责令县农业农村局合并报表。");
    const stored = await env.DB.prepare("SELECT direction, on_day AS d FROM messages WHERE report_id = ?1 AND seq = 1")
      .bind(id)
      .first<{ direction: string; d: string }>();
    expect(stored).toMatchObject({ direction: "to_body", d: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it("refuses an empty message without storing it", async () => {
    const { code, id } = await fileReport();
    const res = await track({ code, action: "message", text: "   " });
    expect(res.status).toBe(400);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM messages WHERE report_id = ?1").bind(id).first<{ n: number }>())!.n).toBe(0);
  });

  it("lets a merged reporter follow the main report and its reporter count, without seeing the other reporter's messages", async () => {
    const main = await fileReport();
    const merged = await fileReport();
    await env.DB.batch([
      env.DB.prepare("UPDATE reports SET status = 'investigating', reporter_count = 2 WHERE id = ?1").bind(main.id),
      env.DB.prepare("UPDATE reports SET merged_into = ?1, outcome = 'merged', status = 'closed' WHERE id = ?2").bind(main.id, merged.id),
      env.DB.prepare(
        "INSERT INTO messages (report_id, seq, on_day, direction, kind, text) VALUES (?1, 1, '2025-06-01', 'to_body', 'message', '主报告人的私信')",
      ).bind(main.id),
    ]);
    const html = await (await track({ code: merged.code })).text();
    expect(html).toContain('data-status="investigating"');
    expect(html).toContain("共 2 人反映");
    expect(html).not.toContain("主报告人的私信");
  });
});

describe("/api/track", () => {
  it("answers the right code with the tracking data and a wrong one with 404", async () => {
    const { code } = await fileReport();
    const ok = await postJson("/api/track", { code });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "received", stage: expect.any(String), cases: expect.any(Array) });
    expect((await postJson("/api/track", { code: newReceiptCode() })).status).toBe(404);
  });

  it("takes a message to the body", async () => {
    const { code, id } = await fileReport();
    // A body must hold it: a report that reached no body takes no message (report-handoff.test.ts).
    await env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, assigned_on, delivered_on) VALUES (?1, ?2, '2025-06-01', '2025-06-01')")
      .bind(id, await makeBody("县纪委监委"))
      .run();
    expect((await postJson("/api/track/messages", { code, text: "补充一点" })).status).toBe(201);
    expect((await env.DB.prepare("SELECT text FROM messages WHERE report_id = ?1").bind(id).first<{ text: string }>())!.text).toBe("补充一点");
  });

  it("rate-limits guessing from one address", async () => {
    const address = randomAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await postJson("/api/track", { code: newReceiptCode() }, { "cf-connecting-ip": address })).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
  });
});

describe("/track: one row per body case and one vocabulary (issue 14 item 3, UX 28–30)", () => {
  it("two bodies in different stages: the overall line is the least advanced; 已办结 only on the closed body's row", async () => {
    const { code, id } = await fileReport();
    const [done, busy] = [await makeBody("桂东县减负办（演示）"), await makeBody("桂东县纪委监委（演示）")];
    await env.DB.batch([
      caseOf(id, done, { status: "closed", outcome: "substantiated", acknowledged_on: "2025-06-03", concluded_on: "2025-06-20", closed_on: "2025-06-25" }),
      caseOf(id, busy, { status: "investigating", acknowledged_on: "2025-06-04", conclude_due_on: "2099-12-31" }),
      env.DB.prepare(
        "INSERT INTO report_events (report_id, seq, on_day, kind, to_status, body_id, actor, public_text) VALUES (?1, 50, '2025-06-20', 'find_substantiated', 'substantiated', ?2, 'user', '县农业农村局已停止重复报表。')",
      ).bind(id, done),
      env.DB.prepare(
        "INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text) VALUES (?1, 5, '2025-06-21', 'to_reporter', ?2, 'public_reply', '减负办的公开答复。')",
      ).bind(id, done),
      env.DB.prepare("UPDATE reports SET status = 'investigating' WHERE id = ?1").bind(id),
    ]);
    const html = await (await track({ code })).text();
    expect(overall(html)).toBe("investigating");
    expect(html).toMatch(/class="track-status"[^>]*><strong>核查中<\/strong>/);
    const closed = caseRow(html, done);
    expect(closed).toContain("已办结");
    expect(closed).toContain("核查结论：查实");
    expect(closed).toContain("县农业农村局已停止重复报表。");
    expect(closed).toContain("减负办的公开答复。");
    expect(closed).toContain("办结：2025-06-25");
    const open = caseRow(html, busy);
    expect(open).toContain("核查中");
    expect(open).toContain("办理时限：2099-12-31");
    expect(open).not.toContain("减负办的公开答复。");
    // «已办结» / «办理完毕» nowhere but the closed case's row.
    expect(html.split("已办结").length - 1).toBe(closed.split("已办结").length - 1);
    expect(html).not.toContain("办理完毕");
  });

  it("a transfer: the former holder's row says 已转交另一机构 (to whom, which day), the new holder's 已送达受理机构", async () => {
    const { code, id } = await fileReport();
    const [from, to] = [await makeBody("桂东县减负办（演示）"), await makeBody("郴州市减负办（演示）")];
    await env.DB.batch([
      caseOf(id, from, { active: 0, status: "transferred" }),
      caseOf(id, to, { status: "transferred", delivered_on: "2025-06-05" }),
      env.DB.prepare(
        "INSERT INTO report_transfers (report_id, seq, on_day, from_body_id, to_body_id, reason, escalated) VALUES (?1, 1, '2025-06-05', ?2, ?3, '属市级事项', 0)",
      ).bind(id, from, to),
    ]);
    const html = await (await track({ code })).text();
    expect(caseRow(html, from)).toContain("已转交另一机构");
    expect(caseRow(html, from)).toContain("2025-06-05 转交郴州市减负办（演示）");
    expect(caseRow(html, to)).toContain("已送达受理机构");
    expect(overall(html)).toBe("delivered");
    // On /en both demo names carry the English marker, the stored Chinese one nowhere.
    const en = await (await track({ code }, "/en/track")).text();
    expect(caseRow(en, from)).toContain("桂东县减负办 (demo)");
    expect(caseRow(en, from)).toContain("郴州市减负办 (demo)");
    expect(en).not.toContain("（演示）");
  });

  it("a merge: the merged reporter's own case says 已合并, the overall line follows the main report", async () => {
    const main = await fileReport();
    const merged = await fileReport();
    const body = await makeBody("桂东县减负办（演示）");
    await env.DB.batch([
      caseOf(main.id, body, { status: "accepted", acknowledged_on: "2025-06-02" }),
      caseOf(merged.id, body, { status: "closed", outcome: "merged", closed_on: "2025-06-03" }),
      env.DB.prepare("UPDATE reports SET merged_into = ?1, outcome = 'merged', status = 'closed' WHERE id = ?2").bind(main.id, merged.id),
    ]);
    const html = await (await track({ code: merged.code })).text();
    expect(html).toContain("已合并");
    expect(html).toContain("合并：2025-06-03");
    expect(overall(html)).toBe("accepted");
  });

  it("no body: only «未送达：…» and the hand-off, never «已收到» as the current stage", async () => {
    const { code } = await fileReport();
    const html = await (await track({ code })).text();
    expect(overall(html)).toBe("undelivered");
    expect(html).toMatch(/class="track-status"[^>]*><strong>未送达：本地区尚无受理机构加入本平台<\/strong>/);
    expect(html).not.toContain("已收到");
    expect(html).not.toContain('class="cases"');
    expect(html).not.toContain('class="message-form"');
  });

  it("says which report it is (category, township, month) and hides the title behind «显示标题», never the day filed", async () => {
    const { code, id, area } = await fileReport();
    const { receivedOn, title } = (await env.DB.prepare("SELECT received_on AS receivedOn, title FROM reports WHERE id = ?1")
      .bind(id)
      .first<{ receivedOn: string; title: string }>())!;
    const html = await (await track({ code })).text();
    const which = html.match(/<section class="track-which"[\s\S]*?<\/section>/)?.[0] ?? "";
    expect(which).toContain(area.townshipName);
    expect(which).toContain(`${receivedOn.slice(0, 4)}年${Number(receivedOn.slice(5, 7))}月`);
    expect(which).toMatch(/<details class="track-title"><summary>显示标题<\/summary><p class="hint">[^<]*身后的人[^<]*<\/p><p>([^<]*)<\/p><\/details>/);
    expect(which).toContain(title);
    expect(html).not.toContain(receivedOn);
  });

  it("links a body's published summary from its row", async () => {
    const { code, id } = await fileReport();
    const body = await makeBody("桂东县减负办（演示）");
    await env.DB.batch([
      caseOf(id, body, { status: "closed", outcome: "unsubstantiated", concluded_on: "2025-07-01", closed_on: "2025-07-02" }),
      env.DB.prepare("UPDATE reports SET publish_consent = 1 WHERE id = ?1").bind(id),
      env.DB.prepare(
        "INSERT INTO report_summaries (report_id, body_id, text, state, drafted_on, approved_on) VALUES (?1, ?2, '经核查，所反映的报表已合并为一张，情况不属实。', 'approved', '2025-07-03', '2025-07-04')",
      ).bind(id, body),
    ]);
    const html = await (await track({ code })).text();
    expect(caseRow(html, body)).toContain('href="/stats?year=2025#summaries"');
    await env.DB.prepare("UPDATE reports SET publish_consent = 0 WHERE id = ?1").bind(id).run();
    expect(caseRow(await (await track({ code })).text(), body)).not.toContain("#summaries");
  });

  it("the zh-CN page has no ASCII letters outside codes and URLs", async () => {
    const { code, id } = await fileReport();
    const [a, b] = [await makeBody("桂东县减负办（演示）"), await makeBody("桂东县纪委监委（演示）")];
    await env.DB.batch([
      caseOf(id, a, { status: "closed", outcome: "partly_substantiated", concluded_on: "2025-06-20", closed_on: "2025-06-25" }),
      caseOf(id, b, { status: "remedy_pending", outcome: "substantiated", concluded_on: "2025-06-21", conclude_due_on: "2099-01-01" }),
    ]);
    const html = await (await track({ code })).text();
    // Left out: the footer (the licence and dataset by name, the operator's address) and the switch to the English page (lang="en").
    const text = visibleText(html.replace(/<footer[\s\S]*?<\/footer>/, "").replace(/<a [^>]*lang="en"[^>]*>[^<]*<\/a>/g, ""));
    expect(text.match(/[A-Za-z]+/g) ?? []).toEqual([]);
  });
});
