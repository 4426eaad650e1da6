/**
 * Consent to forwarding on the report form (issue 10 item 4): «如果以后有受理机构加入，同意转交给它»,
 * off by default, posted with JavaScript on (the island's JSON) and off (the form itself), and
 * accessible at phone and desktop widths.
 */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { axeViolations, useBrowser } from "../support/browser.ts";
import { E2E_STATE } from "../support/server.ts";
import { d1Query } from "../../scripts/lib/run.ts";

const origin = inject("origin");
/** 沤江镇 (in the e2e build's province 43). */
const TOWNSHIP = "431027100";
const LABEL = "如果以后有受理机构加入，同意转交给它";
const { withPage } = useBrowser();

async function fileWithConsent(page: Page, title: string): Promise<void> {
  await page.goto(`${origin}/report?township=${TOWNSHIP}`);
  const box = page.getByLabel(LABEL);
  expect(await box.isChecked()).toBe(false);
  await page.getByLabel("加负担的单位或部门").fill("桂东县农业农村局");
  await page.getByLabel("该单位的级别").selectOption("county");
  await page.getByLabel("负担类别").selectOption("forms");
  await page.getByLabel("标题").fill(title);
  await page.getByLabel("具体情况").fill("同一组种植面积数据每月要向三个部门分别填报，格式各不相同，每次要花两天时间。");
  await box.check();
  await page.getByRole("button", { name: "匿名提交" }).click();
  await page.locator(".receipt-code").waitFor({ timeout: 90_000 });
}

const storedConsent = (title: string) =>
  d1Query<{ f: number }>(`SELECT forward_consent AS f FROM reports WHERE title = '${title}'`, { remote: false, persistTo: E2E_STATE });

describe("consent to forwarding on the report form", () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`is off by default and stored when ticked, JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
      const title = `转交同意${javaScriptEnabled ? "有JS" : "无JS"} ${Date.now()}`;
      await withPage((page) => fileWithConsent(page, title), javaScriptEnabled);
      expect(storedConsent(title)).toEqual([{ f: 1 }]);
    });
  }

  for (const width of [390, 1280]) {
    it(`has no axe violations at ${width} px, JavaScript on and off`, async () => {
      for (const javaScriptEnabled of [true, false]) {
        const violations = await withPage(async (page) => {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${origin}/report?township=${TOWNSHIP}`);
          await page.getByLabel(LABEL).waitFor();
          return axeViolations(page, { javaScript: javaScriptEnabled });
        }, javaScriptEnabled);
        expect(violations).toEqual([]);
      }
    });
  }
});
