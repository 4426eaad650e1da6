import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getPage, makeBody, makeBodyWithUser, makeReport, makeUser, postForm } from "../support/factories.ts";
import { AUDIT_ACTIONS } from "../../worker/db/audit.ts";
import { label } from "../../site/i18n/labels.ts";

const fetcher = exports.default;
const lastAction = async (bodyId: string) =>
  env.DB.prepare("SELECT action, user_id, report_id, at FROM audit_log WHERE body_id = ?1 ORDER BY id DESC LIMIT 1")
    .bind(bodyId)
    .first<{ action: string; user_id: string; report_id: string | null; at: number }>();

describe("audit log", () => {
  it.each([
    ["view_report", (id: string) => ["GET", `/oversight/reports/${id}`, {}]],
    ["transition", (id: string) => ["POST", `/oversight/reports/${id}/transition`, { action: "accept" }]],
    ["transfer", (id: string) => ["POST", `/oversight/reports/${id}/transition`, { action: "transfer", reason: "非本机关", target_body: "TARGET" }]],
    ["note", (id: string) => ["POST", `/oversight/reports/${id}/notes`, { text: "内部备注" }]],
    ["message", (id: string) => ["POST", `/oversight/reports/${id}/messages`, { text: "答复", kind: "public_reply" }]],
    ["export", () => ["GET", "/oversight/export.csv", {}]],
    ["export", () => ["GET", "/oversight/export.json", {}]],
  ] as const)("records %s with the acting user and the time", async (action, request) => {
    const { bodyId, user, session } = await makeBodyWithUser(env.DB, "admin");
    const reportId = await makeReport(env.DB, { bodyId });
    const target = await makeBody(env.DB);
    const [method, path, fields] = request(reportId) as [string, string, Record<string, string>];
    const before = Date.now();
    const res =
      method === "GET"
        ? await getPage(fetcher, path, session)
        : await postForm(fetcher, path, session, {
            csrf: session.csrf,
            ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === "TARGET" ? target : v])),
          });
    expect(res.status).toBeLessThan(400);
    const entry = await lastAction(bodyId);
    expect(entry).toMatchObject({ action, user_id: user.id });
    expect(entry!.at).toBeGreaterThanOrEqual(before);
    if (action !== "export") expect(entry!.report_id).toBe(reportId);
  });

  it("lets the body admin read and export the log, with a BOM for Excel", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "admin");
    await makeReport(env.DB, { bodyId });
    const html = await (await getPage(fetcher, "/oversight/audit", session)).text();
    // The page names each action in words (the export keeps the codes).
    expect(html).toMatch(/<td data-action="view_audit"[^>]*>查看审计日志<\/td>/);
    const csv = await getPage(fetcher, "/oversight/audit.csv", session);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain("view_audit");
  });

  it("has a label in both languages for every action it records", () => {
    for (const action of AUDIT_ACTIONS) for (const lang of ["zh-CN", "en"] as const) expect(label(lang, "audit_action", action)).not.toBe("");
  });

  it("refuses UPDATE and DELETE of entries by SQL", async () => {
    const bodyId = await makeBody(env.DB);
    const user = await makeUser(env.DB, bodyId);
    await env.DB.prepare("INSERT INTO audit_log (body_id, user_id, at, action) VALUES (?1, ?2, 1, 'login')").bind(bodyId, user.id).run();
    await expect(env.DB.prepare("UPDATE audit_log SET action = 'logout' WHERE body_id = ?1").bind(bodyId).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM audit_log WHERE body_id = ?1").bind(bodyId).run()).rejects.toThrow(/append-only/);
    const row = await env.DB.prepare("SELECT action FROM audit_log WHERE body_id = ?1").bind(bodyId).first();
    expect(row).toEqual({ action: "login" });
  });

  it("offers no route that changes or deletes entries", async () => {
    const { session } = await makeBodyWithUser(env.DB, "admin");
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await fetcher.fetch("https://localhost/oversight/audit", { method, headers: { cookie: session.cookie }, redirect: "manual" });
      expect([403, 404, 405]).toContain(res.status);
    }
  });
});
