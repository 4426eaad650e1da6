import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeArea, postForm, postJson, randomAddress, receiptCodeIn, formFields, validReport } from "./report-fixtures.ts";
import { newReceiptCode } from "../../worker/domain/receipt.ts";

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
  await env.DB.prepare("INSERT INTO oversight_bodies (id, name, kind, level, area_code, joined) VALUES (?1, ?2, 'discipline_commission', 'county', '431027', 1)").bind(id, name).run();
  return id;
}

const track = (fields: Record<string, string>, path = "/track") => postForm(path, fields);

describe("/track without JavaScript", () => {
  it("serves the form on GET and never takes the code from the URL", async () => {
    const res = await exports.default.fetch("http://localhost/track?code=ABCD-EFGH-JKMN-PQRS-TVWX");
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/track"/);
    expect(html).not.toContain("ABCD-EFGH");
  });

  it("shows the status and its stages for the right code, not cached", async () => {
    const { code } = await fileReport();
    const res = await track({ code });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('data-status="received"');
    expect(html).toMatch(/data-stage="received"/);
    expect(html).toContain("收到反映");
  });

  it("answers every wrong code the same way, whether well-formed or garbage", async () => {
    await fileReport();
    const answers = await Promise.all([newReceiptCode(), "not a code", "", "0000-0000-0000-0000-0000"].map(async (code) => {
      const res = await track({ code });
      return { status: res.status, body: (await res.text()).replace(/[0-9a-f-]{36}/g, "") };
    }));
    expect(answers[0]!.status).toBe(404);
    expect(answers[0]!.body).toContain("没有与此回执码对应的反映");
    for (const a of answers) expect(a).toEqual(answers[0]);
  });

  it("flags a stage whose deadline has passed as overdue", async () => {
    const { code, id } = await fileReport();
    const body = await makeBody("桂东县纪委监委（演示）");
    await env.DB.batch([
      env.DB.prepare("UPDATE reports SET status = 'routed', first_delivered_on = '2025-01-02' WHERE id = ?1").bind(id),
      env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, assigned_on, delivered_on, ack_due_on, conclude_due_on) VALUES (?1, ?2, '2025-01-02', '2025-01-02', '2025-01-09', '2025-03-31')").bind(id, body),
    ]);
    const html = await (await track({ code })).text();
    expect(html).toMatch(/data-stage="acknowledged"[\s\S]*?已超期/);
    expect(html).toContain("2025-01-09（桂东县纪委监委（演示））");
  });

  it("names each event of the history in words, never by its code (UX 28: «办理记录：delivered»)", async () => {
    const { code, id } = await fileReport();
    const body = await makeBody("桂东县减负办（演示）");
    await env.DB.prepare("INSERT INTO report_events (report_id, seq, on_day, kind, body_id, actor) VALUES (?1, 90, '2025-01-02', 'delivered', ?2, 'system')").bind(id, body).run();
    const html = await (await track({ code })).text();
    expect(html).toContain("已送达");
    expect(html).not.toMatch(/办理记录：|>[^<]*\bdelivered\b/);
  });

  it("carries messages both ways and shows the body's public replies", async () => {
    const { code, id } = await fileReport();
    // A body holds the report (a report that reached no body has no message box, issue 10).
    const body = await makeBody("桂东县减负办（演示）");
    await env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, assigned_on, delivered_on) VALUES (?1, ?2, '2025-06-01', '2025-06-01')").bind(id, body).run();
    const sent = await track({ code, action: "message", text: "补充：表格模板在附件里。" });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("消息已发送");
    await env.DB.batch([
      env.DB.prepare("INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text) VALUES (?1, 2, '2025-06-02', 'to_reporter', ?2, 'message', '收到，请问涉及哪几个部门？')").bind(id, body),
      env.DB.prepare("INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text) VALUES (?1, 3, '2025-06-03', 'to_reporter', ?2, 'public_reply', '已责令县农业农村局合并报表。')").bind(id, body),
    ]);
    const html = await (await track({ code })).text();
    expect(html).toContain("补充：表格模板在附件里。");
    expect(html).toContain("收到，请问涉及哪几个部门？");
    expect(html).toContain("已责令县农业农村局合并报表。");
    const stored = await env.DB.prepare("SELECT direction, on_day AS d FROM messages WHERE report_id = ?1 AND seq = 1").bind(id).first<{ direction: string; d: string }>();
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
      env.DB.prepare("INSERT INTO messages (report_id, seq, on_day, direction, kind, text) VALUES (?1, 1, '2025-06-01', 'to_body', 'message', '主报告人的私信')").bind(main.id),
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
    expect(await ok.json()).toMatchObject({ status: "received", stages: expect.any(Array) });
    expect((await postJson("/api/track", { code: newReceiptCode() })).status).toBe(404);
  });

  it("takes a message to the body", async () => {
    const { code, id } = await fileReport();
    // A body must hold it: a report that reached no body takes no message (report-handoff.test.ts).
    await env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, assigned_on, delivered_on) VALUES (?1, ?2, '2025-06-01', '2025-06-01')").bind(id, await makeBody("县纪委监委")).run();
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
