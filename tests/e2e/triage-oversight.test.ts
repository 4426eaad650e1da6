import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { Secret, TOTP } from "otpauth";
import { axeViolations, launchBrowser, openPage } from "../support/browser.ts";
import { E2E_STATE, runDeliveryBatch } from "../support/server.ts";
import { DEMO_ADMIN, seedDemoUsers } from "../../scripts/seed-demo-users.ts";
import { hashPassword } from "../../worker/auth/password.ts";
import { d1Query } from "../../scripts/lib/run.ts";
import { sql } from "../../worker/db/sql-literal.ts";
import { englishWords } from "../support/visible-text.ts";

/**
 * Oversight triage in Chromium, with JavaScript OFF for the whole flow (the pages have no script:
 * forms post and redirect): a body admin signs in with TOTP, takes a demo report to a conclusion
 * with a public reply; a user of another body cannot open it by URL. axe needs JavaScript, so the
 * accessibility checks reload the same pages in a context with it on (same cookies).
 */
// "localhost", not 127.0.0.1: Chromium accepts the Secure session cookie on http://localhost only.
const origin = inject("origin").replace("127.0.0.1", "localhost");
const target = { remote: false, persistTo: E2E_STATE };
const OTHER = { email: "other@e2e.qingdan.invalid", password: "another-demo-password", totpSecret: "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU" };
let browser: Browser;

const code = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate();

/** Given a user, when they sign in with password and the current TOTP code, then the inbox opens. */
async function signIn(page: Page, who: { email: string; password: string; totpSecret: string }) {
  await page.goto(`${origin}/oversight/login`);
  await page.getByLabel("电子邮箱").fill(who.email);
  await page.getByLabel("密码").fill(who.password);
  await page.getByLabel("验证器六位动态码").fill(code(who.totpSecret));
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(`${origin}/oversight`);
}

/** Actor helpers (STYLE.md §13): what a body's triager does on a report page. */
const triager = {
  async concludes(page: Page, findingGroup: string, finding: string) {
    await page.getByRole("group", { name: "受理", exact: true }).getByRole("button").click();
    await page.getByRole("group", { name: "开始核查", exact: true }).getByRole("button").click();
    const group = page.getByRole("group", { name: findingGroup, exact: true });
    await group.getByLabel("核查结论（反映人可见）").fill(finding);
    await group.getByRole("button").click();
  },
  /** Writes the published summary and, as a body admin, approves it. */
  async publishesSummary(page: Page, text: string) {
    await page.getByLabel(/^摘要/).fill(text);
    await page.getByRole("button", { name: "保存摘要草稿" }).click();
    await page.getByRole("button", { name: "批准公开这段摘要" }).click();
    await page.locator('.summary-state[data-state="approved"]').waitFor();
  },
  async repliesPublicly(page: Page, text: string) {
    await page.getByLabel("回复内容").fill(text);
    await page.getByRole("button", { name: "发送" }).click();
    await page.getByText(text).first().waitFor();
  },
};

beforeAll(async () => {
  browser = await launchBrowser();
  // Earlier runs: the other body is not a demo body and holds none of the demo reports.
  d1Query("UPDATE oversight_bodies SET demo = 0 WHERE id = 'e2e-other-body'; DELETE FROM report_assignments WHERE body_id = 'e2e-other-body'", target);
  await seedDemoUsers(target);
  // A user of another joined body, for the isolation check.
  const hash = await hashPassword(OTHER.password);
  d1Query(
    `INSERT OR IGNORE INTO oversight_bodies (id, name, kind, level, area_code, joined, demo) VALUES ('e2e-other-body', '【测试】另一机构', 'discipline_commission', 'county', '431028', 1, 0);
     INSERT INTO users (id, body_id, email, display_name, role, password_hash, totp_secret, created_at) VALUES ('e2e-other', 'e2e-other-body', ${sql(OTHER.email)}, '另一机构用户', 'triager', ${sql(hash)}, ${sql(OTHER.totpSecret)}, 0)
     ON CONFLICT (email) DO UPDATE SET totp_last_step = 0, failed_logins = 0, locked_until = 0;
     UPDATE reports SET status = 'routed', outcome = NULL, acknowledged_on = NULL, concluded_on = NULL, publish_consent = 1 WHERE id = 'demo-report-1';
     UPDATE report_assignments SET status = 'routed', outcome = NULL, acknowledged_on = NULL, concluded_on = NULL, closed_on = NULL WHERE report_id = 'demo-report-1' AND active = 1;
     DELETE FROM case_reads WHERE report_id = 'demo-report-1';
     INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text, visible_from)
       SELECT 'demo-report-1', COALESCE(MAX(seq), 0) + 1, '2026-11-30', 'to_body', NULL, 'message', '目前仍有一个App每天要求打卡，请继续关注', 0 FROM messages WHERE report_id = 'demo-report-1'`,
    target,
  );
});
afterAll(async () => {
  await browser?.close();
});

describe("oversight triage without JavaScript", () => {
  let reportUrl = "";

  it("has no axe violations on the sign-in page", async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${origin}/oversight/login`);
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("signs the demo admin in with TOTP and takes a report to a conclusion with a public reply", async () => {
    const { page, context, errors } = await openPage(browser, { javaScriptEnabled: false });
    await signIn(page, DEMO_ADMIN);
    // The reporter's new message is flagged in the inbox row and counted in the menu (UX 34).
    const row = page.getByRole("row", { name: /同一数据每周向三个部门重复报表/ });
    await expect(row.textContent()).resolves.toContain("新留言");
    await expect(page.getByRole("navigation", { name: "监督机构导航" }).textContent()).resolves.toMatch(/收件箱（\d+）/);
    // Labels only: no raw code, enum value or English word on the zh-CN pages of the flow (issue 14).
    expect(englishWords(await page.content()), "inbox").toEqual([]);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `test-results/oversight-inbox-unread-${width}.png`, fullPage: true });
      expect(await axeViolations(page, { javaScript: false }), `inbox at ${width}px`).toEqual([]);
    }
    await page.getByRole("link", { name: /同一数据每周向三个部门重复报表/ }).click();
    await page.waitForURL(/\/oversight\/reports\//);
    reportUrl = page.url();
    expect(englishWords(await page.content()), "case page").toEqual([]);
    // axe on the inbox and report pages, with JavaScript, in a context holding the same session.
    const withJs = await browser.newContext({ storageState: await context.storageState() });
    const axePage = await withJs.newPage();
    for (const url of [`${origin}/oversight`, reportUrl]) {
      await axePage.goto(url);
      expect(await axeViolations(axePage), url).toEqual([]);
    }
    await withJs.close();
    // Opened: no longer new for this body.
    await page.goto(`${origin}/oversight`);
    await expect(page.getByRole("row", { name: /同一数据每周向三个部门重复报表/ }).textContent()).resolves.not.toContain("新留言");
    await page.goto(reportUrl);

    await triager.concludes(page, "结论：查实", "经核查，三个部门重复要求同一数据，已责成合并。");
    await expect(page.locator("dd").first().textContent()).resolves.toContain("查实");
    await triager.repliesPublicly(page, "感谢反映，已要求县里合并报表。");
    expect(await page.content()).toContain("公开答复");
    expect(englishWords(await page.content()), "case page, concluded and answered").toEqual([]);
    expect(errors).toEqual([]);
    // Concluded with the reporter's consent: the summary form is on the page, and axe-clean too.
    await page.getByLabel(/^摘要/).waitFor();
    const concluded = await browser.newContext({ storageState: await context.storageState() });
    const concludedPage = await concluded.newPage();
    await concludedPage.goto(reportUrl);
    expect(await axeViolations(concludedPage)).toEqual([]);
    await concluded.close();
    await context.close();
  });

  it("shows another body's user nothing of the report, even by URL", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    await signIn(page, OTHER);
    expect(reportUrl).toMatch(/\/oversight\/reports\/demo-report-1$/);
    const res = await page.goto(reportUrl);
    expect(res!.status()).toBe(404);
    expect(await page.content()).not.toContain("同一数据每周向三个部门重复报表");
    await page.goto(`${origin}/oversight`);
    expect(await page.content()).not.toContain("同一数据每周向三个部门重复报表");
    await context.close();
  });

  it("has no axe violations on the public figures", async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${origin}/stats`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("反映办理情况公开数据");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe("from intake to triage to /track", () => {
  it("shows the reporter the body's public reply after the body concludes (Given a filed report, When the body replies, Then /track shows it)", async () => {
    // Given: a reporter files a report without JavaScript and keeps the code.
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin}/report?township=431027100`);
    const title = `端到端办理 ${Date.now()}`;
    await page.getByLabel("加负担的单位或部门").fill("桂东县某局");
    await page.getByLabel("该单位的级别").selectOption("county");
    await page.getByLabel("负担类别").selectOption("meetings");
    await page.getByLabel("标题").fill(title);
    await page.getByLabel("具体情况").fill("每周五次视频会议要求全员在线签到，占用大量工作时间。");
    await page.getByLabel(/同意公开这份反映的匿名摘要/).check();
    await page.getByRole("button", { name: "匿名提交" }).click();
    await page.locator(".receipt-code").waitFor({ timeout: 90_000 });
    const code = ((await page.locator(".receipt-code").textContent()) ?? "").replace(/\s/g, "");
    await context.close();

    // The body that holds it (routing decides which) gets a triager; run its delivery batch, then
    // wait for the inbox delivery (the queue consumer).
    await runDeliveryBatch(origin);
    let held: { id: string; body_id: string; status: string } | undefined;
    for (let i = 0; i < 60 && held?.status !== "routed"; i++) {
      held = d1Query<{ id: string; body_id: string; status: string }>(
        `SELECT r.id, a.body_id, r.status FROM reports r JOIN report_assignments a ON a.report_id = r.id AND a.active = 1 WHERE r.title = ${sql(title)}`,
        target,
      )[0];
      if (held?.status !== "routed") await new Promise((r) => setTimeout(r, 1000));
    }
    expect(held?.status).toBe("routed");
    // An admin, so the same person can approve the published summary.
    const holder = { email: `holder-${Date.now()}@e2e.qingdan.invalid`, password: "a holder password", totpSecret: "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U" };
    d1Query(
      `INSERT INTO users (id, body_id, email, display_name, role, password_hash, totp_secret, created_at) VALUES (${sql(`e2e-${Date.now()}`)}, ${sql(held!.body_id)}, ${sql(holder.email)}, '办理人员', 'admin', ${sql(await hashPassword(holder.password))}, ${sql(holder.totpSecret)}, 0)`,
      target,
    );

    // When: the triager concludes and replies publicly, without JavaScript.
    const body = await openPage(browser, { javaScriptEnabled: false });
    await signIn(body.page, holder);
    await body.page.goto(`${origin}/oversight/reports/${held!.id}`);
    await triager.concludes(body.page, "结论：部分属实", "部分属实：视频会议已减为每周一次。");
    await triager.repliesPublicly(body.page, "感谢反映，会议已精简。");
    const summary = `县直部门要求乡镇每周多次视频会议签到的情况部分属实，已减为每周一次。${Date.now()}`;
    await triager.publishesSummary(body.page, summary);
    await body.context.close();

    // Then: the reporter sees the public reply on /track, and the summary is on /stats (axe-clean).
    const again = await openPage(browser, { javaScriptEnabled: false });
    await again.page.goto(`${origin}/track`);
    await again.page.getByLabel("回执码").fill(code);
    await again.page.getByRole("button", { name: "查询" }).click();
    await again.page.getByText("感谢反映，会议已精简。").waitFor();

    const stats = await openPage(browser);
    await stats.page.goto(`${origin}/stats`);
    await stats.page.getByText(summary).waitFor();
    expect(await axeViolations(stats.page)).toEqual([]);

    // When the reporter withdraws consent, the summary leaves /stats at once.
    await again.page.getByRole("button", { name: /撤回同意/ }).click();
    await again.page.getByText("已更新你的选择。").waitFor();
    await again.context.close();
    await stats.page.goto(`${origin}/stats`);
    expect(await stats.page.content()).not.toContain(summary);
    await stats.context.close();
  });
});
