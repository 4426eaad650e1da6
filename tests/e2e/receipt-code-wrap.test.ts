/**
 * A receipt code fits a phone whatever its characters. A hyphen followed by a digit is no line
 * break for the browser (UAX 14, LB25), so a code like AAAA-1AAA-2AAA-3AAA-4AAA once stayed on one
 * line and ran 136 px past a 390 px screen; which codes do so is chance, so the page walk's one
 * random code caught it only now and then. Here every shape is rendered, with the site's stylesheet.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { overflow, useBrowser } from "../support/browser.ts";

// The component is hono/jsx, typed by worker/tsconfig.json; a static import would make this
// project's tsc check it as Solid JSX. Vitest compiles it as the worker does.
const COMPONENTS = "../../worker/ui/components.tsx";
const { ReceiptCode } = (await import(/* @vite-ignore */ COMPONENTS)) as { ReceiptCode: (props: { id: string; label: string; code: string }) => unknown };

const css = readFileSync("site/public/styles/main.css", "utf8");
const { withPage } = useBrowser();

const CODES = ["AAAA-AAAA-AAAA-AAAA-AAAA", "AAAA-1AAA-2AAA-3AAA-4AAA", "AAA1-2AAA-3AAA-4AAA-5AAA", "1111-1111-1111-1111-1111", "WWWW-WWWW-WWWW-WWWW-WWWW"];

describe("receipt code at 390 px", () => {
  it.each(CODES)("%s wraps between groups, never inside one, and reads as the code", async (code) => {
    await withPage(async (page) => {
      await page.setViewportSize({ width: 390, height: 800 });
      const markup = String(ReceiptCode({ id: "label", label: "回执码", code }));
      await page.setContent(`<!doctype html><html lang="zh-CN"><head><style>${css}</style></head><body><main>${markup}</main></body></html>`);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      const lines = await page.locator(".receipt-group").evaluateAll((groups) => new Set(groups.map((g) => Math.round(g.getBoundingClientRect().top))).size);
      expect(lines).toBeGreaterThan(1);
      const heights = await page.locator(".receipt-group").evaluateAll((groups) => groups.map((g) => g.getClientRects().length));
      expect(heights.every((rects) => rects === 1)).toBe(true);
      expect((await page.locator(".receipt-code").textContent())?.replace(/\s/g, "")).toBe(code);
    });
  });
});
