/**
 * List items and measures in search (issue 13), in a browser: the section «清单事项和减负措施» of
 * /search/ (loaded by load:content from data/), without and with JavaScript, its links to the
 * item's row on the township page and to the measure page, and the page at 390 px and 1280 px (axe).
 */
import { mkdirSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { axeViolations, openPage, useBrowser } from "../support/browser.ts";

const origin = inject("origin");
const { browser, withPage } = useBrowser();

const search = (page: Page, q: string) => page.goto(`${origin}/search/?q=${encodeURIComponent(q)}`);
const items = (page: Page) => page.locator(".item-results .result-list li");

for (const javaScriptEnabled of [false, true]) {
  describe(`/search/ list items and measures, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    it("«动物检疫» finds the 沤江镇 item, which opens its row on the township page", () =>
      withPage(async (page, errors) => {
        await search(page, "动物检疫");
        const item = items(page).filter({ hasText: "沤江镇（湖南省 郴州市 桂东县）" }).first();
        expect(await item.locator("a").textContent()).toBe("动物检疫及检疫证明出具");
        expect(await item.textContent()).toContain("上级部门收回事项");
        // The demo's list is illustrative, and the result says so.
        expect(await item.textContent()).toContain("示例");
        await item.locator("a").click();
        await page.waitForURL(/\/r\/431027100\/#item-returned-\d+$/);
        const anchor = new URL(page.url()).hash;
        expect(await page.locator(`tr${anchor}`).textContent()).toContain("动物检疫及检疫证明出具");
        mkdirSync("test-results", { recursive: true });
        await page.screenshot({ path: `test-results/item-search-target-js-${javaScriptEnabled ? "on" : "off"}.png` });
        expect(errors).toEqual([]);
      }, javaScriptEnabled));

    it("a measure keyword («零接待») finds its measure, with issuer and date, and opens its page", () =>
      withPage(async (page, errors) => {
        await search(page, "零接待");
        const item = items(page).filter({ has: page.locator('a[href="/measures/2025-chenzhou-zero-reception/"]') });
        expect(await item.count()).toBe(1);
        expect(await item.textContent()).toContain("郴州市 · 报道日期 2025年9月27日");
        await item.locator("a").click();
        await page.waitForURL(/\/measures\/2025-chenzhou-zero-reception\/$/);
        expect(await page.locator("h1").textContent()).toContain("零接待");
        expect(errors).toEqual([]);
      }, javaScriptEnabled));
  });
}

describe("/search/ with list items and measures, layout", () => {
  for (const [lang, path] of [
    ["zh", "/search/"],
    ["en", "/en/search/"],
  ] as const) {
    for (const width of [390, 1280]) {
      it(`${path} is readable at ${width} px and has no axe violations`, () =>
        withPage(async (page) => {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${origin}${path}?q=${encodeURIComponent("动物检疫")}`);
          expect(await items(page).count()).toBeGreaterThan(0);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow).toBeLessThanOrEqual(0);
          mkdirSync("test-results", { recursive: true });
          await page.screenshot({ path: `test-results/item-search-${lang}-${width}.png`, fullPage: true });
          expect(await axeViolations(page)).toEqual([]);
        }));
    }
  }
});
