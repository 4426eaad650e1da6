import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import jpeg from "jpeg-js";
// @ts-expect-error piexifjs ships no types
import piexif from "piexifjs";
import { axeViolations, launchBrowser, openPage } from "../support/browser.ts";
import { E2E_STATE, runDeliveryBatch } from "../support/server.ts";
import { bodyMessageSql } from "../../worker/db/message-sql.ts";
import { beijingToday } from "../../worker/domain/working-days.ts";
import { d1Query } from "../../scripts/lib/run.ts";

const origin = inject("origin");
/** 沤江镇, 桂东县, 湖南 (in the e2e build's province 43). */
const TOWNSHIP = "431027100";
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function photoWithGps(): Buffer {
  const plain = jpeg.encode({ data: Buffer.alloc(32 * 32 * 4, 0x90), width: 32, height: 32 }, 85).data;
  const exif = piexif.dump({
    "0th": { [piexif.ImageIFD.Make]: "TestCam" },
    GPS: {
      [piexif.GPSIFD.GPSLatitudeRef]: "N",
      [piexif.GPSIFD.GPSLatitude]: [
        [25, 1],
        [58, 1],
        [0, 1],
      ],
    },
  });
  return Buffer.from(piexif.insert(exif, Buffer.from(plain).toString("binary")), "binary");
}

/** Actor helpers (STYLE.md §13): what a reporter does on the pages. */
const reporter = {
  async fillsTheReport(page: Page, title: string) {
    await page.getByLabel("加负担的单位或部门").fill("桂东县农业农村局");
    await page.getByLabel("该单位的级别").selectOption("county");
    await page.getByLabel("负担类别").selectOption("forms");
    await page.getByLabel("标题").fill(title);
    await page.getByLabel("具体情况").fill("同一组种植面积数据每月要向三个部门分别填报，格式各不相同，每次要花两天时间。");
  },
  async readsTheCode(page: Page): Promise<string> {
    await page.locator(".receipt-code").waitFor({ timeout: 90_000 });
    return ((await page.locator(".receipt-code").textContent()) ?? "").replace(/\s/g, "");
  },
  async confirmsAndFollows(page: Page, code: string) {
    await page.getByLabel("请输入回执码的最后一组").fill(code.slice(-4));
    await page.getByRole("button", { name: "我已保存，继续" }).click();
    await page.getByRole("heading", { name: "接下来会怎样" }).waitFor();
    await page.getByRole("button", { name: "查看办理进度" }).click();
    await page.getByRole("heading", { name: "查询办理进度" }).waitFor();
  },
  async tracks(page: Page, code: string) {
    await page.goto(`${origin}/track`);
    await page.getByLabel("回执码").fill(code);
    await page.getByRole("button", { name: "查询" }).click();
  },
};

describe("reporting with JavaScript off", () => {
  it("files a report with a photo, keeps the code, follows it and reads the body's reply", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin}/report?township=${TOWNSHIP}`);
    expect(await page.getByLabel("乡镇（街道）代码").inputValue()).toBe(TOWNSHIP);
    await expect(page.getByText("沤江镇").first().textContent()).resolves.toContain("沤江镇");
    const title = `无JS端到端 ${Date.now()}`;
    await reporter.fillsTheReport(page, title);
    await page.locator("#field-evidence").setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: photoWithGps() });
    await page.getByRole("button", { name: "匿名提交" }).click();
    const code = await reporter.readsTheCode(page);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(page.url()).toBe(`${origin}/report`);

    await reporter.confirmsAndFollows(page, code);
    expect(await page.locator(".track-status").textContent()).toMatch(/已收到|已送达受理机构/);

    const id = d1Query<{ id: string }>(`SELECT id FROM reports WHERE title = '${title}'`, { remote: false, persistTo: E2E_STATE })[0]!.id;
    // The holding body's public reply: the statement of the oversight reply route (worker/db/oversight.ts
    // addMessage) as SQL text; triage's own pages post replies in triage-oversight.
    const target = { remote: false, persistTo: E2E_STATE };
    const bodyId =
      d1Query<{ body_id: string }>(`SELECT body_id FROM report_assignments WHERE report_id = '${id}' ORDER BY assigned_on LIMIT 1`, target)[0]?.body_id ?? null;
    d1Query(bodyMessageSql({ reportId: id, onDay: beijingToday(), bodyId, kind: "public_reply", text: "已要求县农业农村局合并三张报表。" }), target);
    await reporter.tracks(page, code);
    await page.getByText("已要求县农业农村局合并三张报表。").waitFor();
    await context.close();
  });

  it("rates the handling of a closed report and contests its conclusion, which sends it back to screening", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin}/report?township=${TOWNSHIP}`);
    const title = `无JS重新办理 ${Date.now()}`;
    await reporter.fillsTheReport(page, title);
    await page.getByRole("button", { name: "匿名提交" }).click();
    const code = await reporter.readsTheCode(page);
    const target = { remote: false, persistTo: E2E_STATE };
    const id = d1Query<{ id: string }>(`SELECT id FROM reports WHERE title = '${title}'`, target)[0]!.id;
    // The body's conclusion and closure, as triage would leave them (triage itself is covered in triage-oversight).
    d1Query(`UPDATE reports SET status = 'closed', outcome = 'unsubstantiated', closed_on = '2025-10-20' WHERE id = '${id}'`, target);
    // …and delivered: a body acts only on a report its batch has brought (security M1).
    // Each holding body's own case is closed too (security M4: a reopen reopens each closed case).
    d1Query(
      `UPDATE report_assignments SET delivered_on = '2025-09-01', status = 'closed', outcome = 'unsubstantiated', closed_on = '2025-10-20' WHERE report_id = '${id}' AND active = 1`,
      target,
    );

    await reporter.tracks(page, code);
    // One rating form per concluded body case (security M4): rate the first body's handling.
    const rating = page.locator(".rate-form").first();
    await rating.getByLabel("4 分：满意").check();
    await rating.getByRole("button", { name: "提交评价" }).click();
    await page.getByText("评价已记录。").waitFor();
    await page.getByLabel("请简要说明理由").fill("表格仍在每周填报，结论与事实不符。");
    await page.getByRole("button", { name: "申请重新办理" }).click();
    await page.getByText("已申请重新办理。申请和理由将随下一批送达").waitFor();
    // The request reaches the body only in its delivery batch (security M1): closed until then.
    expect(await page.locator(".track-status").getAttribute("data-status")).toBe("closed");
    await runDeliveryBatch(origin);
    await reporter.tracks(page, code);
    expect(await page.locator(".track-status").getAttribute("data-status")).toBe("screening");
    expect(d1Query<{ rating: number }>(`SELECT rating FROM report_ratings WHERE report_id = '${id}'`, target)).toEqual([{ rating: 4 }]);
    await context.close();
  });

  it("re-renders the form with an error summary when fields are missing", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin}/report?township=${TOWNSHIP}`);
    await page.getByLabel("标题").fill("短");
    await page.getByRole("button", { name: "匿名提交" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "需要修改" });
    await summary.waitFor();
    await summary.getByRole("link", { name: "标题至少 4 个字。" }).click();
    expect(page.url()).toBe(`${origin}/report#field-title`);
    expect(await page.getByLabel("标题").inputValue()).toBe("短");
    await context.close();
  });
});

// axe runs in the page, so these pages are checked with JavaScript on.
describe("accessibility", () => {
  it("finds no axe violations on /report, /en/report, /track and the form with errors", async () => {
    const { page, context } = await openPage(browser);
    for (const path of ["/report", "/en/report", "/track"]) {
      await page.goto(`${origin}${path}`);
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.goto(`${origin}/report?township=${TOWNSHIP}`);
    await page.evaluate(() => document.querySelector("[data-altcha]")?.setAttribute("value", "x"));
    await page.getByLabel("标题").fill("短");
    await page.getByRole("button", { name: "匿名提交" }).click();
    await page.getByRole("alert").filter({ hasText: "需要修改" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe("reporting with the island", () => {
  it("picks the township by name, solves the proof of work and shows the receipt", async () => {
    const { page, context, errors } = await openPage(browser);
    await page.goto(`${origin}/report`);
    await page.locator("#township-picker").fill("沤江");
    await page
      .getByRole("option")
      .getByRole("button", { name: /沤江镇/ })
      .click();
    expect(await page.getByLabel("乡镇（街道）代码").inputValue()).toBe(TOWNSHIP);
    await reporter.fillsTheReport(page, `岛屿端到端 ${Date.now()}`);
    await page.getByLabel("标题").focus();
    await page.getByLabel("标题").fill("短");
    await page.getByLabel("具体情况").focus();
    await page.locator("#error-title").getByText("标题至少 4 个字。").waitFor();
    await page.getByLabel("标题").fill(`岛屿端到端 ${Date.now()}`);
    await page.getByRole("button", { name: "匿名提交" }).click();
    const code = await reporter.readsTheCode(page);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(await axeViolations(page)).toEqual([]);
    await reporter.confirmsAndFollows(page, code);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  // The challenge is prefetched when the page opens, so here it has failed before the click: the
  // fallback's requestSubmit() must not run inside the first submit's dispatch (it was ignored there).
  it("UX 20: when the proof-of-work challenge cannot be fetched, says so and files the report the no-JS way", async () => {
    const { page, context } = await openPage(browser);
    let challengeAsked = 0;
    await page.route("**/api/reports/challenge", (route) => {
      challengeAsked++;
      return route.fulfill({ status: 503, body: "" });
    });
    await page.goto(`${origin}/report?township=${TOWNSHIP}`);
    await page.locator("#township-picker").waitFor();
    await reporter.fillsTheReport(page, `挑战失败端到端 ${Date.now()}`);
    // What the form says before it is posted, kept across the navigation in sessionStorage.
    await page.evaluate(() => {
      const status = document.querySelector("[data-pow-status]")!;
      new MutationObserver(() => sessionStorage.setItem("powStatus", status.textContent ?? "")).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.getByRole("button", { name: "匿名提交" }).click();
    const code = await reporter.readsTheCode(page);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(challengeAsked).toBeGreaterThan(0);
    expect(await page.evaluate(() => sessionStorage.getItem("powStatus"))).toContain("暂时无法取得防滥用验证");
    await context.close();
  });

  it("hints that a task matches an item of the township's duty list and links the report to it", async () => {
    const { page, context, errors } = await openPage(browser);
    await page.goto(`${origin}/report`);
    await page.locator("#township-picker").fill("沤江");
    await page
      .getByRole("option")
      .getByRole("button", { name: /沤江镇/ })
      .click();
    await page.getByLabel("标题").fill("加强乡镇党委自身建设");
    const hint = page.locator(".duty-hint");
    await hint.getByText("基本履职事项第 1 项").waitFor();
    await hint.getByRole("button", { name: "关联此事项" }).click();
    expect(await page.getByLabel(/^对应的清单事项/).inputValue()).toBe("basic:1");
    expect(await page.locator('input[name="listStatus"][value="on_list"]').isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
