/**
 * Bodies that hold the same report are independent (issue 15 item 3): conflict of interest on
 * transfer (security H4) and a transfer back to a former holder (security L6).
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Bindings } from "../../worker/env.ts";
import { applyTransition } from "../../worker/services/transition.ts";
import { getPage, makeBody, makeBodyWithUser, makeReport, postForm } from "../support/factories.ts";

const fetcher = exports.default;
const holderOf = (id: string) => env.DB.prepare("SELECT body_id FROM report_assignments WHERE report_id = ?1 AND active = 1").bind(id).first<string>("body_id");

describe("security H4: a transfer never reaches a body excluded for a conflict of interest", () => {
  it("refuses a transfer to the body the report accuses, and the form does not offer it", async () => {
    const holder = await makeBodyWithUser(env.DB, "triager", { level: "prefecture", areaCode: "4310", name: "郴州市减负办" });
    const accused = await makeBody(env.DB, { kind: "discipline_commission", areaCode: "431027", name: "桂东县纪委监委" });
    const other = await makeBody(env.DB, { kind: "organisation_department", areaCode: "431027", name: "桂东县委组织部" });
    // A 桂东县 report, so the 桂东县 bodies are over its place.
    const id = await makeReport(env.DB, { bodyId: holder.bodyId, townshipCode: "431027100" });
    await env.DB.prepare("UPDATE reports SET imposer_name = '桂东县纪委监委' WHERE id = ?1").bind(id).run();

    const page = await (await getPage(fetcher, `/oversight/reports/${id}`, holder.session)).text();
    expect(page).toContain(`value="${other}"`);
    expect(page).not.toContain(`value="${accused}"`);

    const res = await postForm(fetcher, `/oversight/reports/${id}/transition`, holder.session, {
      csrf: holder.session.csrf,
      action: "transfer",
      target_body: accused,
      reason: "转交",
    });
    expect(res.status).toBe(422);
    expect(await holderOf(id)).toBe(holder.bodyId);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM report_assignments WHERE report_id = ?1 AND body_id = ?2").bind(id, accused).first("n")).toBe(0);
  });

  it("offers and accepts only bodies over the report's place (issue 14 item 1): none of another county or province", async () => {
    const holder = await makeBodyWithUser(env.DB, "triager", { level: "prefecture", areaCode: "4310", name: "郴州市减负办" });
    const here = await makeBody(env.DB, { kind: "discipline_commission", areaCode: "431027", name: "桂东县纪委监委" });
    const neighbour = await makeBody(env.DB, { kind: "discipline_commission", areaCode: "431021", name: "汝城县纪委监委" });
    const elsewhere = await makeBody(env.DB, { kind: "discipline_commission", areaCode: "4110", name: "许昌市纪委监委" });
    const id = await makeReport(env.DB, { bodyId: holder.bodyId, townshipCode: "431027100" });

    const page = await (await getPage(fetcher, `/oversight/reports/${id}`, holder.session)).text();
    expect(page).toContain(`value="${here}"`);
    expect(page).not.toContain(`value="${neighbour}"`);
    expect(page).not.toContain(`value="${elsewhere}"`);

    const res = await postForm(fetcher, `/oversight/reports/${id}/transition`, holder.session, {
      csrf: holder.session.csrf,
      action: "transfer",
      target_body: elsewhere,
      reason: "转交",
    });
    expect(res.status).toBe(422);
    expect(await holderOf(id)).toBe(holder.bodyId);
  });

  it("refuses a body that routing excluded for the report, whatever its name", async () => {
    const holder = await makeBodyWithUser(env.DB, "triager", { level: "prefecture", areaCode: "4310" });
    const excluded = await makeBody(env.DB);
    const id = await makeReport(env.DB, { bodyId: holder.bodyId });
    await env.DB.prepare(
      "INSERT INTO routing_decisions (report_id, seq, body_id, channel_id, rule_id, reason, reason_code, reason_params, joined) VALUES (?1, 1, ?2, NULL, 'conflict-of-interest', 'excluded', 'conflict_excluded', '{}', 0)",
    )
      .bind(id, excluded)
      .run();
    const page = await (await getPage(fetcher, `/oversight/reports/${id}`, holder.session)).text();
    expect(page).not.toContain(`value="${excluded}"`);
    const refused = applyTransition(env as unknown as Bindings, {
      bodyId: holder.bodyId,
      userId: null,
      actor: { kind: "user", role: "triager" },
      reportId: id,
      action: "transfer",
      input: { targetBodyId: excluded, reason: "转交" },
      today: "2025-09-10",
    });
    await expect(refused).rejects.toMatchObject({ code: "unprocessable" });
    expect(await holderOf(id)).toBe(holder.bodyId);
  });
});

describe("security L6: a report transferred back to a former holder is delivered again", () => {
  it("queues the job it stores, with a new webhook id", async () => {
    const a = await makeBody(env.DB, { channels: [{ type: "inbox" }] });
    const b = await makeBody(env.DB);
    const id = await makeReport(env.DB, { bodyId: a });
    await env.DB.prepare(
      "INSERT INTO delivery_jobs (id, report_id, body_id, channel, channel_index, webhook_id, state, attempts, delivered_on) VALUES (?1, ?2, ?3, 'inbox', 0, ?4, 'delivered', 1, '2025-09-01')",
    )
      .bind(crypto.randomUUID(), id, a, `msg_old_${id}`)
      .run();
    const queued: string[] = [];
    const world = {
      DB: env.DB,
      DELIVERY_QUEUE: { sendBatch: async (m: { body: { jobId: string } }[]) => void queued.push(...m.map((x) => x.body.jobId)) },
    } as unknown as Bindings;
    const transfer = (from: string, to: string) =>
      applyTransition(world, {
        bodyId: from,
        userId: null,
        actor: { kind: "user", role: "triager" },
        reportId: id,
        action: "transfer",
        input: { targetBodyId: to, reason: "转交" },
        today: "2025-09-10",
      });
    await transfer(a, b);
    await transfer(b, a);
    const job = await env.DB.prepare("SELECT id, webhook_id, state, attempts, delivered_on FROM delivery_jobs WHERE report_id = ?1 AND body_id = ?2")
      .bind(id, a)
      .first<Record<string, unknown>>();
    expect(queued).toContain(job!.id);
    expect(job).toMatchObject({ state: "pending", attempts: 0, delivered_on: null });
    expect(job!.webhook_id).not.toBe(`msg_old_${id}`);
  });
});

describe("security M4: bodies that hold the same report each have their own case", () => {
  const caseOf = (id: string, body: string) =>
    env.DB.prepare("SELECT status, outcome, closed_on FROM report_assignments WHERE report_id = ?1 AND body_id = ?2")
      .bind(id, body)
      .first<Record<string, unknown>>();
  const report = (id: string) => env.DB.prepare("SELECT status, outcome, closed_on FROM reports WHERE id = ?1").bind(id).first<Record<string, unknown>>();

  it("body A concludes and closes; body B's case is unchanged, and the report follows the least advanced case", async () => {
    const office = await makeBodyWithUser(env.DB, "triager", { level: "prefecture", areaCode: "4310", name: "郴州市减负办" });
    const commission = await makeBodyWithUser(env.DB, "triager", {
      kind: "discipline_commission",
      level: "prefecture",
      areaCode: "4310",
      name: "郴州市纪委监委",
    });
    const id = await makeReport(env.DB, { bodyId: office.bodyId });
    await env.DB.prepare(
      "INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, ack_due_on, conclude_due_on, status) VALUES (?1, ?2, 1, '2025-09-01', '2025-09-01', '2025-09-08', '2025-11-28', 'routed')",
    )
      .bind(id, commission.bodyId)
      .run();
    const act = (u: typeof office, action: string, extra: Record<string, string> = {}) =>
      postForm(fetcher, `/oversight/reports/${id}/transition`, u.session, { csrf: u.session.csrf, action, ...extra });

    // The commission accepts and investigates.
    expect((await act(commission, "accept")).status).toBe(303);
    expect((await act(commission, "investigate")).status).toBe(303);
    // The office accepts, investigates, finds it unsubstantiated and closes.
    for (const a of ["accept", "investigate"]) expect((await act(office, a)).status).toBe(303);
    expect((await act(office, "find_unsubstantiated", { finding: "经核查，未发现重复填报。" })).status).toBe(303);
    expect((await act(office, "close")).status).toBe(303);

    expect(await caseOf(id, office.bodyId)).toMatchObject({ status: "closed", outcome: "unsubstantiated" });
    expect(await caseOf(id, commission.bodyId)).toMatchObject({ status: "investigating", outcome: null, closed_on: null });
    // The report is as far as its least advanced case: not closed, no finding, no retention clock.
    expect(await report(id)).toMatchObject({ status: "investigating", outcome: null, closed_on: null });
    // The commission's page still offers its own findings.
    expect(await (await getPage(fetcher, `/oversight/reports/${id}`, commission.session)).text()).toContain('value="find_substantiated"');

    // Only when the last case closes does the report close (retention counts from that day).
    expect((await act(commission, "find_substantiated", { finding: "查实：每周重复填报三张表。" })).status).toBe(303);
    expect((await act(commission, "close")).status).toBe(303);
    expect(await report(id)).toMatchObject({ status: "closed" });
    expect((await report(id))!.closed_on).not.toBeNull();
  });

  it("the office's actions appear in its own audit log, never in the commission's", async () => {
    const office = await makeBodyWithUser(env.DB, "triager", { level: "prefecture", areaCode: "4310" });
    const commission = await makeBody(env.DB, { kind: "discipline_commission", level: "prefecture", areaCode: "4310" });
    const id = await makeReport(env.DB, { bodyId: office.bodyId });
    await env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, active, assigned_on, status) VALUES (?1, ?2, 1, '2025-09-01', 'routed')")
      .bind(id, commission)
      .run();
    expect((await postForm(fetcher, `/oversight/reports/${id}/transition`, office.session, { csrf: office.session.csrf, action: "accept" })).status).toBe(303);
    const audit = (body: string) =>
      env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE report_id = ?1 AND body_id = ?2").bind(id, body).first<number>("n");
    expect(await audit(office.bodyId)).toBe(1);
    expect(await audit(commission)).toBe(0);
    expect(await caseOf(id, commission)).toMatchObject({ status: "routed" });
  });
});
