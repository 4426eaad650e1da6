/**
 * The portal in a browser: search by village name, the check tool on a township page and on
 * /check, the language switch, the same pages without JavaScript, and axe on every template.
 */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { loadDivisions } from "../../data/divisions.ts";
import { axeViolations, openPage, useBrowser } from "../support/browser.ts";

const origin = inject("origin");
const OUJIANG = "431027100";
const { browser, withPage } = useBrowser();

/** Waits until every island on the page has hydrated (Astro drops `ssr` when it has). */
async function hydrated(page: Page): Promise<void> {
  await page.locator("astro-island").first().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll("astro-island")].every((el) => !el.hasAttribute("ssr")));
}

describe("when JavaScript is unavailable", () => {
  it("a township page still shows its list, breadcrumb and links up", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/r/${OUJIANG}/`);
      expect(await page.locator("#table-basic tbody tr").count()).toBeGreaterThan(20);
      expect(await page.locator("#table-returned tbody tr").count()).toBeGreaterThan(10);
      await page.getByRole("navigation", { name: "所在地区" }).getByRole("link", { name: "桂东县" }).click();
      expect(page.url()).toBe(`${origin}/r/431027/`);
    }, false));

  it("the check form on /check is answered by the worker with the part of the task", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/check/`);
      await page.getByLabel("乡镇（街道）名称或代码").fill("沤江镇");
      await page.getByLabel("上级交办的任务").fill("卫星图斑举证");
      await page.getByRole("button", { name: "核对" }).click();
      await page.waitForURL(/\/check\/find\?/);
      expect(await page.locator('[data-part="returned"]').first().textContent()).toContain("耕地保护疑似卫星图斑举证");
    }, false));

  it("the home search box is answered by the worker: a village names its township and chain", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/`);
      await page.getByLabel("搜索乡镇、街道或村（社区）").fill("南华村");
      await page.getByRole("button", { name: "搜索", exact: true }).click();
      await page.waitForURL(/\/search\/\?q=/);
      const hit = page.locator(".result-list li", { has: page.locator(`a[href="/r/${OUJIANG}/"]`) });
      expect(await hit.textContent()).toBe("南华村 → 沤江镇 湖南省 郴州市 桂东县");
    }, false));
});

describe("when JavaScript is available", () => {
  it("search finds a township by the name of one of its villages and shows its region chain", () =>
    withPage(async (page, errors) => {
      const village = loadDivisions().villagesOf(OUJIANG).at(-1)!.name;
      await page.goto(`${origin}/search/?q=${encodeURIComponent(village)}`);
      const hit = page.locator(`.result-list a[href="/r/${OUJIANG}/"]`);
      await hit.waitFor({ timeout: 30_000 });
      expect(await page.locator(".result-list li", { has: page.locator(`a[href="/r/${OUJIANG}/"]`) }).textContent()).toContain("桂东县");
      expect(errors).toEqual([]);
    }));

  const CASES = [
    ["低保申请初审", "basic", "最低生活保障"],
    ["安全生产检查", "assisting", "县应急管理局"],
    ["动物检疫", "returned", "县畜牧水产事务中心"],
  ] as const;
  for (const [task, part, shows] of CASES) {
    it(`the check tool on the township page puts “${task}” in the ${part} part`, () =>
      withPage(async (page) => {
        await page.goto(`${origin}/r/${OUJIANG}/`);
        await hydrated(page);
        await page.getByLabel("上级交办的任务").fill(task);
        const first = page.locator(".check-matches li").first();
        await first.waitFor();
        expect(await first.getAttribute("data-part")).toBe(part);
        expect(await first.textContent()).toContain(shows);
      }));
  }

  it("an off-list task gets a link to the report form pre-filled with the township, category, title and «不在清单上» (UX 13)", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/r/${OUJIANG}/`);
      await hydrated(page);
      await page.getByLabel("上级交办的任务").fill("出具无犯罪记录证明");
      const link = page.locator('[data-result="none"] a');
      await link.waitFor();
      expect(await link.getAttribute("href")).toContain(`/report?township=${OUJIANG}&category=off_list_tasks`);
      await link.click();
      await page.waitForURL(/\/report/);
      await hydrated(page);
      expect(await page.locator("#field-townshipCode").inputValue()).toBe(OUJIANG);
      expect(await page.locator("#field-category").inputValue()).toBe("off_list_tasks");
      expect(await page.locator("#field-title").inputValue()).toBe("出具无犯罪记录证明");
      expect(await page.locator('input[name="listStatus"][value="off_list"]').isChecked()).toBe(true);
    }));

  it("a phrase that names a burden says so and still finds the item inside it (UX 12)", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/r/${OUJIANG}/`);
      await hydrated(page);
      await page.getByLabel("上级交办的任务").fill("每周填报动物检疫统计表");
      const first = page.locator(".check-matches li").first();
      await first.waitFor();
      expect(await first.getAttribute("data-part")).toBe("returned");
      expect(await page.locator('[data-result="burden"]').textContent()).toContain("“填报”说的是一种负担形式（报表多），不是职责");
    }));

  it("on /check the user picks a township first, then checks a task", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/check/`);
      await hydrated(page);
      await page.getByLabel("乡镇（街道）名称或代码").fill("沤江镇");
      await page.getByLabel("乡镇（街道）名称或代码").press("Tab");
      await page.getByLabel("上级交办的任务").fill("危化品检查");
      const first = page.locator(".check-matches li").first();
      await first.waitFor();
      expect(await first.getAttribute("data-part")).toBe("returned");
    }));

  it("the language switch leads between the Chinese and English interface pages", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/check/`);
      await page.getByRole("link", { name: "English" }).click();
      expect(page.url()).toBe(`${origin}/en/check/`);
      expect(await page.getAttribute("html", "lang")).toBe("en");
      await page.getByRole("link", { name: "中文" }).click();
      expect(page.url()).toBe(`${origin}/check/`);
    }));

  it("region pages, which exist in Chinese only, offer no language switch", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/r/${OUJIANG}/`);
      expect(await page.locator(".lang-switch").count()).toBe(0);
    }));
});

describe("coverage on a phone", () => {
  it("stacks each county's row into labelled lines, no column narrower than a number and its label", async () => {
    const { page, context } = await openPage(browser(), { javaScriptEnabled: false });
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${origin}/coverage/43/`);
      const widths = await page.locator("#c431027 td").evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width));
      expect(widths).toHaveLength(5);
      for (const w of widths) expect(w).toBeGreaterThan(150);
      expect(
        await page
          .locator("#c431027 td")
          .first()
          .evaluate((c) => getComputedStyle(c, "::before").content),
      ).toContain("乡镇");
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe("accessibility", () => {
  for (const path of ["/", "/en/", "/r/431027/", `/r/${OUJIANG}/`, "/measures/", "/check/", "/data/", "/en/data/", "/coverage/", "/coverage/43/"]) {
    it(`axe finds no violations on ${path}`, () =>
      withPage(async (page) => {
        await page.goto(`${origin}${path}`);
        expect(await axeViolations(page)).toEqual([]);
      }));
  }

  it("axe finds no violations on a measure page", () =>
    withPage(async (page) => {
      await page.goto(`${origin}/measures/`);
      const href = await page.locator(".measure-list a").first().getAttribute("href");
      await page.goto(`${origin}${href}`);
      expect(await axeViolations(page)).toEqual([]);
    }));
});
