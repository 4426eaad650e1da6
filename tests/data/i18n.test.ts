/** The interface catalogue: both languages hold the same keys, and every report category is labelled and explained. */
import { describe, expect, it } from "vitest";
import { REPORT_CATEGORIES } from "../../data/schema/report-category.ts";
import { IMPOSER_LEVELS } from "../../data/schema/report-category.ts";
import { LIST_STATUSES } from "../../data/schema/report.ts";
import { BODY_KINDS, BODY_LEVELS } from "../../data/schema/oversight-body.ts";
import { ROUTING_REASON_CODES } from "../../data/schema/routing-rule.ts";
import { REPORT_OUTCOMES, REPORT_STATUSES, DELIVERY_CHANNEL_TYPES, DELIVERY_STATES } from "../../worker/domain/report-status.ts";
import { STAGES, ACTIONS } from "../../worker/domain/lifecycle.ts";
import { DUTY_PARTS } from "../../data/schema/duty-list.ts";
import { VILLAGE_PARTS } from "../../data/schema/village-list.ts";
import { CONTENT_KINDS } from "../../worker/domain/content-search.ts";
import { allKeys, LANGS, t, translator } from "../../site/i18n/index.ts";
import { deliveryStateLabel, label, routingReasonLabel, type LabelKind } from "../../site/i18n/labels.ts";

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

  describe.each(LANGS)("labels in %s", (lang) => {
    const codes: [LabelKind, readonly string[]][] = [
      ["category", REPORT_CATEGORIES],
      ["status", REPORT_STATUSES],
      ["stage", STAGES],
      ["outcome", REPORT_OUTCOMES],
      ["level", IMPOSER_LEVELS],
      ["body_level", BODY_LEVELS],
      ["body_kind", BODY_KINDS],
      ["list_status", LIST_STATUSES],
      ["event", [...ACTIONS, "received", "route", "delivered", "escalate"]],
      ["duty_part", DUTY_PARTS],
      ["village_part", VILLAGE_PARTS],
      ["content_kind", CONTENT_KINDS],
    ];
    it.each(codes)("has a label for every %s code", (kind, ids) => {
      for (const id of ids) expect(label(lang, kind, id).trim(), `${kind}.${id}`).not.toBe("");
    });

    it("has a label for every channel and delivery state, and a retry count", () => {
      for (const channel of DELIVERY_CHANNEL_TYPES)
        for (const state of DELIVERY_STATES) expect(deliveryStateLabel(lang, { channel, state, attempts: 0 })).not.toMatch(/\{/);
      expect(deliveryStateLabel(lang, { channel: "webhook", state: "pending", attempts: 2 })).toContain("2");
    });

    it("has a label for every routing reason code", () => {
      for (const code of ROUTING_REASON_CODES)
        expect(
          routingReasonLabel(lang, code, { rule: "one-level-above", why: "rule", body: "某机构", level: "county", kind: "discipline_commission" }),
        ).not.toMatch(/\{/);
    });

    it("throws on an unknown code instead of showing it", () => {
      expect(() => label(lang, "status", "no_such_status")).toThrow(/missing key/);
    });
  });

  it("picks plural forms through Intl.PluralRules", () => {
    expect(t("en", "report.errors.heading", { count: 1 })).toBe("There is 1 problem with your report");
    expect(t("en", "report.errors.heading", { count: 3 })).toBe("There are 3 problems with your report");
    expect(t("zh-CN", "report.errors.heading", { count: 1 })).toBe("提交的内容有 1 处需要修改");
  });

  it("accepts only catalogue keys in translator() (a typo fails tsc)", () => {
    const tr = translator("en");
    // @ts-expect-error "site.nmae" is not a MessageKey: if this line compiles, translator() accepts any string again.
    expect(() => tr("site.nmae")).toThrow(/missing key/);
    expect(tr("report.errors.heading", { count: 2 })).toContain("2 problems");
  });
});
