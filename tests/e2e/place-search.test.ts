/**
 * The place search in a browser (issue 13): /search/ rendered by the worker without JavaScript
 * (village → township, township by short form, a shared name listing every place), the
 * type-ahead with JavaScript, and the page at 390 px and 1280 px (axe at both).
 */
import { mkdirSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { axeViolations, openPage, useBrowser } from "../support/browser.ts";

const origin = inject("origin");
const OUJIANG = "431027100";
const { browser, withPage } = useBrowser();

const search = (page: Page, q: string) => page.goto(`${origin}/search/?q=${encodeURIComponent(q)}`);

describe("/search/ without JavaScript", () => {
  it("a village names its township and chain", () =>
    withPage(async (page) => {
      await search(page, "南华村");
      const item = page.locator(".result-list li", { has: page.locator(`a[href="/r/${OUJIANG}/"]`) });
      expect(await item.textContent()).toBe("南华村 → 沤江镇 湖南省 郴州市 桂东县");
    }, false));

  it("a township's short form puts the township first", () =>
    withPage(async (page) => {
      await search(page, "沤江");
      expect(await page.locator(".result-list li a").first().getAttribute("href")).toBe(`/r/${OUJIANG}/`);
    }, false));

  it("a shared name lists every place of that name, each with its chain, and the count matches", () =>
    withPage(async (page) => {
      // 城关镇 is the commonest township name: every result is one, each in a different county.
      await search(page, "城关镇");
      const heading = await page.locator("#results-heading").textContent();
      const total = Number(/(\d+)/.exec(heading ?? "")?.[1]);
      expect(total).toBeGreaterThan(1);
      const items = page.locator(".result-list li");
      expect(await items.count()).toBe(Math.min(total, 20));
      for (const text of await items.allTextContents()) expect(text).toMatch(/^城关镇 \S+/);
      const chains = await page.locator(".result-list li .muted").allTextContents();
      expect(new Set(chains).size).toBe(chains.length);
    }, false));
});

describe("/search/ with JavaScript", () => {
  it("suggests places while typing, each naming its township", () =>
    withPage(async (page, errors) => {
      await page.goto(`${origin}/`);
      await page.getByLabel("搜索乡镇、街道或村（社区）").pressSequentially("沤江");
      const suggestion = page.locator(".suggestions a").first();
      await suggestion.waitFor();
      expect(await suggestion.textContent()).toBe("沤江镇（湖南省 郴州市 桂东县）");
      expect(await suggestion.getAttribute("href")).toBe(`/r/${OUJIANG}/`);
      expect(errors).toEqual([]);
    }));

  it("renders the same results as without it", () =>
    withPage(async (page, errors) => {
      await search(page, "南华村");
      expect(await page.locator(`.result-list a[href="/r/${OUJIANG}/"]`).count()).toBe(1);
      expect(errors).toEqual([]);
    }));
});

describe("/search/ layout", () => {
  for (const width of [390, 1280]) {
    it(`is readable at ${width} px and has no axe violations`, () =>
      withPage(async (page) => {
        await page.setViewportSize({ width, height: 900 });
        await search(page, "南华村");
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        mkdirSync("test-results", { recursive: true });
        await page.screenshot({ path: `test-results/search-${width}.png`, fullPage: false });
        expect(await axeViolations(page)).toEqual([]);
      }));
  }
});
