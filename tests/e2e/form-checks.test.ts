/**
 * Issue 14 item 6 and issue 16 in Chromium: the report island names a wrong-type or too-big file
 * before any upload (UX 26) and warns, as one types, about a person's name as imposer; without
 * JavaScript the re-rendered form offers the township's duty list and the same warning; a refused
 * oversight form comes back on its own page with its error summary. Screenshots at 390 and 1280 px
 * go to test-results/forms/ (looked at by hand), and axe runs at both widths.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { Secret, TOTP } from "otpauth";
import { axeViolations, launchBrowser, openPage } from "../support/browser.ts";
import { E2E_STATE } from "../support/server.ts";
import { DEMO_ADMIN, seedDemoUsers } from "../../scripts/seed-demo-users.ts";
import { d1Query } from "../../scripts/lib/run.ts";
import { REPORT_LIMITS } from "../../data/schema/report-limits.ts";

// "localhost", not 127.0.0.1: Chromium accepts the Secure session cookie on http://localhost only.
const origin = inject("origin").replace("127.0.0.1", "localhost");
/** 沤江镇, 桂东县 (its duty list is in the e2e build's province 43). */
const TOWNSHIP = "431027100";
const SHOTS = "test-results/forms";
const WIDTHS = [390, 1280] as const;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A screenshot (the whole page, and each of `parts` close up) and axe at both widths; returns the violations found. */
async function shotsAndAxe(page: Page, name: string, javaScript = true, parts: string[] = []) {
  const found = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    for (const [i, selector] of parts.entries())
      await page
        .locator(selector)
        .first()
        .screenshot({ path: `${SHOTS}/${name}-${width}-part${i}.png` });
    found.push(...(await axeViolations(page, { javaScript })));
  }
  return found;
}

describe("the report form's checks in the browser", () => {
  it("with JavaScript: names each refused file and why before uploading, and warns about a person's name", async () => {
    const { page, context, errors } = await openPage(browser);
    await page.goto(`${origin}/report?township=${TOWNSHIP}`);
    await page.locator(".report-enhancer").waitFor();
    await page.getByLabel("加负担的单位或部门").fill("王局长");
    await expect(page.locator("#warning-imposerName").textContent()).resolves.toContain("请填写单位或部门的名称");
    const tooBig = Buffer.alloc(REPORT_LIMITS.evidenceBytes + 200 * 1024, 0xff);
    await page.setInputFiles("#field-evidence", [
      { name: "通知.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: Buffer.from("PK\u0003\u0004") },
      { name: "大照片.jpg", mimeType: "image/jpeg", buffer: tooBig },
      { name: "表格.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n") },
    ]);
    const error = page.locator("#error-evidence");
    await expect(error.isVisible()).resolves.toBe(true);
    const text = (await error.textContent()) ?? "";
    expect(text).toContain("“通知.docx”不是 JPEG、PNG 或 PDF 文件");
    expect(text).toContain("“大照片.jpg”有 5.2 MB，超过了每个文件 5 MB 的上限");
    expect(text).not.toContain("表格.pdf");
    // Submitting uploads nothing: the form stays, the file field focused.
    await page.getByRole("button", { name: "匿名提交" }).click();
    await page.waitForTimeout(300);
    expect(page.url()).toBe(`${origin}/report?township=${TOWNSHIP}`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("field-evidence");
    expect(await shotsAndAxe(page, "report-js-files", true, ["[data-field=imposerName]", "[data-field=evidence]"])).toEqual([]);
    // Fitting files clear the message.
    await page.setInputFiles("#field-evidence", [{ name: "表格.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n") }]);
    await expect(error.isHidden()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("without JavaScript: the re-rendered form offers the duty list, keeps the choice and shows the warning", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin}/report?township=${TOWNSHIP}`);
    await page.getByLabel(/^对应的清单事项/).selectOption("returned:1");
    await page.getByLabel("加负担的单位或部门").fill("王局长");
    await page.getByLabel("该单位的级别").selectOption("county");
    await page.getByLabel("负担类别").selectOption("forms");
    await page.getByLabel("标题").fill("表");
    await page.getByLabel("具体情况").fill("同一组数据每月要向三个部门分别填报，格式各不相同，每次要花两天时间。");
    await page.getByRole("button", { name: "匿名提交" }).click();
    await page.locator("[data-error-summary]").waitFor();
    expect(await page.getByLabel(/^对应的清单事项/).inputValue()).toBe("returned:1");
    await expect(page.locator("#warning-imposerName").textContent()).resolves.toContain("请填写单位或部门的名称");
    expect(await shotsAndAxe(page, "report-nojs-rerender", false, ["[data-error-summary]", "[data-field=imposerName]", "[data-field=dutyItemRef]"])).toEqual(
      [],
    );
    await context.close();
  });
});

describe("a refused oversight form in the browser (issue 16)", () => {
  beforeAll(async () => {
    await seedDemoUsers({ remote: false, persistTo: E2E_STATE });
    d1Query(
      `UPDATE reports SET status = 'routed', outcome = NULL, acknowledged_on = NULL, concluded_on = NULL WHERE id = 'demo-report-1';
       UPDATE report_assignments SET status = 'routed', outcome = NULL, acknowledged_on = NULL, concluded_on = NULL, closed_on = NULL WHERE report_id = 'demo-report-1' AND active = 1`,
      { remote: false, persistTo: E2E_STATE },
    );
  });

  it("comes back on the case page with the error summary at the top and the typed value kept", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin}/oversight/login`);
    await page.getByLabel("电子邮箱").fill(DEMO_ADMIN.email);
    await page.getByLabel("密码").fill(DEMO_ADMIN.password);
    await page
      .getByLabel("验证器六位动态码")
      .fill(new TOTP({ secret: Secret.fromBase32(DEMO_ADMIN.totpSecret), digits: 6, period: 30, algorithm: "SHA1" }).generate());
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${origin}/oversight`);
    await page.goto(`${origin}/oversight/reports/demo-report-1`);
    const merge = page.getByRole("group", { name: "合并到另一反映", exact: true });
    await merge.getByLabel("并入的反映编号").fill("R-不存在");
    await merge.getByRole("button").click();
    const summary = page.locator(".error-summary[role=alert]");
    await summary.waitFor();
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#merge-merged_into");
    expect(await page.locator("#merge-merged_into").inputValue()).toBe("R-不存在");
    expect(await page.locator("h1").textContent()).toContain("同一数据每周向三个部门重复报表");
    expect(await shotsAndAxe(page, "oversight-refused", false, [".error-summary", "fieldset:has(#merge-merged_into)"])).toEqual([]);
    await context.close();
  });
});
