/**
 * The one stage vocabulary (issue 14 item 3, UX 29): each body case maps to one stage, the
 * report's overall line is its least advanced held case, and every stage has its label in both
 * languages. /track's rows are built from the cases (worker/domain/track.ts).
 */
import { describe, expect, it } from "vitest";
import { caseStage, overallStage, STAGES, type CaseState } from "../../worker/domain/lifecycle.ts";
import { trackCase, trackCases, type CaseInput } from "../../worker/domain/track.ts";
import { REPORT_STATUSES } from "../../worker/domain/report-status.ts";
import { label } from "../../site/i18n/labels.ts";
import { LANGS } from "../../site/i18n/index.ts";

const held = (status: CaseState["status"], outcome: CaseState["outcome"] = null, deliveredOn: string | null = "2025-09-26"): CaseState => ({
  status,
  outcome,
  deliveredOn,
  active: true,
});

const row = (over: Partial<CaseInput>): CaseInput => ({
  bodyId: "b1",
  bodyName: "桂东县纪委监委",
  active: 1,
  status: "routed",
  outcome: null,
  deliveredOn: "2025-09-26",
  acknowledgedOn: null,
  concludedOn: null,
  closedOn: null,
  ackDueOn: "2025-10-10",
  concludeDueOn: "2025-12-19",
  transferredOn: null,
  transferredTo: null,
  forwardedOn: null,
  publicText: null,
  summaryYear: null,
  ...over,
});

describe("caseStage", () => {
  it.each([
    [held("received", null, null), "received"],
    // Routed but its delivery batch has not come: not yet «已送达» (security M1).
    [held("routed", null, null), "received"],
    [held("routed"), "delivered"],
    [held("transferred"), "delivered"],
    [held("screening"), "delivered"],
    [held("accepted"), "accepted"],
    [held("investigating"), "investigating"],
    [held("out_of_scope", "out_of_scope"), "declined"],
    [held("substantiated", "substantiated"), "concluded"],
    [held("unsubstantiated", "unsubstantiated"), "concluded"],
    [held("remedy_pending", "substantiated"), "remedying"],
    [held("remedied", "remedied"), "concluded"],
    [held("closed", "substantiated"), "closed"],
    [held("closed", "merged"), "merged"],
    [{ ...held("transferred"), active: false }, "transferred"],
  ] as const)("%o is %s", (c, stage) => {
    expect(caseStage(c)).toBe(stage);
  });

  it("gives every status a stage", () => {
    for (const status of REPORT_STATUSES) expect(STAGES).toContain(caseStage(held(status)));
  });
});

describe("overallStage", () => {
  it("is the least advanced held case: one body closed, another investigating → 核查中", () => {
    expect(overallStage([held("closed", "substantiated"), held("investigating")], false)).toBe("investigating");
  });

  it("is 已办结 only when every held case is closed", () => {
    expect(overallStage([held("closed", "substantiated"), held("substantiated", "substantiated")], false)).toBe("concluded");
    expect(overallStage([held("closed", "substantiated"), held("closed", "unsubstantiated")], false)).toBe("closed");
  });

  it("leaves out a case transferred away and counts its new holder", () => {
    expect(overallStage([{ ...held("accepted"), active: false }, held("transferred")], false)).toBe("delivered");
  });

  it("is 已合并 when the only case is a merge, 未送达 when no body can hold the report, 已收到 while routing runs", () => {
    expect(overallStage([held("closed", "merged")], false)).toBe("merged");
    expect(overallStage([], true)).toBe("undelivered");
    expect(overallStage([], false)).toBe("received");
  });
});

describe("trackCase", () => {
  it("runs the acknowledgement deadline until acceptance, then the conclusion deadline, in working days", () => {
    // 2025-10-01…08 are holidays: from 30 September only 9 and 10 October remain.
    expect(trackCase(row({}), "2025-09-30").due).toEqual({ step: "ack", day: "2025-10-10", overdue: false, workingDaysLeft: 2 });
    expect(trackCase(row({}), "2025-10-13").due).toMatchObject({ step: "ack", overdue: true, workingDaysLeft: null });
    expect(trackCase(row({ status: "investigating", acknowledgedOn: "2025-10-09" }), "2025-12-22").due).toMatchObject({
      step: "conclude",
      day: "2025-12-19",
      overdue: true,
    });
    expect(trackCase(row({ status: "substantiated", outcome: "substantiated", concludedOn: "2025-11-01" }), "2025-12-22").due).toBeNull();
  });

  it("dates each step by day and labels the finding; a closed case keeps its finding", () => {
    const c = trackCase(
      row({
        status: "closed",
        outcome: "partly_substantiated",
        acknowledgedOn: "2025-10-09",
        concludedOn: "2025-11-01",
        closedOn: "2025-11-05",
        publicText: "已责令合并报表。",
      }),
      "2025-12-01",
    );
    expect(c.stage).toBe("closed");
    expect(c.days).toEqual([
      { step: "delivered", day: "2025-09-26" },
      { step: "accepted", day: "2025-10-09" },
      { step: "concluded", day: "2025-11-01" },
      { step: "closed", day: "2025-11-05" },
    ]);
    expect(c).toMatchObject({ finding: "partly_substantiated", declined: false, publicText: "已责令合并报表。" });
  });

  it("marks a decline (its reason is the public text), a transfer with its day and target, and a merge with its day", () => {
    expect(trackCase(row({ status: "out_of_scope", outcome: "out_of_scope", publicText: "不属于本机构职责。" }), "2025-12-01")).toMatchObject({
      stage: "declined",
      finding: null,
      declined: true,
    });
    expect(trackCase(row({ active: 0, status: "transferred", transferredOn: "2025-10-02", transferredTo: "郴州市纪委监委" }), "2025-12-01")).toMatchObject({
      stage: "transferred",
      transfer: { day: "2025-10-02", to: "郴州市纪委监委" },
      due: null,
    });
    const merged = trackCase(row({ status: "closed", outcome: "merged", closedOn: "2025-10-03" }), "2025-12-01");
    expect(merged).toMatchObject({ stage: "merged", finding: null });
    expect(merged.days).toContainEqual({ step: "merged", day: "2025-10-03" });
  });

  it("builds the rows and the overall line together", () => {
    const out = trackCases(
      [row({ bodyId: "a", status: "closed", outcome: "substantiated", closedOn: "2025-11-05" }), row({ bodyId: "b", status: "accepted" })],
      false,
      "2025-12-01",
    );
    expect(out.stage).toBe("accepted");
    expect(out.cases.map((c) => c.stage)).toEqual(["closed", "accepted"]);
  });
});

describe("stage labels", () => {
  it.each(LANGS)("every stage id has a %s label", (lang) => {
    for (const id of STAGES) expect(label(lang, "stage", id).trim(), id).not.toBe("");
  });

  it("uses the issue's names in zh-CN", () => {
    expect(STAGES.map((id) => label("zh-CN", "stage", id))).toEqual([
      "已收到",
      "已送达受理机构",
      "已受理",
      "核查中",
      "已有结论",
      "整改中",
      "已办结",
      "不予受理",
      "已转交另一机构",
      "已合并",
      "未送达：本地区尚无受理机构加入本平台",
    ]);
  });
});
