/**
 * 上报官方清单 in a browser (issue 12 item 1): without JavaScript, from 清泉镇's page a resident
 * hands in a URL and an .xlsx, gets a contribution code, and reads 已收到 for it at
 * /contribute/track; every page of the path passes axe on a phone and on a desktop (axe needs
 * JavaScript to run: those walks go through the form's script, site/islands/contribute/enhance.ts).
 * With JavaScript: a wrong file type is refused before anything is sent, the proof of work goes
 * with the post, and the upload shows its progress.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { axeViolations, launchBrowser, openPage } from "../support/browser.ts";

const origin = inject("origin");
const QINGQUAN = "431027102";
/** The first bytes of a zip: what the worker checks an .xlsx by (it never parses the file). */
const XLSX = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Walks the path, calling `check` on each page: form, errors, code, track form, status. Returns the code. */
async function handIn(page: Page, check: (step: string) => Promise<void>): Promise<string> {
  await page.goto(`${origin}/r/${QINGQUAN}/`);
  await page.getByRole("link", { name: "上报官方清单" }).click();
  await page.waitForURL(/\/contribute\?township=431027102$/);
  expect(await page.getByRole("checkbox", { name: "清泉镇" }).isChecked()).toBe(true);
  await check("form");
  await page.getByRole("button", { name: "提交" }).click();
  expect(await page.locator(".error-summary").textContent()).toContain("请填写发布网址。");
  await check("errors");
  await page.getByLabel("发布网址").fill("https://www.guidong.gov.cn/zwgk/qingquan-2025.html");
  await page
    .locator("#field-file")
    .setInputFiles({ name: "清泉镇履职事项清单.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: XLSX });
  await page.getByRole("button", { name: "提交" }).click();
  const code = (await page.locator(".receipt-code").textContent())!.replace(/\s/g, "");
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  expect(await page.textContent("main")).toContain("这个网址在政府网站上");
  await check("code");
  await page.getByRole("link", { name: "用上报编号查询处理情况" }).click();
  await check("track");
  await page.getByLabel("上报编号").fill(code.toLowerCase());
  await page.getByRole("button", { name: "查询" }).click();
  expect(await page.locator(".track-status").textContent()).toContain("已收到");
  expect(await page.textContent("main")).toContain("已附文件");
  await check("status");
  return code;
}

describe("a contribution", () => {
  it("without JavaScript: hands in a URL and an .xlsx for 清泉镇 and follows it by its code; no developer command anywhere", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    try {
      await handIn(page, async () => expect(await page.content()).not.toContain("npm run"));
    } finally {
      await context.close();
    }
  }, 300_000);

  for (const width of [390, 1280]) {
    it(`every page of the path passes axe and fits the screen at ${width} px`, async () => {
      const { page, context } = await openPage(browser);
      try {
        await page.setViewportSize({ width, height: 900 });
        await handIn(page, async (step) => {
          expect({ step, violations: await axeViolations(page) }).toEqual({ step, violations: [] });
          const wider = await page.evaluate(() =>
            [...document.querySelectorAll("main *")]
              .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
              .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
          );
          expect({ step, wider }).toEqual({ step, wider: [] });
        });
      } finally {
        await context.close();
      }
    }, 300_000);
  }

  it("with JavaScript: a wrong file type is refused before sending; the post carries the proof of work and shows upload progress", async () => {
    const { page, context, errors } = await openPage(browser);
    try {
      const posts: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && r.url().endsWith("/contribute")) posts.push(r.url());
      });
      await page.goto(`${origin}/contribute?township=${QINGQUAN}`);
      await page.getByLabel("发布网址").fill("https://www.guidong.gov.cn/zwgk/qingquan-2025-js.html");
      await page.locator("#field-file").setInputFiles({ name: "清泉镇履职事项清单.xls", mimeType: "application/vnd.ms-excel", buffer: XLSX });
      await page.getByRole("button", { name: "提交" }).click();
      await expect.poll(() => page.locator("[data-upload-status]").textContent()).toContain("不是本站接受的文件类型");
      expect(posts).toHaveLength(0);

      // Every status line the script writes, kept on window (the page's body is replaced by the answer).
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { seen: string[] }).seen = seen;
        const status = document.querySelector("[data-upload-status]")!;
        new MutationObserver(() => seen.push(status.textContent ?? "")).observe(status, { childList: true, characterData: true, subtree: true });
      });
      // 3 MB, so the upload reports progress before it ends (the worker checks only the first bytes).
      const big = Buffer.concat([XLSX, Buffer.alloc(3 * 1024 * 1024)]);
      await page
        .locator("#field-file")
        .setInputFiles({ name: "清泉镇履职事项清单.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: big });
      // The proof of work was solved while the form was filled; the post (FormData of the form) carries it.
      await expect.poll(() => page.locator("[data-altcha]").inputValue(), { timeout: 60_000 }).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
      await page.getByRole("button", { name: "提交" }).click();
      const code = (await page.locator(".receipt-code").textContent())!.replace(/\s/g, "");
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
      const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
      expect(
        seen.some((line) => /^正在上传：\d+%$/.test(line)),
        seen.join(" | "),
      ).toBe(true);
      expect(posts).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
