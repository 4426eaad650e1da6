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
    const id = await makeReport(env.DB, { bodyId: holder.bodyId });
    await env.DB.prepare("UPDATE reports SET imposer_name = '桂东县纪委监委' WHERE id = ?1").bind(id).run();

    const page = await (await getPage(fetcher, `/oversight/reports/${id}`, holder.session)).text();
    expect(page).toContain(`value="${other}"`);
    expect(page).not.toContain(`value="${accused}"`);

    const res = await postForm(fetcher, `/oversight/reports/${id}/transition`, holder.session, { csrf: holder.session.csrf, action: "transfer", target_body: accused, reason: "转交" });
    expect(res.status).toBe(422);
    expect(await holderOf(id)).toBe(holder.bodyId);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM report_assignments WHERE report_id = ?1 AND body_id = ?2").bind(id, accused).first("n")).toBe(0);
  });

  it("refuses a body that routing excluded for the report, whatever its name", async () => {
    const holder = await makeBodyWithUser(env.DB, "triager", { level: "prefecture", areaCode: "4310" });
    const excluded = await makeBody(env.DB);
    const id = await makeReport(env.DB, { bodyId: holder.bodyId });
    await env.DB
      .prepare(
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
    await env.DB
      .prepare("INSERT INTO delivery_jobs (id, report_id, body_id, channel, channel_index, webhook_id, state, attempts, delivered_on) VALUES (?1, ?2, ?3, 'inbox', 0, ?4, 'delivered', 1, '2025-09-01')")
      .bind(crypto.randomUUID(), id, a, `msg_old_${id}`)
      .run();
    const queued: string[] = [];
    const world = { DB: env.DB, DELIVERY_QUEUE: { sendBatch: async (m: { body: { jobId: string } }[]) => void queued.push(...m.map((x) => x.body.jobId)) } } as unknown as Bindings;
    const transfer = (from: string, to: string) =>
      applyTransition(world, { bodyId: from, userId: null, actor: { kind: "user", role: "triager" }, reportId: id, action: "transfer", input: { targetBodyId: to, reason: "转交" }, today: "2025-09-10" });
    await transfer(a, b);
    await transfer(b, a);
    const job = await env.DB.prepare("SELECT id, webhook_id, state, attempts, delivered_on FROM delivery_jobs WHERE report_id = ?1 AND body_id = ?2").bind(id, a).first<Record<string, unknown>>();
    expect(queued).toContain(job!.id);
    expect(job).toMatchObject({ state: "pending", attempts: 0, delivered_on: null });
    expect(job!.webhook_id).not.toBe(`msg_old_${id}`);
  });
});
