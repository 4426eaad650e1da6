import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { axeViolations, launchBrowser, openPage } from "../support/browser.ts";

const origin = inject("origin");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("home page", () => {
  it("renders in Chinese with the 31 provinces and no console errors", async () => {
    const { page, errors, context } = await openPage(browser);
    await page.goto(`${origin}/`);
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("清单");
    const provinces = page.locator("ul.region-grid li");
    expect(await provinces.count()).toBe(31);
    expect(await provinces.allTextContents()).toContain("湖南省");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("has no axe violations", async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${origin}/`);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
