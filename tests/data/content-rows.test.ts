/** The rows load:content puts into D1 for the item and measure search (issue 13), read from the real data/. */
import { describe, expect, it } from "vitest";
import { readContent } from "../../scripts/load-content.ts";
import { contentEntries } from "../../worker/db/content-rows.ts";

describe("load:content rows", () => {
  it("hold the demo's illustrative lists and measures locally, none of them in a deploy (QINGDAN_DEPLOY=1)", () => {
    const demo = contentEntries(readContent(true));
    const deploy = contentEntries(readContent(false));
    expect(demo.some((e) => e.illustrative && e.kind === "duty_item" && e.area === "431027100")).toBe(true);
    expect(deploy.filter((e) => e.illustrative)).toEqual([]);
    expect(deploy.some((e) => e.kind === "measure")).toBe(true);
  });

  it("index the current version of a township's list only, each item at its row's anchor", () => {
    const items = contentEntries(readContent(true)).filter((e) => e.area === "431027100" && e.kind === "duty_item");
    // 2024 had «受理动物检疫申报并出具动物检疫证明» (basic); 2025, the current version, returns it upward.
    expect(items.map((e) => e.title)).not.toContain("受理动物检疫申报并出具动物检疫证明");
    expect(items.find((e) => e.title === "动物检疫及检疫证明出具")).toMatchObject({ part: "returned", dated: "2025", href: "/r/431027100/#item-returned-16" });
  });

  it("key names, titles and summaries only, in one normalised form", () => {
    const measure = contentEntries(readContent(true)).find((e) => e.id === "m:2025-chenzhou-zero-reception")!;
    expect(measure.keys.map(([, field]) => field)).toEqual([0, 1]);
    expect(measure.keys[0]![0]).toBe("郴州市推行市内公务零接待改革");
    for (const e of contentEntries(readContent(true))) for (const [key] of e.keys) expect(key).toMatch(/^[\p{L}\p{N}]+$/u);
  });
});
