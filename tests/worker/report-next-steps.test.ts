/** The receipt's "what happens next": each routing outcome in words the reporter can rely on. */
import { describe, expect, it } from "vitest";
import { NextStepsPage } from "../../worker/routes/reports/views.tsx";
import type { RoutingOutcome } from "../../worker/delivery/plan.ts";

describe("the next steps after a receipt", () => {
  const decision = (status: RoutingOutcome["status"], bodyName: string | null, reasonParams: RoutingOutcome["reasonParams"] = {}): RoutingOutcome => ({
    bodyId: null,
    bodyName,
    joined: status === "routed",
    channelId: null,
    ruleId: "r",
    reason: "English free text",
    reasonCode: "rule",
    reasonParams,
    status,
  });

  it("says the accused body is left out for a conflict of interest, not that it has not joined", async () => {
    const decisions = [decision("routed", "某市减负办"), decision("excluded", "某县纪委"), decision("not_joined", "某市组织部")];
    const html = await NextStepsPage({ lang: "zh-CN", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, ackDays: 5 }).toString();
    expect(html).toContain("已送达 某市减负办 的受理平台。");
    expect(html).toContain("为避免利益冲突，你的反映不会送给被反映的机构（某县纪委），已改送其他机构。");
    expect(html).toContain("应当受理的机构（某市组织部）尚未加入本平台。");
    expect(html).not.toContain("应当受理的机构（某县纪委）");
  });

  it("names a missing body by its level and kind, never by the English routing reason", async () => {
    const decisions = [decision("not_joined", null, { why: "rule", rule: "one-level-above", level: "county", kind: "discipline_commission" })];
    const zh = await NextStepsPage({ lang: "zh-CN", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, ackDays: 5 }).toString();
    expect(zh).toContain("应当受理的机构（县级纪委监委）尚未加入本平台。");
    expect(zh).not.toContain("English free text");
    const en = await NextStepsPage({ lang: "en", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, ackDays: 5 }).toString();
    expect(en).toContain("(county discipline commission)");
  });
});
