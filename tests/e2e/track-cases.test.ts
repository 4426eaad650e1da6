/**
 * /track in a browser (issue 14 item 3): one row per body case under an overall line, at 390 px
 * and 1280 px, JS on and off, with axe. Cases: two bodies in different stages, every case closed,
 * and a report no body holds. Screenshots go to .tmp/shots/track-*.png (look at them).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { axeViolations, launchBrowser, openPage } from "../support/browser.ts";
import { E2E_STATE } from "../support/server.ts";
import { d1Query } from "../../scripts/lib/run.ts";
import { englishWords } from "../support/visible-text.ts";

const origin = inject("origin");
/** 沤江镇 (郴州市 bodies hold a county imposer's report) and 芙蓉区 (no body has joined). */
const OUJIANG = "431027100";
const NO_BODY = "430102001";
const target = { remote: false, persistTo: E2E_STATE };
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Files a report with JavaScript (the island solves the proof of work) and returns its code and id.
 * Not the no-JS form: each of those costs NO_JS_COST intake tokens from the one local address, and
 * three in a row left the next test file's no-JS filing rate-limited.
 */
async function file(township: string): Promise<{ code: string; id: string }> {
  const { page, context } = await openPage(browser);
  await page.goto(`${origin}/report?township=${township}`);
  const title = `每月重复填报三张表 ${Date.now()}`;
  await page.getByLabel("加负担的单位或部门").fill("县农业农村局");
  await page.getByLabel("该单位的级别").selectOption("county");
  await page.getByLabel("负担类别").selectOption("forms");
  await page.getByLabel("标题").fill(title);
  await page.getByLabel("具体情况").fill("同一组种植面积数据每月要向三个部门分别填报，格式各不相同，每次要花两天时间。");
  await page.getByRole("button", { name: "匿名提交" }).click();
  await page.locator(".receipt-code").waitFor({ timeout: 90_000 });
  const code = ((await page.locator(".receipt-code").textContent()) ?? "").replace(/\s/g, "");
  await context.close();
  return { code, id: d1Query<{ id: string }>(`SELECT id FROM reports WHERE title = '${title}'`, target)[0]!.id };
}

async function track(page: Page, code: string) {
  await page.goto(`${origin}/track`);
  await page.getByLabel("回执码").fill(code);
  await page.getByRole("button", { name: "查询" }).click();
  await page.locator(".track-status").waitFor();
}

/** Tracks with JS on and off, takes both widths of each, and checks them with axe. */
async function shootAll(code: string, name: string, check: (page: Page) => Promise<void>) {
  for (const js of [true, false]) {
    const { page, context } = await openPage(browser, { javaScriptEnabled: js });
    await track(page, code);
    await check(page);
    // The reporter's page speaks Chinese: no stage code, enum value or English word (issue 14 item 3).
    expect(englishWords(await page.content()), `${name} (JS ${js ? "on" : "off"})`).toEqual([]);
    // The title stays hidden until asked for.
    expect(await page.locator(".track-title p").last().isVisible()).toBe(false);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `.tmp/shots/track-${name}-${js ? "js" : "nojs"}-${width}.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await axeViolations(page, { javaScript: js })).toEqual([]);
    }
    await context.close();
  }
}

describe("/track per body case", () => {
  it("two bodies in different stages: overall 核查中, 已办结 only on the closed body's row", async () => {
    const { code, id } = await file(OUJIANG);
    const bodies = d1Query<{ body_id: string }>(`SELECT body_id FROM report_assignments WHERE report_id = '${id}' ORDER BY body_id`, target).map(
      (r) => r.body_id,
    );
    expect(bodies.length).toBeGreaterThanOrEqual(1);
    d1Query(
      `UPDATE report_assignments SET delivered_on = '2026-11-02', ack_due_on = '2026-11-09', conclude_due_on = '2099-12-31', acknowledged_on = '2026-11-03', status = 'investigating' WHERE report_id = '${id}'`,
      target,
    );
    d1Query(
      `UPDATE report_assignments SET status = 'closed', outcome = 'substantiated', concluded_on = '2026-11-20', closed_on = '2026-11-25' WHERE report_id = '${id}' AND body_id = '${bodies[0]}'`,
      target,
    );
    d1Query(
      `INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text) VALUES ('${id}', 90, '2026-11-21', 'to_reporter', '${bodies[0]}', 'public_reply', '已责令县农业农村局将三张报表合并为一张。')`,
      target,
    );
    await shootAll(code, "two", async (page) => {
      const expected = bodies.length > 1 ? "核查中" : "已办结";
      expect(await page.locator(".track-status").textContent()).toBe(expected);
      const closed = page.locator(`.case[data-body="${bodies[0]}"]`);
      await expect(closed.textContent()).resolves.toMatch(/已办结[\s\S]*核查结论：查实[\s\S]*已责令县农业农村局/);
    });
  });

  it("every case closed: overall 已办结", async () => {
    const { code, id } = await file(OUJIANG);
    d1Query(
      `UPDATE report_assignments SET delivered_on = '2026-11-02', acknowledged_on = '2026-11-03', status = 'closed', outcome = 'unsubstantiated', concluded_on = '2026-11-20', closed_on = '2026-11-25' WHERE report_id = '${id}'`,
      target,
    );
    d1Query(`UPDATE reports SET status = 'closed', outcome = 'unsubstantiated', closed_on = '2026-11-25' WHERE id = '${id}'`, target);
    await shootAll(code, "closed", async (page) => {
      expect(await page.locator(".track-status").textContent()).toBe("已办结");
      // One rating form per closed body case (ratings, issue 15 item 3).
      expect(await page.getByRole("button", { name: "提交评价" }).count()).toBeGreaterThanOrEqual(1);
    });
  });

  it("no body: only «未送达：…» and the hand-off", async () => {
    const { code } = await file(NO_BODY);
    await shootAll(code, "none", async (page) => {
      expect(await page.locator(".track-status").textContent()).toBe("未送达：本地区尚无受理机构加入本平台");
      expect(await page.locator(".case").count()).toBe(0);
    });
  });
});
