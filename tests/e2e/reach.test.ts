/**
 * Reach and the hand-off in a browser (issue 10 "done when"), JS on and off. 东召乡 (河北) is not
 * in the e2e build (province 43): its equivalent here is 430102001 (长沙市芙蓉区), where no body for
 * a county imposer has joined. 沤江镇 + county imposer names the 郴州市 bodies.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { axeViolations, launchBrowser, openPage } from "../support/browser.ts";

const origin = inject("origin");
const NO_BODY = "430102001";
const OUJIANG = "431027100";
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function shots(page: Page, name: string, javaScript = true) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `.tmp/shots/reach-${name}-${width}.png`, fullPage: true });
    expect(await axeViolations(page, { javaScript })).toEqual([]);
  }
}

/** The hand-off's copy button: only with JS; it copies the <pre> text and says «已复制». */
async function expectCopyButton(page: Page, js: boolean, text: string, name: string) {
  const copy = page.getByRole("button", { name: "复制文字" });
  if (!js) {
    expect(await copy.count()).toBe(0);
    return;
  }
  await copy.click();
  await page.locator(".handoff-copy [role=status]", { hasText: "已复制" }).waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
  await shots(page, `${name}-copied`);
}

async function fill(page: Page, category = "forms") {
  await page.getByLabel("加负担的单位或部门").fill("县农业农村局");
  await page.getByLabel("该单位的级别").selectOption("county");
  await page.getByLabel("负担类别").selectOption(category);
  await page.getByLabel("标题").fill(`每月重复填报 ${Date.now()}`);
  await page.getByLabel("具体情况").fill("同一组种植面积数据每月要向三个部门分别填报，格式各不相同，每次要花两天时间。");
}

describe("reach before writing, and the hand-off", () => {
  for (const js of [false, true]) {
    it(`${js ? "JS on" : "JS off"}: a township no body has joined → told before submit, then the hand-off on next steps and /track, no message box`, async () => {
      const { page, context } = await openPage(browser, { javaScriptEnabled: js });
      if (js) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
      await page.goto(`${origin}/report?township=${NO_BODY}`);
      const reach = page.locator("section[data-reach]");
      await expect(reach.textContent()).resolves.toMatch(/尚未加入本平台|尚无受理机构加入本平台/);
      await fill(page);
      if (js) await page.locator('section[data-reach] [data-reach-state="none"]').waitFor();
      await expect(page.locator("section[data-reach-submit]").textContent()).resolves.toMatch(/互联网\+督查|12388/);
      if (!js) await shots(page, "form-none", false);
      await page.getByRole("button", { name: "匿名提交" }).click();
      await page.locator(".receipt-code").waitFor({ timeout: 90_000 });
      const code = ((await page.locator(".receipt-code").textContent()) ?? "").replace(/\s/g, "");
      await page.getByLabel("请输入回执码的最后一组").fill(code.slice(-4));
      await page.getByRole("button", { name: "我已保存，继续" }).click();
      await page.getByText("本地区尚无受理机构加入本平台，这件反映没有送达任何机构。").waitFor();
      const text = (await page.locator("pre.handoff-text").textContent()) ?? "";
      expect(text).toContain("问题发生地：");
      expect(text).toContain("县农业农村局（县级）");
      expect(text).not.toMatch(/[A-Za-z]{3,}/);
      await expectCopyButton(page, js, text, "next");
      if (!js) await shots(page, "next-none", false);
      await page.getByRole("button", { name: "查看办理进度" }).click();
      await page.getByText("未送达：本地区尚无受理机构加入本平台").waitFor();
      expect(await page.locator(".message-form").count()).toBe(0);
      expect(await page.locator("pre.handoff-text").textContent()).toContain("具体情况：");
      await expectCopyButton(page, js, (await page.locator("pre.handoff-text").textContent()) ?? "", "track");
      if (!js) await shots(page, "track-none", false);
      await context.close();
    });
  }

  it("JS on: 沤江镇 + county imposer names the 郴州市 bodies before submit", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: true });
    await page.goto(`${origin}/report?township=${OUJIANG}`);
    await fill(page);
    await page.locator('section[data-reach] [data-reach-state="bodies"]').waitFor();
    await expect(page.locator("section[data-reach]").textContent()).resolves.toContain("郴州市纪委监委");
    await shots(page, "form-oujiang");
    await context.close();
  });

  it("JS on, /en/report: the live reach sentence is English, the demo bodies with the English marker", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: true });
    await page.goto(`${origin}/en/report?township=${OUJIANG}`);
    await page.locator('[name="imposerLevel"]').selectOption("county");
    await page.locator('[name="category"]').selectOption("forms");
    await page.locator('section[data-reach] [data-reach-state="bodies"]').waitFor();
    const text = (await page.locator("section[data-reach]").textContent()) ?? "";
    expect(text).toContain("郴州市纪委监委 (demo)");
    expect(text).not.toMatch(/（演示）|会送达/);
    await context.close();
  });
});
