/**
 * Published summaries (issue #6 §8): public on /stats only where the reporter allowed it, a body
 * admin approved the text and the conclusion stands; every step audited; the reporter can
 * withdraw consent on /track with their code and the summary leaves /stats at once.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getPage, makeBody, makeReport, makeSession, makeUser, postForm, type Session } from "../support/factories.ts";
import { formFields, makeArea, postForm as postReportForm, postJson, receiptCodeIn, validReport } from "./report-fixtures.ts";
import type { PublishedSummary } from "../../worker/db/summaries.ts";

const fetcher = exports.default;
const TEXT = "经核查，县直部门要求乡镇每月重复填报同一组数据属实，已责令合并为一张表并停止另行报送。";

/** A body with an admin and a triager, and a report it concluded (remedied, closed) with the reporter's consent as given. */
async function concludedReport(consent: boolean, status = "closed") {
  const bodyId = await makeBody(env.DB, { name: `摘要测试机构 ${crypto.randomUUID().slice(0, 8)}` });
  const admin = await makeSession(env.DB, (await makeUser(env.DB, bodyId, "admin")).id);
  const triager = await makeSession(env.DB, (await makeUser(env.DB, bodyId, "triager")).id);
  const id = await makeReport(env.DB, { bodyId, status: status as never, outcome: "remedied" });
  await env.DB.batch([
    env.DB.prepare("UPDATE reports SET publish_consent = ?2, concluded_on = '2025-10-15', closed_on = '2025-10-20' WHERE id = ?1").bind(id, consent ? 1 : 0),
    // The body's own case is what a published summary reads (security M4).
    env.DB.prepare("UPDATE report_assignments SET concluded_on = '2025-10-15', closed_on = '2025-10-20' WHERE report_id = ?1").bind(id),
  ]);
  return { bodyId, admin, triager, id };
}

const step = (session: Session, id: string, fields: Record<string, string>) =>
  postForm(fetcher, `/oversight/reports/${id}/summary`, session, { csrf: session.csrf, ...fields });
const published = async (query = ""): Promise<PublishedSummary[]> =>
  ((await (await fetcher.fetch(`http://localhost/api/stats${query}`)).json()) as { summaries: PublishedSummary[] }).summaries;
const isPublished = async (text: string, query = "") => (await published(query)).some((s) => s.text === text);
const auditOf = async (id: string) =>
  (
    await env.DB.prepare("SELECT action FROM audit_log WHERE report_id = ?1 AND action LIKE 'summary_%' ORDER BY id").bind(id).all<{ action: string }>()
  ).results.map((r) => r.action);

describe("drafting and approving a summary", () => {
  it("publishes a triager's draft only once an admin approves it, with coarse facts beside it and nothing pointing back", async () => {
    const { bodyId, admin, triager, id } = await concludedReport(true);
    const text = `${TEXT}（${id}）`;
    expect((await step(triager, id, { step: "draft", text })).status).toBe(303);
    expect(await isPublished(text)).toBe(false);

    // The body's admins see the draft waiting for them in the inbox; triagers do not get the list.
    expect(await (await getPage(fetcher, "/oversight", admin)).text()).toContain(`href="/oversight/reports/${id}#summary"`);
    expect(await (await getPage(fetcher, "/oversight", triager)).text()).not.toContain(`#summary"`);
    expect((await step(triager, id, { step: "approve" })).status).toBe(403);
    expect((await step(admin, id, { step: "approve" })).status).toBe(303);
    expect(await (await getPage(fetcher, "/oversight", admin)).text()).not.toContain(`href="/oversight/reports/${id}#summary"`);
    const summary = (await published()).find((s) => s.text === text);
    expect(summary).toEqual({ body: bodyId, category: "forms", outcome: "remedied", month: "2025-10", text });

    const page = await (await fetcher.fetch("http://localhost/stats")).text();
    expect(page).toContain(text);
    expect(page).not.toContain(`>${id}<`);
    expect(await auditOf(id)).toEqual(["summary_draft", "summary_approve"]);
  });

  it("takes an approved summary back to draft (unpublished) when its text is edited", async () => {
    const { admin, id } = await concludedReport(true);
    await step(admin, id, { step: "draft", text: `${TEXT} 初稿 ${id}` });
    await step(admin, id, { step: "approve" });
    await step(admin, id, { step: "draft", text: `${TEXT} 改稿 ${id}` });
    expect(await isPublished(`${TEXT} 初稿 ${id}`)).toBe(false);
    expect(await isPublished(`${TEXT} 改稿 ${id}`)).toBe(false);
    const page = await (await getPage(fetcher, `/oversight/reports/${id}`, admin)).text();
    expect(page).toContain('data-state="draft"');
  });

  it("lets an admin withdraw a published summary", async () => {
    const { admin, id } = await concludedReport(true);
    const text = `${TEXT} 撤下 ${id}`;
    await step(admin, id, { step: "draft", text });
    await step(admin, id, { step: "approve" });
    expect(await isPublished(text)).toBe(true);
    expect((await step(admin, id, { step: "withdraw" })).status).toBe(303);
    expect(await isPublished(text)).toBe(false);
    expect(await auditOf(id)).toEqual(["summary_draft", "summary_approve", "summary_withdraw"]);
  });

  it("refuses a summary without the reporter's consent, before a conclusion, or of the wrong length, keeping the typed text", async () => {
    const noConsent = await concludedReport(false);
    const refused = await step(noConsent.admin, noConsent.id, { step: "draft", text: TEXT });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("反映人没有同意公开，不能撰写或批准摘要。");

    const open = await concludedReport(true, "investigating");
    await env.DB.batch([
      env.DB.prepare("UPDATE reports SET outcome = NULL, concluded_on = NULL WHERE id = ?1").bind(open.id),
      env.DB.prepare("UPDATE report_assignments SET outcome = NULL, concluded_on = NULL WHERE report_id = ?1").bind(open.id),
    ]);
    expect((await step(open.admin, open.id, { step: "draft", text: TEXT })).status).toBe(409);

    const short = await concludedReport(true);
    const res = await step(short.admin, short.id, { step: "draft", text: "太短了" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("摘要长度须在 20 至 1000 字之间。");
    expect(html).toMatch(/<textarea id="summary-text"[^>]*aria-invalid="true"[^>]*>\s*太短了/);

    const noDraft = await concludedReport(true);
    expect((await step(noDraft.admin, noDraft.id, { step: "approve" })).status).toBe(409);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM report_summaries WHERE report_id IN (?1, ?2, ?3)").bind(noConsent.id, open.id, short.id).first("n"),
    ).toBe(0);
  });

  it("does not let another body, a viewer or a forged CSRF token touch a body's summary", async () => {
    const { admin, id } = await concludedReport(true);
    const otherBody = await makeBody(env.DB);
    const stranger = await makeSession(env.DB, (await makeUser(env.DB, otherBody, "admin")).id);
    expect((await step(stranger, id, { step: "draft", text: TEXT })).status).toBe(404);
    const viewer = await makeSession(
      env.DB,
      (
        await makeUser(
          env.DB,
          (await env.DB.prepare("SELECT body_id FROM report_assignments WHERE report_id = ?1").bind(id).first<string>("body_id"))!,
          "viewer",
        )
      ).id,
    );
    expect((await step(viewer, id, { step: "draft", text: TEXT })).status).toBe(403);
    expect((await postForm(fetcher, `/oversight/reports/${id}/summary`, admin, { csrf: "forged", step: "draft", text: TEXT })).status).toBe(403);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM report_summaries WHERE report_id = ?1").bind(id).first("n")).toBe(0);
  });

  it("security M4: another body holding the same report writes its own summary and never overwrites this body's approved one", async () => {
    const { bodyId, admin, id } = await concludedReport(true);
    const otherBody = await makeBody(env.DB, { kind: "discipline_commission" });
    await env.DB.prepare(
      "INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, status, outcome) SELECT ?1, ?2, 1, '2025-09-01', '2025-09-01', status, outcome FROM reports WHERE id = ?1",
    )
      .bind(id, otherBody)
      .run();
    const other = await makeSession(env.DB, (await makeUser(env.DB, otherBody, "admin")).id);
    const text = `${TEXT} 本机构 ${id}`;
    await step(admin, id, { step: "draft", text });
    expect((await step(admin, id, { step: "approve" })).status).toBe(303);
    expect((await step(other, id, { step: "draft", text: `${TEXT} 另一机构 ${id}` })).status).toBe(303);
    expect(await isPublished(text)).toBe(true);
    const rows = await env.DB.prepare("SELECT body_id, state FROM report_summaries WHERE report_id = ?1 ORDER BY state").bind(id).all();
    expect(rows.results).toEqual([
      { body_id: bodyId, state: "approved" },
      { body_id: otherBody, state: "draft" },
    ]);
    // The other body's withdrawal is its own: nothing of this body's summary changes.
    await step(other, id, { step: "withdraw" });
    expect(await isPublished(text)).toBe(true);
  });

  it("withdraws the summary when the reporter reopens the report", async () => {
    const { admin, id } = await concludedReport(true);
    const text = `${TEXT} 重新办理 ${id}`;
    await step(admin, id, { step: "draft", text });
    await step(admin, id, { step: "approve" });
    const { reopenByReporter } = await import("../../worker/services/transition.ts");
    await reopenByReporter(env as never, id, "2025-11-01");
    expect(await isPublished(text)).toBe(false);
    expect(await env.DB.prepare("SELECT state FROM report_summaries WHERE report_id = ?1").bind(id).first("state")).toBe("withdrawn");
  });
});

describe("the reporter's consent on /track", () => {
  /** Files a report with consent through the no-JS form; a body concludes it and publishes a summary. */
  async function publishedWithCode() {
    const area = await makeArea();
    const code = receiptCodeIn(await (await postReportForm("/report", formFields(validReport(area, { publishConsent: "yes" })))).text());
    const { id } = (await env.DB.prepare("SELECT id FROM reports WHERE township_code = ?1").bind(area.township).first<{ id: string }>())!;
    const bodyId = await makeBody(env.DB);
    const admin = await makeSession(env.DB, (await makeUser(env.DB, bodyId, "admin")).id);
    await env.DB.batch([
      env.DB.prepare(
        "UPDATE reports SET status = 'closed', outcome = 'substantiated', first_delivered_on = '2025-09-01', concluded_on = '2025-10-15', closed_on = '2025-10-20' WHERE id = ?1",
      ).bind(id),
      env.DB.prepare("DELETE FROM report_assignments WHERE report_id = ?1").bind(id),
      env.DB.prepare(
        "INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, ack_due_on, conclude_due_on, status, outcome, concluded_on, closed_on) SELECT ?1, ?2, 1, '2025-09-01', '2025-09-01', '2025-09-08', '2025-11-28', status, outcome, concluded_on, closed_on FROM reports WHERE id = ?1",
      ).bind(id, bodyId),
    ]);
    const text = `${TEXT} 反映人 ${id}`;
    await step(admin, id, { step: "draft", text });
    expect((await step(admin, id, { step: "approve" })).status).toBe(303);
    return { code, id, text };
  }

  it("shows the consent given on the form and takes the summary down at once when withdrawn (no-JS form)", async () => {
    const { code, text } = await publishedWithCode();
    expect(await isPublished(text)).toBe(true);
    const page = await (await postReportForm("/track", { code })).text();
    expect(page).toContain("你同意在办结后公开这件反映的匿名摘要");
    const res = await postReportForm("/track", { code, action: "consent", consent: "no" });
    expect(res.status).toBe(200);
    const after = await res.text();
    expect(after).toContain("已更新你的选择。");
    expect(after).toContain("你没有同意公开摘要");
    expect(await isPublished(text)).toBe(false);
    // Consent given again: the text the body approved is public again.
    await postReportForm("/track", { code, action: "consent", consent: "yes" });
    expect(await isPublished(text)).toBe(true);
  });

  it("takes consent through the JSON API as a boolean only", async () => {
    const { code, text } = await publishedWithCode();
    const bad = await postJson("/api/track/consent", { code, consent: "no" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "validation_failed", fields: [{ path: "consent" }] });
    const res = await postJson("/api/track/consent", { code, consent: false });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ publishConsent: false });
    expect(await isPublished(text)).toBe(false);
    expect((await postJson("/api/track/consent", { code: "AAAA-BBBB-CCCC-DDDD-EEEE", consent: false })).status).toBe(404);
  });
});

describe("security M4: the reporter's consent applies to each body's summary", () => {
  it("approving one body's summary publishes nothing of the other's, and withdrawing consent takes down both", async () => {
    const area = await makeArea();
    const code = receiptCodeIn(await (await postReportForm("/report", formFields(validReport(area, { publishConsent: "yes" })))).text());
    const { id } = (await env.DB.prepare("SELECT id FROM reports WHERE township_code = ?1").bind(area.township).first<{ id: string }>())!;
    const office = await makeBody(env.DB);
    const commission = await makeBody(env.DB, { kind: "discipline_commission" });
    await env.DB.batch([
      env.DB.prepare(
        "UPDATE reports SET status = 'closed', outcome = 'substantiated', first_delivered_on = '2025-09-01', concluded_on = '2025-10-15', closed_on = '2025-10-20' WHERE id = ?1",
      ).bind(id),
      env.DB.prepare("DELETE FROM report_assignments WHERE report_id = ?1").bind(id),
      ...[office, commission].map((b) =>
        env.DB.prepare(
          "INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, status, outcome, concluded_on, closed_on) VALUES (?1, ?2, 1, '2025-09-01', '2025-09-01', 'closed', 'substantiated', '2025-10-15', '2025-10-20')",
        ).bind(id, b),
      ),
    ]);
    const officeAdmin = await makeSession(env.DB, (await makeUser(env.DB, office, "admin")).id);
    const commissionAdmin = await makeSession(env.DB, (await makeUser(env.DB, commission, "admin")).id);
    const officeText = `${TEXT} 减负办 ${id}`;
    const commissionText = `${TEXT} 纪委监委 ${id}`;

    await step(officeAdmin, id, { step: "draft", text: officeText });
    await step(commissionAdmin, id, { step: "draft", text: commissionText });
    expect((await step(officeAdmin, id, { step: "approve" })).status).toBe(303);
    expect(await isPublished(officeText)).toBe(true);
    expect(await isPublished(commissionText)).toBe(false);

    expect((await step(commissionAdmin, id, { step: "approve" })).status).toBe(303);
    expect(await isPublished(commissionText)).toBe(true);

    // One withdrawal on /track covers every body's summary.
    expect((await postJson("/api/track/consent", { code, consent: false })).status).toBe(200);
    expect(await isPublished(officeText)).toBe(false);
    expect(await isPublished(commissionText)).toBe(false);
    // Without consent neither body can publish again.
    expect((await step(officeAdmin, id, { step: "approve" })).status).not.toBe(303);
    expect(await isPublished(officeText)).toBe(false);
  });
});

describe("/stats for one area (the region pages' link)", () => {
  it("lists only the bodies covering the area or within it, and its county-level areas", async () => {
    const county = await makeBody(env.DB, { areaCode: "431021", name: "区域测试县机构" });
    const province = await makeBody(env.DB, { areaCode: "43", level: "province", name: "区域测试省机构" });
    const elsewhere = await makeBody(env.DB, { areaCode: "410100", name: "区域测试外省机构" });
    // A year of its own: /stats caches each period's figures for ten minutes.
    for (const bodyId of [county, province, elsewhere])
      await makeReport(env.DB, { bodyId, townshipCode: bodyId === elsewhere ? "410102001" : "431021100", receivedOn: "2023-04-03" });
    const stats = (await (await fetcher.fetch("http://localhost/api/stats?year=2023&area=431021100")).json()) as {
      byBody: { key: string }[];
      byArea: { key: string }[];
      area: string;
      total: unknown;
    };
    const keys = stats.byBody.map((b) => b.key);
    expect(keys).toEqual(expect.arrayContaining([county, province]));
    expect(keys).not.toContain(elsewhere);
    expect(stats.byArea.map((a) => a.key)).toEqual(["431021"]);
    expect(stats).toMatchObject({ area: "431021100", total: null, byCategory: { total: null, cells: [] }, byMonth: { total: null, cells: [] } });
    // Nothing about bodies outside the area travels with it, not even their names.
    expect(JSON.stringify(stats)).not.toContain("区域测试外省机构");

    await env.DB.prepare("INSERT OR IGNORE INTO divisions (code, name, level, parent_code, type) VALUES ('43', '湖南省', 'province', NULL, 'province')").run();
    const page = await (await fetcher.fetch("http://localhost/stats?year=2023&area=43")).text();
    expect(page).toContain("<h1>湖南省（43）：有关监督机构的办理情况</h1>");
    expect(page).toContain(`id="by-body-${county}"`);
    expect(page).not.toContain(`id="by-body-${elsewhere}"`);
    expect(page).not.toContain('id="by-category"');
  });

  it("refuses an area that is not a division code", async () => {
    const res = await fetcher.fetch("http://localhost/api/stats?area=43%27%20OR%201", { headers: { "accept-language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "validation_failed", fields: [{ path: "area", message: "The area code is not valid." }] });
  });
});
