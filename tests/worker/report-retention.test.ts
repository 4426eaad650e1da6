import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { maxAgeDays, purgeExpiredContent, retentionDays, DEFAULT_RETENTION_DAYS } from "../../worker/services/retention.ts";
import { beijingToday, shiftDays } from "../../worker/domain/working-days.ts";
import { formFields, makeArea, postForm, receiptCodeIn, validReport } from "./report-fixtures.ts";
import { makeBody, makeReport } from "../support/factories.ts";
import { applyTransition } from "../../worker/services/transition.ts";
import type { Action, TransitionInput } from "../../worker/domain/lifecycle.ts";
import type { Bindings } from "../../worker/env.ts";

async function closedReportWithContent(closedOn: string) {
  const area = await makeArea();
  await postForm("/report", formFields(validReport(area)));
  const { id } = (await env.DB.prepare("SELECT id FROM reports WHERE township_code = ?1").bind(area.township).first<{ id: string }>())!;
  const key = `evidence/test-${id}`;
  await env.EVIDENCE.put(key, new Uint8Array([1, 2, 3]));
  await env.DB.batch([
    env.DB.prepare("UPDATE reports SET status = 'closed', closed_on = ?2 WHERE id = ?1").bind(id, closedOn),
    env.DB.prepare(
      "INSERT INTO evidence (id, token_hash, report_id, r2_key, media_type, bytes, uploaded_on) VALUES (?1, ?2, ?3, ?4, 'image/png', 3, '2024-01-01')",
    ).bind(crypto.randomUUID(), crypto.randomUUID(), id, key),
    env.DB.prepare("INSERT INTO messages (report_id, seq, on_day, direction, kind, text) VALUES (?1, 1, '2024-01-02', 'to_body', 'message', '私信内容')").bind(
      id,
    ),
  ]);
  return { id, key };
}

describe("purgeExpiredContent", () => {
  it("deletes evidence files and message text of reports closed longer ago than the retention time, keeping counts", async () => {
    const old = await closedReportWithContent("2024-01-10");
    const recent = await closedReportWithContent("2025-06-01");
    const result = await purgeExpiredContent(env, "2025-06-10", 365);
    expect(result.reports).toBeGreaterThanOrEqual(1);
    expect(await env.EVIDENCE.get(old.key)).toBeNull();
    const message = await env.DB.prepare("SELECT text FROM messages WHERE report_id = ?1").bind(old.id).first<{ text: string | null }>();
    expect(message).toEqual({ text: null });
    const report = await env.DB.prepare("SELECT content_purged_on AS p, reporter_count AS c FROM reports WHERE id = ?1").bind(old.id).first();
    expect(report).toEqual({ p: "2025-06-10", c: 1 });
    expect(await env.DB.prepare("SELECT report_id FROM report_signatures WHERE report_id = ?1").bind(old.id).first()).toBeNull();
    expect(await env.DB.prepare("SELECT report_id FROM report_signatures WHERE report_id = ?1").bind(recent.id).first()).not.toBeNull();
    expect(await env.EVIDENCE.get(recent.key)).not.toBeNull();
    expect((await env.DB.prepare("SELECT text FROM messages WHERE report_id = ?1").bind(recent.id).first<{ text: string }>())!.text).toBe("私信内容");
  });

  it("removes uploads never attached to a report after two days", async () => {
    const id = crypto.randomUUID();
    await env.EVIDENCE.put(`evidence/${id}`, new Uint8Array([1]));
    await env.DB.prepare(
      "INSERT INTO evidence (id, token_hash, report_id, r2_key, media_type, bytes, uploaded_on) VALUES (?1, ?2, NULL, ?3, 'image/png', 1, '2025-06-01')",
    )
      .bind(id, crypto.randomUUID(), `evidence/${id}`)
      .run();
    await purgeExpiredContent(env, "2025-06-10");
    expect(await env.EVIDENCE.get(`evidence/${id}`)).toBeNull();
  });

  it("takes its retention time from RETENTION_DAYS, defaulting to a year", () => {
    expect(retentionDays({ RETENTION_DAYS: "30" })).toBe(30);
    expect(retentionDays({})).toBe(DEFAULT_RETENTION_DAYS);
  });
});

describe("the daily cron", () => {
  it("runs retention among its daily tasks", async () => {
    const old = await closedReportWithContent("2020-01-10");
    const { DAILY_TASKS, runDailyTasks } = await import("../../worker/scheduled.ts");
    expect(DAILY_TASKS.map((t) => t.name)).toContain("retention");
    const failed = await runDailyTasks(
      env,
      createExecutionContext(),
      DAILY_TASKS.filter((t) => t.name === "retention"),
    );
    expect(failed).toEqual([]);
    expect(await env.EVIDENCE.get(old.key)).toBeNull();
  });
});

describe("security missing defence 7: retention for every report", () => {
  async function openReportWithContent(receivedOn: string) {
    const area = await makeArea();
    const res = await postForm("/report", formFields(validReport(area)));
    const code = receiptCodeIn(await res.text());
    const { id } = (await env.DB.prepare("SELECT id FROM reports WHERE township_code = ?1").bind(area.township).first<{ id: string }>())!;
    const key = `evidence/test-${id}`;
    await env.EVIDENCE.put(key, new Uint8Array([1, 2, 3]));
    await env.DB.batch([
      env.DB.prepare("UPDATE reports SET status = 'investigating', received_on = ?2 WHERE id = ?1").bind(id, receivedOn),
      env.DB.prepare(
        "INSERT INTO evidence (id, token_hash, report_id, r2_key, media_type, bytes, uploaded_on) VALUES (?1, ?2, ?3, ?4, 'image/png', 3, ?5)",
      ).bind(crypto.randomUUID(), crypto.randomUUID(), id, key, receivedOn),
      env.DB.prepare("INSERT INTO messages (report_id, seq, on_day, direction, kind, text) VALUES (?1, 1, ?2, 'to_body', 'message', '私信内容')").bind(
        id,
        receivedOn,
      ),
    ]);
    return { id, key, code };
  }
  const content = (id: string) =>
    env.DB.prepare("SELECT title, description, content_purged_on AS purged FROM reports WHERE id = ?1")
      .bind(id)
      .first<{ title: string; description: string; purged: string | null }>();

  it("deletes evidence, message text, title and description of a report never closed after the maximum age", async () => {
    const old = await openReportWithContent("2023-05-01");
    const young = await openReportWithContent("2025-05-01");
    await purgeExpiredContent(env, "2025-06-10", 365, 730);
    expect(await env.EVIDENCE.get(old.key)).toBeNull();
    expect(await content(old.id)).toEqual({ title: "", description: "", purged: "2025-06-10" });
    expect((await env.DB.prepare("SELECT text FROM messages WHERE report_id = ?1").bind(old.id).first())!.text).toBeNull();
    expect(await env.EVIDENCE.get(young.key)).not.toBeNull();
    expect((await content(young.id))!.purged).toBeNull();
  });

  it("deletes title and description of a closed report too", async () => {
    const old = await closedReportWithContent("2024-01-10");
    await purgeExpiredContent(env, "2025-06-10", 365, 730);
    expect(await content(old.id)).toEqual({ title: "", description: "", purged: "2025-06-10" });
  });

  it("takes the maximum age from RETENTION_MAX_AGE_DAYS, two years by default", () => {
    expect(maxAgeDays({ RETENTION_MAX_AGE_DAYS: "100" })).toBe(100);
    expect(maxAgeDays({})).toBe(730);
  });

  it("tells the reporter on /track when the content goes, and when it went", async () => {
    const report = await openReportWithContent(beijingToday());
    const before = await (await postForm("/track", { code: report.code })).text();
    expect(before).toContain(`将于 ${shiftDays(beijingToday(), 730)} 起删除`);
    await env.DB.prepare("UPDATE reports SET received_on = '2020-01-01' WHERE id = ?1").bind(report.id).run();
    await purgeExpiredContent(env, beijingToday());
    const after = await (await postForm("/track", { code: report.code })).text();
    expect(after).toContain(`已于 ${beijingToday()} 删除`);
  });
});

describe("security M4: retention counts from the day the last case closes", () => {
  it("purges nothing while one holder's case is open, then the retention time after the later closure", async () => {
    const world = { DB: env.DB, DELIVERY_QUEUE: { sendBatch: async () => {} } } as unknown as Bindings;
    const office = await makeBody(env.DB);
    const commission = await makeBody(env.DB, { kind: "discipline_commission" });
    const id = await makeReport(env.DB, { bodyId: office, status: "investigating", receivedOn: "2025-01-02" });
    await env.DB.prepare(
      "INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, status) VALUES (?1, ?2, 1, '2025-01-02', '2025-01-02', 'investigating')",
    )
      .bind(id, commission)
      .run();
    const key = `evidence/test-${id}`;
    await env.EVIDENCE.put(key, new Uint8Array([1, 2, 3]));
    await env.DB.prepare(
      "INSERT INTO evidence (id, token_hash, report_id, r2_key, media_type, bytes, uploaded_on) VALUES (?1, ?2, ?3, ?4, 'image/png', 3, '2025-01-02')",
    )
      .bind(crypto.randomUUID(), crypto.randomUUID(), id, key)
      .run();
    const conclude = async (bodyId: string, today: string) => {
      const step = (action: Action, input: TransitionInput = {}) =>
        applyTransition(world, { bodyId, userId: null, actor: { kind: "user", role: "triager" }, reportId: id, action, input, today });
      await step("find_unsubstantiated", { finding: "经核查，未发现重复填报。" });
      await step("close");
    };
    const purged = async () => (await env.DB.prepare("SELECT content_purged_on AS p FROM reports WHERE id = ?1").bind(id).first<{ p: string | null }>())!.p;

    // The office closed long ago; the commission still investigates: nothing goes.
    await conclude(office, "2025-01-10");
    await purgeExpiredContent(env, "2025-03-20", 30, 730);
    expect(await purged()).toBeNull();
    expect(await env.EVIDENCE.get(key)).not.toBeNull();

    // Both closed: the retention time runs from the later closure (2025-03-25), not the first.
    await conclude(commission, "2025-03-25");
    expect(await env.DB.prepare("SELECT closed_on FROM reports WHERE id = ?1").bind(id).first<string>("closed_on")).toBe("2025-03-25");
    await purgeExpiredContent(env, "2025-04-20", 30, 730);
    expect(await purged()).toBeNull();
    await purgeExpiredContent(env, "2025-04-24", 30, 730);
    expect(await purged()).toBe("2025-04-24");
    expect(await env.EVIDENCE.get(key)).toBeNull();
  });
});
