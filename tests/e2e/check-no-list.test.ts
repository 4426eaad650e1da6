/**
 * /check for a township without a list (issue 13 item 3, UX 11, 13): it says so, shows the
 * measures of the task's category, the official channels and a report link, and the report
 * form opened from that link keeps the township, category, title and «不在清单上»; with and
 * without JavaScript. Screenshots at 390 and 1280 px go to test-results/ for a person to look at.
 */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { axeViolations, openPage, useBrowser } from "../support/browser.ts";

const origin = inject("origin");
const QINGQUAN = "431027102"; // 桂东县清泉镇: no list here; 桂东县 has a village-list measure.
const TASK = "垃圾分类";
const { browser, withPage } = useBrowser();

async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll("astro-island")].every((el) => !el.hasAttribute("ssr")));
}

/**
 * A screenshot at each width, and axe at each width. axe needs script in the page, so a page
 * seen without JavaScript is checked again at its URL in a context with JavaScript (the worker
 * renders the same HTML either way).
 */
async function lookAt(page: Page, name: string, js: boolean): Promise<void> {
  const axePage = js ? undefined : await openPage(browser(), { javaScriptEnabled: true });
  try {
    if (axePage) await axePage.page.goto(page.url());
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `test-results/${name}-${width}.png`, fullPage: true });
      const target = axePage?.page ?? page;
      await target.setViewportSize({ width, height: 900 });
      expect(await axeViolations(target), `${name} at ${width} px`).toEqual([]);
    }
  } finally {
    await axePage?.context.close();
  }
}

/** What the answer for 清泉镇 must show, wherever it was rendered. */
async function expectKnown(page: Page): Promise<void> {
  const known = page.locator('[data-result="known"]');
  await known.waitFor();
  expect(await page.locator('[data-result="no-list"]').textContent()).toContain("尚未收录这个乡镇（街道）的履职事项清单");
  expect(await known.locator('a[href="/measures/2024-guidong-30-village-items/"]').count()).toBe(1);
  expect(await known.locator(".reported-figures").first().textContent()).toContain("340 项");
  const channels = await known.locator(".channel-list").textContent();
  expect(channels).toContain("12388");
  expect(channels).toContain("中央纪委国家监委");
  const href = await known.locator("[data-report-link]").getAttribute("href");
  expect(href).toBe(`/report?township=${QINGQUAN}&category=off_list_tasks&task=${encodeURIComponent(TASK)}&list=off_list`);
}

/** The report form opened from the hand-off: township, category, title and «不在清单上» are filled. */
async function expectHandOff(page: Page, js: boolean): Promise<void> {
  await page.locator("[data-report-link]").click();
  await page.waitForURL(/\/report\?/);
  if (js) await hydrated(page);
  expect(await page.locator("#field-townshipCode").inputValue()).toBe(QINGQUAN);
  expect(await page.locator("#field-category").inputValue()).toBe("off_list_tasks");
  expect(await page.locator("#field-title").inputValue()).toBe(TASK);
  expect(await page.locator('input[name="listStatus"][value="off_list"]').isChecked()).toBe(true);
}

describe("/check for a township without a list", () => {
  it("without JavaScript: the worker's answer shows measures, channels and a prefilled report link, and the hand-off keeps category and title", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/check/`);
      await page.getByLabel("乡镇（街道）名称或代码").fill("清泉镇");
      await page.getByLabel("上级交办的任务").fill(TASK);
      await page.getByRole("button", { name: "核对" }).click();
      await page.waitForURL(/\/check\/find\?/);
      // Hunan has more than one 清泉镇: the worker lists them with their chains.
      await page.locator(".candidate-list li", { hasText: "桂东县" }).getByRole("link").click();
      await expectKnown(page);
      await lookAt(page, "check-no-list-nojs", false);
      await expectHandOff(page, false);
    }, false));

  it("with JavaScript: the island shows the same as the user types, and the hand-off keeps category and title", () =>
    withPage(async (page, errors) => {
      await page.goto(`${origin}/check/`);
      await hydrated(page);
      await page.getByLabel("乡镇（街道）名称或代码").fill(QINGQUAN);
      await page.getByLabel("乡镇（街道）名称或代码").press("Tab");
      await page.getByLabel("上级交办的任务").fill(TASK);
      await expectKnown(page);
      expect(page.url()).toBe(`${origin}/check/`);
      await lookAt(page, "check-no-list-js", true);
      await expectHandOff(page, true);
      expect(errors).toEqual([]);
    }, true));

  it("with JavaScript: an empty task is an error on the field, not a silent nothing (UX 14)", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/check/`);
      await hydrated(page);
      await page.getByLabel("乡镇（街道）名称或代码").fill(QINGQUAN);
      await page.getByLabel("乡镇（街道）名称或代码").press("Tab");
      await page.getByRole("button", { name: "核对" }).click();
      expect(await page.locator("#check-task-error").textContent()).toContain("请输入要核对的任务");
      expect(await page.locator("#check-task").getAttribute("aria-invalid")).toBe("true");
      expect(page.url()).toBe(`${origin}/check/`);
    }, true));
});
