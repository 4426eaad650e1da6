/** The receipt's "what happens next": each routing outcome in words the reporter can rely on. */
import { describe, expect, it } from "vitest";
import { NextStepsPage } from "../../worker/routes/report/views.tsx";
import type { RoutingOutcome } from "../../worker/domain/routing.ts";

describe("the next steps after a receipt", () => {
  const decision = (status: RoutingOutcome["status"], bodyName: string | null, more: Partial<RoutingOutcome> = {}): RoutingOutcome => ({
    bodyId: null,
    bodyName,
    joined: status === "routed",
    channelId: null,
    channelName: null,
    channelUrl: null,
    ackDays: status === "routed" ? 5 : null,
    ruleId: "r",
    reason: "English free text",
    reasonCode: "rule",
    reasonParams: {},
    status,
    ...more,
  });

  it("says the accused body is left out for a conflict of interest, not that it has not joined", async () => {
    const decisions = [decision("routed", "某市减负办"), decision("excluded", "某县纪委"), decision("not_joined", "某市组织部")];
    const html = await NextStepsPage({ lang: "zh-CN", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, batch: null }).toString();
    expect(html).toContain("已送达某市减负办的受理平台。");
    expect(html).toContain("为避免利益冲突，你的反映不会送给被反映的机构（某县纪委），已改送其他机构。");
    expect(html).toContain("应当受理的机构（某市组织部）尚未加入本平台。");
    expect(html).not.toContain("应当受理的机构（某县纪委）");
  });

  it("security M1: says which delivery batch takes the report to a body, and 已送达 only once it has", async () => {
    const decisions = [decision("routed", "某市减负办")];
    const waiting = await NextStepsPage({ lang: "zh-CN", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, batch: "2026-12-02 09:00" }).toString();
    expect(waiting).toContain("将于 2026-12-02 09:00（北京时间）的送达批次送达某市减负办的受理平台。");
    expect(waiting).not.toContain("已送达");
  });

  it("gives the receiving bodies' own acknowledgement deadline (the longest), not a default", async () => {
    const decisions = [decision("routed", "甲机构", { ackDays: 3 }), decision("routed", "乙机构", { ackDays: 10 })];
    const html = await NextStepsPage({ lang: "zh-CN", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, batch: null }).toString();
    expect(html).toContain("送达后 10 个工作日内");
  });

  it("links the official channel routing chose for the area, and 12388 only when it chose none", async () => {
    const local = decision("not_joined", "某市组织部", { channelId: "c1", channelName: "某市12345热线", channelUrl: "https://12345.example.gov.cn/" });
    const html = await NextStepsPage({ lang: "zh-CN", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions: [local], batch: null }).toString();
    expect(html).toContain('href="https://12345.example.gov.cn/"');
    expect(html).toContain("某市12345热线");
    expect(html).not.toContain("12388.gov.cn");
    const fallback = await NextStepsPage({
      lang: "zh-CN",
      code: "AAAA-BBBB-CCCC-DDDD-EEEE",
      decisions: [decision("not_joined", "某市组织部")],
      batch: null,
    }).toString();
    expect(fallback).toContain("12388.gov.cn");
  });

  it("names a missing body by its level and kind, never by the English routing reason", async () => {
    const decisions = [
      decision("not_joined", null, { reasonParams: { why: "rule", rule: "one-level-above", level: "county", kind: "discipline_commission" } }),
    ];
    const zh = await NextStepsPage({ lang: "zh-CN", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, batch: null }).toString();
    expect(zh).toContain("应当受理的机构（县级纪委监委）尚未加入本平台。");
    expect(zh).not.toContain("English free text");
    const en = await NextStepsPage({ lang: "en", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, batch: null }).toString();
    expect(en).toContain("(county discipline commission)");
  });

  it("names a demo body (stored with «（演示）») with the marker of the page's language", async () => {
    const decisions = [decision("routed", "某市减负办（演示）"), decision("excluded", "某县纪委（演示）"), decision("not_joined", "某市组织部（演示）")];
    const zh = await NextStepsPage({ lang: "zh-CN", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, batch: null }).toString();
    expect(zh).toContain("已送达某市减负办（演示）的受理平台。");
    const en = await NextStepsPage({ lang: "en", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, batch: null }).toString();
    for (const name of ["某市减负办 (demo)", "某县纪委 (demo)", "某市组织部 (demo)"]) expect(en).toContain(name);
    expect(en).not.toContain("（演示）");
  });

  it("with a hand-off, the missing bodies' lines point to it: one channel on the page, never two that disagree", async () => {
    const decisions = [
      decision("not_joined", "某县纪委"),
      decision("not_joined", "某市减负办", { channelId: "c1", channelName: "互联网+督查", channelUrl: "https://tousu.www.gov.cn/" }),
    ];
    const handoff = {
      text: "问题发生地：某镇",
      channel: { id: "c1", name: "互联网+督查", operator: null, url: "https://tousu.www.gov.cn/", phone: null, howTo: null, publicMailbox: null, source: null },
    };
    const html = await NextStepsPage({ lang: "zh-CN", code: "AAAA-BBBB-CCCC-DDDD-EEEE", decisions, handoff, batch: null }).toString();
    expect(html.match(/href="#handoff-heading"/g)).toHaveLength(2);
    // The fallback 12388 link of a decision without a channel would contradict the hand-off's channel.
    expect(html).not.toContain("12388.gov.cn");
    expect(html).toContain('href="https://tousu.www.gov.cn/"');
  });
});
