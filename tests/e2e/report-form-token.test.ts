/**
 * The no-JS form's single-use token in Chromium (issue 15 item 4): a form sent again after its
 * report was filed gets the "shown once" page, and a stale form comes back with its values.
 * Both pages pass axe and are photographed at 390 and 1280 px (.tmp/screens/).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { axeViolations, launchBrowser, openPage } from "../support/browser.ts";

const origin = inject("origin");
const TOWNSHIP = "431027100";
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function fill(page: Page, title: string) {
  await page.getByLabel("加负担的单位或部门").fill("桂东县农业农村局");
  await page.getByLabel("该单位的级别").selectOption("county");
  await page.getByLabel("负担类别").selectOption("forms");
  await page.getByLabel("标题").fill(title);
  await page.getByLabel("具体情况").fill("同一组种植面积数据每月要向三个部门分别填报，格式各不相同，每次要花两天时间。");
}

const token = (page: Page) => page.locator('input[name="formToken"]').inputValue();
const setToken = (page: Page, value: string) => page.locator('input[name="formToken"]').evaluate((el, v) => ((el as HTMLInputElement).value = v), value);

async function photograph(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await axeViolations(page, { javaScript: false })).toEqual([]);
    await page.screenshot({ path: `.tmp/screens/${name}-${width}.png`, fullPage: true });
  }
}

describe("the no-JS form's single-use token in a browser", () => {
  it("a form sent again after filing files nothing and says the code was shown once", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin}/report?township=${TOWNSHIP}`);
    const first = await token(page);
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await fill(page, "令牌测试：第一次提交的反映");
    await page.getByRole("button", { name: "匿名提交" }).click();
    await page.locator(".receipt-code").waitFor();
    // The same form again (as a resubmit would send it): its token is spent.
    await page.goto(`${origin}/report?township=${TOWNSHIP}`);
    await fill(page, "令牌测试：第二次提交的反映");
    await setToken(page, first);
    await page.getByRole("button", { name: "匿名提交" }).click();
    await page.getByRole("heading", { name: "这份表单已经提交过" }).waitFor();
    expect(await page.locator(".receipt-code").count()).toBe(0);
    await photograph(page, "report-form-spent");
    await context.close();
  });

  it("a stale form comes back with its values and a fresh token", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin}/report?township=${TOWNSHIP}`);
    await fill(page, "令牌测试：过期表单里的标题");
    await setToken(page, "A".repeat(22));
    await page.getByRole("button", { name: "匿名提交" }).click();
    await page.getByText("这次提交没有保存").waitFor();
    expect(await page.getByLabel("标题").inputValue()).toBe("令牌测试：过期表单里的标题");
    expect(await token(page)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await photograph(page, "report-form-expired");
    await context.close();
  });
});
