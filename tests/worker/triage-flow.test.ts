import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Bindings } from "../../worker/env.ts";
import { applyTransition, reopenByReporter } from "../../worker/services/transition.ts";
import { getPage, makeBody, makeBodyWithUser, makeReport, postForm } from "../support/factories.ts";

const fetcher = exports.default;
const bindings = env as unknown as Bindings;
const status = (id: string) =>
  env.DB.prepare("SELECT status, outcome, acknowledged_on, concluded_on, transfer_count FROM reports WHERE id = ?1").bind(id).first<Record<string, unknown>>();
const auditActions = async (bodyId: string) =>
  (await env.DB.prepare("SELECT action FROM audit_log WHERE body_id = ?1 ORDER BY id").bind(bodyId).all<{ action: string }>()).results.map((r) => r.action);

describe("triaging a report without JavaScript (forms post, then redirect)", () => {
  it.each([
    ["", "zh-CN", "无法办理", "核查结论（反映人可见）：请填写此项。"],
    ["/en", "en", "This could not be done", "Finding"],
  ])("shows a refused transition as a page in the shell%s, with the message and the field, never JSON", async (prefix, lang, message, fieldText) => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "triager");
    const id = await makeReport(env.DB, { bodyId, status: "investigating" });
    const res = await postForm(fetcher, `${prefix}/oversight/reports/${id}/transition`, session, {
      csrf: session.csrf,
      action: "find_substantiated",
      finding: "",
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(`<html lang="${lang}"`);
    expect(html).toContain(message);
    expect(html).toContain(fieldText);
    expect(html).not.toContain('"code"');
    expect(html).not.toContain("unprocessable");
    expect(await status(id)).toMatchObject({ status: "investigating" });
  });

  it("takes a report from routed to a conclusion with a public reply, leaving events and audit entries", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "triager");
    const id = await makeReport(env.DB, { bodyId });
    const act = (fields: Record<string, string>) => postForm(fetcher, `/oversight/reports/${id}/transition`, session, { csrf: session.csrf, ...fields });

    expect((await act({ action: "accept" })).status).toBe(303);
    expect(await status(id)).toMatchObject({ status: "accepted" });
    expect((await status(id))!.acknowledged_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await act({ action: "investigate" });
    const refused = await act({ action: "find_substantiated", finding: "" });
    expect(refused.status).toBe(422);
    await act({ action: "find_substantiated", finding: "经核查，确有重复填报。" });
    expect(await status(id)).toMatchObject({ status: "substantiated", outcome: "substantiated" });
    await act({ action: "require_remedy", remedy: "合并为一张表。" });
    await act({ action: "confirm_remedied", remedy: "已合并为一张表。" });
    await act({ action: "close" });
    expect(await status(id)).toMatchObject({ status: "closed", outcome: "remedied" });

    const reply = await postForm(fetcher, `/oversight/reports/${id}/messages`, session, {
      csrf: session.csrf,
      kind: "public_reply",
      text: "已整改，感谢反映。",
    });
    expect(reply.status).toBe(303);
    expect(reply.headers.get("location")).toBe(`/oversight/reports/${id}`);
    await postForm(fetcher, `/oversight/reports/${id}/notes`, session, { csrf: session.csrf, text: "内部：已电话核实" });

    const msg = await env.DB.prepare("SELECT direction, kind, text FROM messages WHERE report_id = ?1").bind(id).first();
    expect(msg).toEqual({ direction: "to_reporter", kind: "public_reply", text: "已整改，感谢反映。" });
    const events = await env.DB.prepare("SELECT kind, to_status, public_text FROM report_events WHERE report_id = ?1 ORDER BY seq").bind(id).all();
    expect(events.results.map((e) => e.to_status)).toEqual(["accepted", "investigating", "substantiated", "remedy_pending", "remedied", "closed"]);
    expect(events.results[2]!.public_text).toBe("经核查，确有重复填报。");

    const page = await (await getPage(fetcher, `/oversight/reports/${id}`, session)).text();
    expect(page).toContain("内部：已电话核实");
    // The refused conclusion came back on the case page, which shows the content: that is a view (audited).
    expect(await auditActions(bodyId)).toEqual([
      "transition",
      "transition",
      "view_report",
      "transition",
      "transition",
      "transition",
      "transition",
      "message",
      "note",
      "view_report",
    ]);
  });

  it("never shows internal notes in the reporter's message thread", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "triager");
    const id = await makeReport(env.DB, { bodyId });
    await postForm(fetcher, `/oversight/reports/${id}/notes`, session, { csrf: session.csrf, text: "仅内部" });
    const { results } = await env.DB.prepare("SELECT text FROM messages WHERE report_id = ?1").bind(id).all();
    expect(results).toEqual([]);
  });

  it("applies a bulk acknowledgement to the selected reports of the body only", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "triager");
    const a = await makeReport(env.DB, { bodyId });
    const b = await makeReport(env.DB, { bodyId });
    const foreign = await makeReport(env.DB, { bodyId: await makeBody(env.DB) });
    const res = await postForm(fetcher, "/oversight/bulk", session, { csrf: session.csrf, action: "accept", ids: [a, b, foreign] });
    expect(res.status).toBe(303);
    expect((await status(a))!.status).toBe("accepted");
    expect((await status(b))!.status).toBe("accepted");
    expect((await status(foreign))!.status).toBe("routed");
  });
});

describe("transfer and escalation", () => {
  it("moves the report to the chosen body with a ledger entry, keeping the deadlines", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "triager");
    const to = await makeBody(env.DB);
    const id = await makeReport(env.DB, { bodyId, ackDueOn: "2025-09-08", concludeDueOn: "2025-11-28" });
    const res = await postForm(fetcher, `/oversight/reports/${id}/transition`, session, {
      csrf: session.csrf,
      action: "transfer",
      target_body: to,
      reason: "属组织部门职责",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/oversight");
    const holders = await env.DB.prepare("SELECT body_id, active, ack_due_on, conclude_due_on FROM report_assignments WHERE report_id = ?1 ORDER BY active")
      .bind(id)
      .all();
    expect(holders.results).toEqual([
      { body_id: bodyId, active: 0, ack_due_on: "2025-09-08", conclude_due_on: "2025-11-28" },
      { body_id: to, active: 1, ack_due_on: "2025-09-08", conclude_due_on: "2025-11-28" },
    ]);
    const ledger = await env.DB.prepare("SELECT from_body_id, to_body_id, reason, escalated FROM report_transfers WHERE report_id = ?1").bind(id).first();
    expect(ledger).toEqual({ from_body_id: bodyId, to_body_id: to, reason: "属组织部门职责", escalated: 0 });
    const jobs = await env.DB.prepare("SELECT channel, state FROM delivery_jobs WHERE report_id = ?1 AND body_id = ?2").bind(id, to).all();
    expect(jobs.results).toEqual([{ channel: "inbox", state: "pending" }]);
    // The old body no longer sees it.
    expect((await getPage(fetcher, `/oversight/reports/${id}`, session)).status).toBe(404);
  });

  it("escalates the third transfer to the body one level above, whatever body was chosen", async () => {
    const prefecture = await makeBody(env.DB, { level: "prefecture", areaCode: "4310" });
    const county = await makeBodyWithUser(env.DB, "triager", { level: "county", areaCode: "431021" });
    const chosen = await makeBody(env.DB);
    const id = await makeReport(env.DB, { bodyId: county.bodyId, transferCount: 2 });
    await postForm(fetcher, `/oversight/reports/${id}/transition`, county.session, {
      csrf: county.session.csrf,
      action: "transfer",
      target_body: chosen,
      reason: "再转",
    });
    const holder = await env.DB.prepare("SELECT body_id FROM report_assignments WHERE report_id = ?1 AND active = 1").bind(id).first();
    expect(holder).toEqual({ body_id: prefecture });
    expect(await status(id)).toMatchObject({ transfer_count: 3, status: "transferred" });
    const ledger = await env.DB.prepare("SELECT escalated FROM report_transfers WHERE report_id = ?1").bind(id).first();
    expect(ledger).toEqual({ escalated: 1 });
  });
});

describe("reopen by the reporter", () => {
  it("returns a closed report to screening at the body that closed it and clears the outcome", async () => {
    const bodyId = await makeBody(env.DB);
    const id = await makeReport(env.DB, { bodyId, status: "closed", outcome: "unsubstantiated" });
    await reopenByReporter(bindings, id, "2025-10-09");
    expect(await status(id)).toMatchObject({ status: "screening", outcome: null });
    const ev = await env.DB.prepare("SELECT kind, actor, body_id FROM report_events WHERE report_id = ?1").bind(id).first();
    expect(ev).toEqual({ kind: "reopen", actor: "reporter", body_id: bodyId });
  });

  it("refuses to reopen a report that is not closed", async () => {
    const bodyId = await makeBody(env.DB);
    const id = await makeReport(env.DB, { bodyId, status: "investigating" });
    await expect(reopenByReporter(bindings, id, "2025-10-09")).rejects.toMatchObject({ status: 409 });
  });

  it("lets no reporter act as a body", async () => {
    const bodyId = await makeBody(env.DB);
    const id = await makeReport(env.DB, { bodyId });
    await expect(
      applyTransition(bindings, { bodyId, userId: null, actor: { kind: "reporter" }, reportId: id, action: "accept", input: {}, today: "2025-10-09" }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
