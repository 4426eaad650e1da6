/** The interface catalogue: both languages hold the same keys, and every report category is labelled and explained. */
import { describe, expect, it } from "vitest";
import { REPORT_CATEGORIES } from "../../data/schema/report-category.ts";
import { allKeys, LANGS, t } from "../../site/i18n/index.ts";

describe("i18n catalogue", () => {
  it("has every zh-CN key in English", () => {
    const en = new Set(allKeys("en"));
    expect(allKeys("zh-CN").filter((key) => !en.has(key))).toEqual([]);
  });

  it("has every English key in zh-CN", () => {
    const zh = new Set(allKeys("zh-CN"));
    expect(allKeys("en").filter((key) => !zh.has(key))).toEqual([]);
  });

  it("has 16 report categories", () => {
    expect(REPORT_CATEGORIES).toHaveLength(16);
  });

  describe.each(LANGS)("in %s", (lang) => {
    it.each(REPORT_CATEGORIES)("labels and explains the category %s", (id) => {
      expect(t(lang, `category.${id}.label`).trim()).not.toBe("");
      expect(t(lang, `category.${id}.help`).trim()).not.toBe("");
    });
  });

  it("gives the categories distinct labels in each language", () => {
    for (const lang of LANGS) {
      const labels = REPORT_CATEGORIES.map((id) => t(lang, `category.${id}.label`));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});
