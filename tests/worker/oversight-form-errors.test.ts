/**
 * Issue 16 (architecture review P5): a refused no-JS oversight form comes back on its own page,
 * with an error summary at the top (role=alert, links to the fields) and what was typed kept;
 * the JSON envelope stays for /api and for a script's fetch that asks for JSON.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeBodyWithUser, makeReport, type Session } from "../support/factories.ts";
import { visibleText } from "../support/visible-text.ts";

const fetcher = exports.default;

/** postForm, but as a browser sends it: `accept: text/html`. */
const postHtml = (path: string, session: Session, fields: Record<string, string>) =>
  fetcher.fetch(`https://localhost${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html,application/xhtml+xml",
      cookie: session.cookie,
      "cf-connecting-ip": "10.9.9.9",
    },
    body: new URLSearchParams({ csrf: session.csrf, ...fields }),
  });

/** The error summary at the top of the page: its role, its title and a link to `fieldId`. */
function expectSummary(html: string, fieldId: string, text: string) {
  const summary = /<div class="error-summary" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1];
  expect(summary, "error summary").toBeDefined();
  expect(summary).toContain(`href="#${fieldId}"`);
  expect(summary).toContain(text);
  // The summary comes before the page's own heading (it is the first thing read).
  expect(html.indexOf('class="error-summary"')).toBeLessThan(html.indexOf("<h1"));
  expect(html).toContain(`id="${fieldId}"`);
}

async function caseFor(status: "investigating" | "accepted" | "routed" = "investigating") {
  const { bodyId, session } = await makeBodyWithUser(env.DB, "triager");
  const title = `每周填报三张表 ${crypto.randomUUID().slice(0, 6)}`;
  const id = await makeReport(env.DB, { bodyId, status, title });
  return { id, title, session };
}

describe("a refused no-JS oversight form re-renders its own page (issue 16)", () => {
  it("conclusion: an empty finding comes back on the case page with the summary, 422, nothing changed", async () => {
    const { id, title, session } = await caseFor();
    const res = await postHtml(`/oversight/reports/${id}/transition`, session, { action: "find_substantiated", finding: "" });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain(`<h1>${title}</h1>`);
    expectSummary(html, "find_substantiated-finding", "核查结论（反映人可见）：请填写此项。");
    expect(html).toMatch(/<textarea id="find_substantiated-finding"[^>]*aria-invalid="true"/);
    const row = await env.DB.prepare("SELECT status FROM reports WHERE id = ?1").bind(id).first<{ status: string }>();
    expect(row?.status).toBe("investigating");
  });

  it("conclusion: a finding refused for a control character keeps the typed text", async () => {
    const { id, title, session } = await caseFor();
    const res = await postHtml(`/oversight/reports/${id}/transition`, session, { action: "find_substantiated", finding: "经核查，确有重复填报\u0007" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`<h1>${title}</h1>`);
    expectSummary(html, "find_substantiated-finding", "核查结论（反映人可见）：");
    expect(html).toMatch(/<textarea id="find_substantiated-finding"[^>]*>\s*经核查，确有重复填报/);
  });

  it("transfer: an unknown receiving body comes back with the reason kept and the select named", async () => {
    const { id, title, session } = await caseFor("routed");
    const res = await postHtml(`/oversight/reports/${id}/transition`, session, {
      action: "transfer",
      target_body: "no-such-body",
      reason: "不属本机构管辖，应由市级办理",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`<h1>${title}</h1>`);
    expectSummary(html, "transfer-target_body", "转交至：此项填写有误。");
    expect(html).toMatch(/<textarea id="transfer-reason"[^>]*>\s*不属本机构管辖，应由市级办理/);
  });

  it("reply: an empty message comes back with its kind kept; a control character keeps the text", async () => {
    const { id, title, session } = await caseFor();
    const empty = await postHtml(`/oversight/reports/${id}/messages`, session, { kind: "message", text: "  " });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(html).toContain(`<h1>${title}</h1>`);
    expectSummary(html, "message-text", "请填写此项。");
    expect(html).toMatch(/<option value="message" selected/);

    const bad = await postHtml(`/oversight/reports/${id}/messages`, session, { kind: "public_reply", text: "请补充材料\u202e" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/<textarea id="message-text"[^>]*>\s*请补充材料/);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE report_id = ?1").bind(id).first<{ n: number }>())?.n).toBe(0);
  });

  it("notes: a refused note comes back with the text kept", async () => {
    const { id, title, session } = await caseFor();
    const res = await postHtml(`/oversight/reports/${id}/notes`, session, { text: "已电话核实\u0007" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`<h1>${title}</h1>`);
    expectSummary(html, "note-text", "备注：");
    expect(html).toMatch(/<textarea id="note-text"[^>]*>\s*已电话核实/);
  });

  it("summary: a draft refused before a conclusion comes back with the summary at the top, linked to the summary section", async () => {
    const { id, title, session } = await caseFor();
    const res = await postHtml(`/oversight/reports/${id}/summary`, session, { step: "draft", text: "太短了" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const html = await res.text();
    expect(html).toContain(`<h1>${title}</h1>`);
    expectSummary(html, "summary", "摘要");
    expect(html).toContain("本件尚未作出结论");
  });

  it("invites: a malformed e-mail address comes back on the users page with the address and role kept", async () => {
    const { session } = await makeBodyWithUser(env.DB, "admin");
    const res = await postHtml("/oversight/users/invite", session, { email: "zhang.at.example", role: "viewer" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("<h1>本机构用户</h1>");
    expectSummary(html, "email", "请填写有效的电子邮件地址");
    expect(html).toMatch(/<input id="email"[^>]*value="zhang.at.example"/);
    expect(html).toMatch(/<option value="viewer" selected/);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM invites WHERE email = ?1").bind("zhang.at.example").first<{ n: number }>())?.n).toBe(0);
  });

  it("account: a wrong password on the confirmation comes back on the account page with the summary (the password never kept)", async () => {
    const { user, session } = await makeBodyWithUser(env.DB, "triager");
    // Signed in a while ago: adding a passkey first asks for the password again.
    await env.DB.prepare("UPDATE sessions SET reauth_at = ?2 WHERE user_id = ?1")
      .bind(user.id, Date.now() - 6 * 60_000)
      .run();
    const res = await postHtml("/oversight/account/reauth", session, { password: "wrong-password-123", code: "000000" });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain("<h1>账户与通行密钥</h1>");
    expectSummary(html, "password", "密码或动态码不正确");
    expect(html).not.toContain("wrong-password-123");
  });

  it("answers a script's fetch that asks for JSON with the JSON envelope, not a page", async () => {
    const { id, session } = await caseFor();
    const res = await fetcher.fetch(`https://localhost/oversight/reports/${id}/transition`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", cookie: session.cookie, "cf-connecting-ip": "10.9.9.8" },
      body: new URLSearchParams({ csrf: session.csrf, action: "find_substantiated", finding: "" }),
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ code: "unprocessable", fields: [{ path: "finding", code: "e.required" }] });
  });

  it("still gives the error page, not the form, when the case is not the body's (404)", async () => {
    const { session } = await makeBodyWithUser(env.DB, "triager");
    const res = await postHtml(`/oversight/reports/r-none/notes`, session, { text: "x" });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('id="note-text"');
  });
});

describe("the generic error page", () => {
  it("says what to correct in the shared error summary, under the page's heading, in the page's language", async () => {
    for (const [path, heading, line] of [
      ["/stats?area=x", "提交的内容有误，请按提示修改。", "地区代码填写有误。"],
      ["/stats?year=2024&area=4310271", "提交的内容有误，请按提示修改。", "地区代码填写有误。"],
      ["/en/stats?area=x", "Some fields need correcting.", "The area code is not valid."],
    ] as const) {
      const res = await fetcher.fetch(`https://localhost${path}`, { headers: { accept: "text/html" } });
      expect(res.status).toBe(400);
      const html = await res.text();
      // The h1 says what went wrong, so the summary (worker/ui/components.tsx ErrorSummary) has no heading of its own.
      expect(html).toContain(`<h1>${heading}</h1>`);
      expect(html).toContain(`<div class="error-summary" role="alert"><ul><li>${line}</li></ul></div>`);
      expect(html.indexOf("<h1>")).toBeLessThan(html.indexOf('class="error-summary"'));
      // The summary names the parameter in words: no raw parameter name on the zh-CN page.
      if (!path.startsWith("/en")) expect(visibleText(html)).not.toMatch(/\barea\b|此项填写有误/);
    }
  });

  it("names the parameter in the API's message too, in the request's language", async () => {
    for (const [lang, line] of [
      ["zh-CN", "地区代码填写有误。"],
      ["en", "The area code is not valid."],
    ] as const) {
      const res = await fetcher.fetch("https://localhost/api/stats?area=x", { headers: { "accept-language": lang } });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "validation_failed", fields: [{ path: "area", code: "e.invalid_param", message: line }] });
    }
  });
});
