import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { purgeExpiredContent } from "../../worker/services/retention.ts";
import { formTokenHash } from "../../worker/domain/form-token.ts";
import { receiptKeys } from "../../worker/domain/receipt.ts";
import { count, formFields, formTokenIn, freshFormToken, makeArea, postForm, receiptCodeIn, solvedAltcha, validReport } from "./report-fixtures.ts";

/**
 * The no-JS form's single-use token (issue 15 item 4, used by issue 14 item 6): made by GET /report,
 * stored only as a keyed hash with an expiry in whole hours; the first post files and shows the
 * code once, any later post files nothing and never shows it.
 */
const reportsIn = (township: string) => count("SELECT count(*) AS n FROM reports WHERE township_code = ?1", township);
const hashOf = (token: string) => formTokenHash(receiptKeys(env), token);

describe("security M6 / L2: the no-JS form's single-use token", () => {
  it("GET /report carries a fresh 128-bit token, served no-store, stored only as its keyed hash with an hour expiry", async () => {
    const res = await exports.default.fetch("http://localhost/report");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const token = formTokenIn(await res.text());
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await freshFormToken()).not.toBe(token);
    expect(await count("SELECT count(*) AS n FROM form_tokens WHERE token_hash = ?1", token)).toBe(0);
    const row = await env.DB.prepare("SELECT expires_hour AS h, spent FROM form_tokens WHERE token_hash = ?1")
      .bind(hashOf(token))
      .first<{ h: number; spent: number }>();
    expect(row?.spent).toBe(0);
    // More than two hours from now, at most three, in whole hours.
    const hoursLeft = row!.h - Date.now() / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(2);
    expect(hoursLeft).toBeLessThanOrEqual(3);
  });

  it("the first post files and shows the code; a later post with the same token files nothing and never shows the code (zh-CN and en)", async () => {
    const area = await makeArea();
    const formToken = await freshFormToken();
    const first = await postForm("/report", { ...formFields(validReport(area)), formToken });
    expect(first.status).toBe(201);
    const code = receiptCodeIn(await first.text());
    expect(code).not.toBe("");

    for (const path of ["/report", "/en/report"]) {
      const again = await postForm(path, { ...formFields(validReport(area, { title: "换了一个标题再提交" })), formToken });
      expect(again.status).toBe(409);
      expect(again.headers.get("cache-control")).toBe("no-store");
      const html = await again.text();
      expect(receiptCodeIn(html)).toBe("");
      for (const group of code.split("-")) expect(html).not.toContain(group);
      expect(html).toContain(path === "/report" ? "回执码只在第一次提交后显示过一次" : "The receipt code was shown once");
      expect(html).toContain(path === "/report" ? 'href="/track"' : 'href="/en/track"');
      // Inside the site's shell, not a bare page.
      expect(html).toContain("<main");
    }
    expect(await reportsIn(area.township)).toBe(1);
  });

  it("two concurrent posts with one token file exactly one report", async () => {
    const area = await makeArea();
    const formToken = await freshFormToken();
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) => postForm("/report", { ...formFields(validReport(area, { title: `同时提交的反映第${i}份` })), formToken })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    const codes = (await Promise.all(answers.map((r) => r.text()))).map(receiptCodeIn).filter(Boolean);
    expect(codes).toHaveLength(1);
    expect(await reportsIn(area.township)).toBe(1);
  });

  it("a repeat with the same token, idempotency key and proof of work (the JS path) never shows the code again either", async () => {
    const area = await makeArea();
    const fields = {
      ...formFields(validReport(area)),
      formToken: await freshFormToken(),
      idempotencyKey: crypto.randomUUID().replace(/-/g, ""),
      altcha: await solvedAltcha(),
    };
    const answers = await Promise.all([postForm("/report", fields), postForm("/report", fields)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await Promise.all(answers.map((r) => r.text()))).map(receiptCodeIn).filter(Boolean)).toHaveLength(1);
    expect((await postForm("/report", fields)).status).toBe(409);
    expect(await reportsIn(area.township)).toBe(1);
  });

  it("an expired token re-renders the form with every value kept and a fresh token, files nothing, and the fresh token files", async () => {
    const area = await makeArea();
    const formToken = await freshFormToken();
    await env.DB.prepare("UPDATE form_tokens SET expires_hour = ?2 WHERE token_hash = ?1")
      .bind(hashOf(formToken), Math.floor(Date.now() / 3_600_000))
      .run();
    const report = validReport(area, { title: "过期表单里写的标题", description: "过期表单里写的说明，应当原样保留下来，一个字也不丢。" });
    const res = await postForm("/report", { ...formFields(report), formToken });
    expect(res.status).toBe(400);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("这次提交没有保存");
    expect(html).toContain("超过 2 小时");
    expect(html).toContain('value="过期表单里写的标题"');
    expect(html).toContain("一个字也不丢。</textarea>");
    const renewed = formTokenIn(html);
    expect(renewed).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(renewed).not.toBe(formToken);
    expect(await reportsIn(area.township)).toBe(0);
    expect((await postForm("/report", { ...formFields(report), formToken: renewed })).status).toBe(201);
    expect(await reportsIn(area.township)).toBe(1);
  });

  it("an unknown, malformed or missing token is treated like an expired one (English too)", async () => {
    const area = await makeArea();
    for (const formToken of ["A".repeat(22), "not a token", ""]) {
      const res = await postForm("/en/report", { ...formFields(validReport(area)), formToken });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain("This submission was not saved");
      expect(formTokenIn(html)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
    expect(await reportsIn(area.township)).toBe(0);
  });

  it("a form sent back for a mistake keeps its token, which then files once", async () => {
    const area = await makeArea();
    const formToken = await freshFormToken();
    const wrong = await postForm("/report", { ...formFields(validReport(area, { title: "短" })), formToken });
    expect(wrong.status).toBe(400);
    expect(formTokenIn(await wrong.text())).toBe(formToken);
    expect((await postForm("/report", { ...formFields(validReport(area)), formToken })).status).toBe(201);
    expect((await postForm("/report", { ...formFields(validReport(area)), formToken })).status).toBe(409);
  });

  it("the daily retention run deletes expired tokens, spent or not, and keeps live ones", async () => {
    const area = await makeArea();
    const [spent, idle, live] = [await freshFormToken(), await freshFormToken(), await freshFormToken()];
    expect((await postForm("/report", { ...formFields(validReport(area)), formToken: spent })).status).toBe(201);
    const past = Math.floor(Date.now() / 3_600_000) - 1;
    await env.DB.batch([spent, idle].map((tk) => env.DB.prepare("UPDATE form_tokens SET expires_hour = ?2 WHERE token_hash = ?1").bind(hashOf(tk), past)));
    await purgeExpiredContent(env);
    const left = await count(`SELECT count(*) AS n FROM form_tokens WHERE token_hash IN (?1, ?2, ?3)`, hashOf(spent), hashOf(idle), hashOf(live));
    expect(left).toBe(1);
    expect(await count("SELECT count(*) AS n FROM form_tokens WHERE token_hash = ?1", hashOf(live))).toBe(1);
  });
});
