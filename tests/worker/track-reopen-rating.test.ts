/**
 * /track with the receipt code: the reporter contests a conclusion (reopen) and rates the
 * handling (issue #6 §3, §8), through the no-JS form and the JSON API.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { count, formFields, makeArea, postForm, postJson, receiptCodeIn, validReport } from "./report-fixtures.ts";
import { makeBody } from "../support/factories.ts";
import { newReceiptCode } from "../../worker/domain/receipt.ts";
import type { ReportStatus } from "../../worker/domain/report-status.ts";
import { applyDueReopens } from "../../worker/services/transition.ts";

/** Runs the delivery batch a week from now: reopen requests reach the bodies only in a batch (security M1). */
const runBatch = () => applyDueReopens(env as never, Date.now() + 7 * 86_400_000);

/** Files a report through the no-JS form, then puts it in `status` at a body that holds it. */
async function reportAt(status: ReportStatus, outcome: string | null = "unsubstantiated") {
  const area = await makeArea();
  const code = receiptCodeIn(await (await postForm("/report", formFields(validReport(area)))).text());
  const { id } = (await env.DB.prepare("SELECT id FROM reports WHERE township_code = ?1").bind(area.township).first<{ id: string }>())!;
  const bodyId = await makeBody(env.DB, { name: "桂东县纪委监委（演示）" });
  await env.DB.batch([
    env.DB.prepare(
      "UPDATE reports SET status = ?2, outcome = ?3, first_delivered_on = '2025-09-01', closed_on = CASE WHEN ?2 = 'closed' THEN '2025-10-20' END WHERE id = ?1",
    ).bind(id, status, outcome),
    env.DB.prepare("DELETE FROM report_assignments WHERE report_id = ?1").bind(id),
    env.DB.prepare(
      "INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, ack_due_on, conclude_due_on, status, outcome, closed_on) SELECT ?1, ?2, 1, '2025-09-01', '2025-09-01', '2025-09-08', '2025-11-28', status, outcome, closed_on FROM reports WHERE id = ?1",
    ).bind(id, bodyId),
  ]);
  return { code, id, bodyId };
}

const status = async (id: string) => (await env.DB.prepare("SELECT status FROM reports WHERE id = ?1").bind(id).first<{ status: string }>())!.status;
const ratingOf = (id: string) =>
  env.DB.prepare("SELECT rating, rated_month AS month FROM report_ratings WHERE report_id = ?1").bind(id).first<{ rating: number; month: string }>();

describe("reopening a closed report from /track", () => {
  it("offers the reopen form only on a closed report", async () => {
    const closed = await reportAt("closed");
    const open = await reportAt("investigating", null);
    expect(await (await postForm("/track", { code: closed.code })).text()).toContain('class="reopen-form"');
    expect(await (await postForm("/track", { code: open.code })).text()).not.toContain('class="reopen-form"');
  });

  it("returns a closed report to screening at the body that closed it, with an event and the reason as a message to the body", async () => {
    const { code, id, bodyId } = await reportAt("closed");
    const res = await postForm("/track", { code, action: "reopen", reason: "结论与事实不符，表格仍在每周填报。" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("已申请重新办理");
    // Nothing reaches the body before the batch: the report stays closed, no message yet.
    expect(await status(id)).toBe("closed");
    expect(await count("SELECT count(*) AS n FROM messages WHERE report_id = ?1", id)).toBe(0);
    expect(html).not.toContain('class="reopen-form"');
    expect(await runBatch()).toBe(1);
    expect(await status(id)).toBe("screening");
    const holder = await env.DB.prepare("SELECT body_id FROM report_assignments WHERE report_id = ?1 AND active = 1").bind(id).all<{ body_id: string }>();
    expect(holder.results).toEqual([{ body_id: bodyId }]);
    const event = await env.DB.prepare(
      "SELECT kind, from_status, to_status, body_id, actor, on_day FROM report_events WHERE report_id = ?1 ORDER BY seq DESC LIMIT 1",
    )
      .bind(id)
      .first();
    expect(event).toMatchObject({
      kind: "reopen",
      from_status: "closed",
      to_status: "screening",
      body_id: bodyId,
      actor: "reporter",
      on_day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const message = await env.DB.prepare("SELECT direction, kind, body_id, text FROM messages WHERE report_id = ?1").bind(id).first();
    expect(message).toEqual({ direction: "to_body", kind: "message", body_id: null, text: "结论与事实不符，表格仍在每周填报。" });
  });

  it("refuses to reopen a report that is not closed, with 409 and nothing recorded", async () => {
    const { code, id } = await reportAt("investigating", null);
    const before = await count("SELECT count(*) AS n FROM report_events WHERE report_id = ?1", id);
    const res = await postForm("/track", { code, action: "reopen", reason: "还没办完，但我想重来" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("只有已办结的反映才能申请重新办理");
    expect(await status(id)).toBe("investigating");
    expect(await count("SELECT count(*) AS n FROM report_events WHERE report_id = ?1", id)).toBe(before);
    expect(await count("SELECT count(*) AS n FROM messages WHERE report_id = ?1", id)).toBe(0);
  });

  it("refuses a reopen without a reason, in the user's language, and keeps the report closed", async () => {
    const { code, id } = await reportAt("closed");
    const zh = await postForm("/track", { code, action: "reopen", reason: "  " });
    expect(zh.status).toBe(400);
    expect(await zh.text()).toContain("理由应为 1–500 字");
    const en = await postJson("/api/track/reopen", { code, reason: "" }, { "accept-language": "en" });
    expect(en.status).toBe(400);
    expect(await en.json()).toMatchObject({ code: "validation_failed", fields: [{ path: "reason", message: "The reason must be 1–500 characters." }] });
    expect(await status(id)).toBe("closed");
  });

  it("reopens through the JSON API once, and answers a second reopen with 409", async () => {
    const { code, id } = await reportAt("closed");
    const first = await postJson("/api/track/reopen", { code, reason: "整改没有落实" });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(await first.json()).toEqual({ reopenRequested: true });
    const second = await postJson("/api/track/reopen", { code, reason: "再来一次" });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ code: "conflict", fields: [{ path: "action", code: "track.reopen.e_not_allowed" }] });
    expect(await runBatch()).toBe(1);
    expect(await status(id)).toBe("screening");
    expect(await count("SELECT count(*) AS n FROM messages WHERE report_id = ?1", id)).toBe(1);
    expect((await postJson("/api/track/reopen", { code, reason: "再来一次" })).status).toBe(409);
  });
});

describe("rating the handling from /track", () => {
  it("accepts one rating per case after a conclusion: a second one replaces it, month only", async () => {
    const { code, id, bodyId } = await reportAt("unsubstantiated");
    const res = await postForm("/track", { code, action: "rate", rating: "2" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("评价已记录");
    expect(html).toContain('data-rating="2"');
    expect(await ratingOf(id)).toEqual({ rating: 2, month: expect.stringMatching(/^\d{4}-\d{2}$/) });
    expect((await postJson("/api/track/rating", { code, rating: 4 })).status).toBe(200);
    expect(await count("SELECT count(*) AS n FROM report_ratings WHERE report_id = ?1", id)).toBe(1);
    expect(await env.DB.prepare("SELECT body_id FROM report_ratings WHERE report_id = ?1").bind(id).first("body_id")).toBe(bodyId);
    expect((await ratingOf(id))!.rating).toBe(4);
  });

  it("refuses ratings outside 1–5 or not whole numbers, without storing anything", async () => {
    const { code, id } = await reportAt("closed");
    for (const rating of ["0", "6", "2.5", "", "five"]) {
      const res = await postForm("/track", { code, action: "rate", rating });
      expect(res.status, rating).toBe(400);
      expect(await res.text()).toContain("请选择 1 到 5 分");
    }
    for (const rating of [0, 6, 3.5, "3", null]) {
      const res = await postJson("/api/track/rating", { code, rating });
      expect(res.status, String(rating)).toBe(400);
      expect(await res.json()).toMatchObject({ code: "validation_failed", fields: [{ path: "rating", code: "track.rate.e_range" }] });
    }
    expect(await ratingOf(id)).toBeNull();
  });

  it("refuses a rating before any conclusion with 409 and offers no rating form", async () => {
    const { code, id } = await reportAt("investigating", null);
    expect(await (await postForm("/track", { code })).text()).not.toContain('class="rate-form"');
    const res = await postJson("/api/track/rating", { code, rating: 5 });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "conflict", fields: [{ path: "action", code: "track.rate.e_not_allowed" }] });
    expect(await ratingOf(id)).toBeNull();
  });
});

describe("security M4: one rating per body case", () => {
  it("offers a form per concluded case only, stores each body's rating apart, and refuses a case without a conclusion", async () => {
    const { code, id, bodyId: office } = await reportAt("closed");
    const commission = await makeBody(env.DB, { name: "郴州市纪委监委（演示）" });
    await env.DB.prepare(
      "INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, ack_due_on, conclude_due_on, status) VALUES (?1, ?2, 1, '2025-09-01', '2025-09-01', '2025-09-08', '2025-11-28', 'investigating')",
    )
      .bind(id, commission)
      .run();
    const caseRating = (body: string) =>
      env.DB.prepare("SELECT rating FROM report_ratings WHERE report_id = ?1 AND body_id = ?2").bind(id, body).first<number>("rating");

    // Only the office has concluded: one form, for the office, without JavaScript (a plain POST).
    let html = await (await postForm("/track", { code })).text();
    expect(html.match(/class="rate-form"/g)).toHaveLength(1);
    expect(html).toContain(`data-body="${office}"`);
    expect(html).toContain("评价桂东县纪委监委（演示）的办理情况");
    const refused = await postForm("/track", { code, action: "rate", body: commission, rating: "5" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("受理机构作出结论后才能评价");
    expect((await postJson("/api/track/rating", { code, body: commission, rating: 5 })).status).toBe(409);
    expect(await caseRating(commission)).toBeNull();

    // The commission concludes too: two forms; each rating is its own case's, the other stays.
    await env.DB.prepare("UPDATE report_assignments SET status = 'substantiated', outcome = 'substantiated' WHERE report_id = ?1 AND body_id = ?2")
      .bind(id, commission)
      .run();
    const rated = await postForm("/track", { code, action: "rate", body: office, rating: "2" });
    expect(rated.status).toBe(200);
    html = await rated.text();
    expect(html.match(/class="rate-form"/g)).toHaveLength(2);
    expect(html).toContain('data-rating="2"');
    // With two rateable cases the JSON API needs to know which one.
    expect((await postJson("/api/track/rating", { code, rating: 4 })).status).toBe(409);
    const res = await postJson("/api/track/rating", { code, body: commission, rating: 5 });
    expect(await res.json()).toEqual({ rated: true, rating: 5, body: commission });
    expect(await caseRating(office)).toBe(2);
    expect(await caseRating(commission)).toBe(5);
    const tracked = (await (await postJson("/api/track", { code })).json()) as { rateable: { bodyId: string; rating: number }[] };
    expect(tracked.rateable.map((c) => [c.bodyId, c.rating]).sort()).toEqual(
      [
        [office, 2],
        [commission, 5],
      ].sort(),
    );
    // A body that does not hold the report has no case to rate.
    expect((await postJson("/api/track/rating", { code, body: "no-such-body", rating: 3 })).status).toBe(409);
  });
});

describe("a merged reporter", () => {
  it("can neither reopen nor rate their merged report, which follows the main report", async () => {
    const main = await reportAt("closed");
    const merged = await reportAt("closed", "merged");
    await env.DB.prepare("UPDATE reports SET merged_into = ?1 WHERE id = ?2").bind(main.id, merged.id).run();
    const html = await (await postForm("/track", { code: merged.code })).text();
    expect(html).not.toContain('class="reopen-form"');
    expect(html).not.toContain('class="rate-form"');
    expect((await postJson("/api/track/reopen", { code: merged.code, reason: "不同意合并" })).status).toBe(409);
    expect((await postJson("/api/track/rating", { code: merged.code, rating: 1 })).status).toBe(409);
    expect(await status(merged.id)).toBe("closed");
    expect(await ratingOf(merged.id)).toBeNull();
    expect(await ratingOf(main.id)).toBeNull();
  });
});

describe("wrong codes on reopen and rating", () => {
  it("answers a wrong code exactly like any wrong code on /track, whatever the action", async () => {
    await reportAt("closed");
    const strip = async (res: Response) => ({ status: res.status, body: (await res.text()).replace(/[0-9a-f-]{36}/g, "") });
    const plain = await strip(await postForm("/track", { code: newReceiptCode() }));
    const reopen = await strip(await postForm("/track", { code: newReceiptCode(), action: "reopen", reason: "理由" }));
    const rate = await strip(await postForm("/track", { code: "garbage!garbage!gar!", action: "rate", rating: "9" }));
    expect(plain.status).toBe(404);
    expect(reopen).toEqual(plain);
    expect(rate).toEqual(plain);
  });

  it("answers a wrong code on the JSON API with the same 404 as /api/track, before validating the rest", async () => {
    const body = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { code: string }).code });
    const expected = await body(await postJson("/api/track", { code: newReceiptCode() }));
    expect(expected).toEqual({ status: 404, code: "not_found" });
    expect(await body(await postJson("/api/track/reopen", { code: newReceiptCode(), reason: "" }))).toEqual(expected);
    expect(await body(await postJson("/api/track/rating", { code: newReceiptCode(), rating: 99 }))).toEqual(expected);
  });
});
