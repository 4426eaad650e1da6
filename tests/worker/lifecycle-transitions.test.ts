import { describe, expect, it } from "vitest";
import { ACTIONS, TRANSITIONS, availableActions, isResolvedOutcome, levelAbove, transition, type Actor } from "../../worker/domain/lifecycle.ts";
import { REPORT_STATUSES, type ReportStatus } from "../../worker/domain/report-status.ts";

const triager: Actor = { kind: "user", role: "triager" };
const admin: Actor = { kind: "user", role: "admin" };
const viewer: Actor = { kind: "user", role: "viewer" };
const reporter: Actor = { kind: "reporter" };
const system: Actor = { kind: "system" };
const full = { finding: "查实", remedy: "已整改", reason: "不属本机关", targetBodyId: "b2", mergedInto: "r2" };
const state = (status: ReportStatus, transferCount = 0) => ({ status, outcome: null, transferCount });

describe("transition()", () => {
  describe("the allowed path of DOMAIN.md", () => {
    it.each([
      ["received", "route", system, "routed"],
      ["routed", "accept", triager, "accepted"],
      ["routed", "transfer", triager, "transferred"],
      ["routed", "out_of_scope", admin, "out_of_scope"],
      ["transferred", "accept", triager, "accepted"],
      ["screening", "accept", triager, "accepted"],
      ["accepted", "investigate", triager, "investigating"],
      ["investigating", "find_substantiated", triager, "substantiated"],
      ["investigating", "find_partly_substantiated", triager, "partly_substantiated"],
      ["investigating", "find_unsubstantiated", triager, "unsubstantiated"],
      ["substantiated", "require_remedy", triager, "remedy_pending"],
      ["remedy_pending", "confirm_remedied", triager, "remedied"],
      ["remedied", "close", triager, "closed"],
      ["unsubstantiated", "close", admin, "closed"],
      ["investigating", "merge", triager, "closed"],
      ["closed", "reopen", reporter, "screening"],
    ] as const)("moves %s by %s to the next status", (from, action, actor, to) => {
      const result = transition(state(from), action, actor, full);
      expect(result).toMatchObject({ ok: true, from, to });
    });
  });

  it("refuses every (status, action) pair not in the table", () => {
    for (const status of REPORT_STATUSES) {
      for (const action of ACTIONS) {
        const rule = TRANSITIONS[action];
        const actor = rule.by === "system" ? system : rule.by === "reporter" ? reporter : triager;
        const result = transition(state(status), action, actor, full);
        expect(result.ok, `${status} --${action}-->`).toBe(rule.from.includes(status));
      }
    }
  });

  describe("who may act", () => {
    it.each([
      ["routed", "accept", viewer],
      ["routed", "accept", reporter],
      ["routed", "accept", system],
      ["closed", "reopen", triager],
      ["closed", "reopen", admin],
      ["received", "route", triager],
      ["investigating", "find_substantiated", viewer],
    ] as const)("refuses %s → %s for the wrong actor", (from, action, actor) => {
      expect(transition(state(from), action, actor, full)).toEqual({ ok: false, error: "forbidden_for_actor" });
    });
  });

  it.each(["transferred", "screening"] as const)("routes only a received report: a %s one keeps its status on the next inbox delivery", (from) => {
    expect(transition(state(from), "route", system)).toEqual({ ok: false, error: "not_allowed_from_status" });
  });

  describe("what each action requires", () => {
    it.each([
      ["investigating", "find_substantiated", "finding"],
      ["investigating", "find_partly_substantiated", "finding"],
      ["investigating", "find_unsubstantiated", "finding"],
      ["substantiated", "require_remedy", "remedy"],
      ["remedy_pending", "confirm_remedied", "remedy"],
      ["routed", "out_of_scope", "reason"],
      ["routed", "transfer", "reason"],
      ["routed", "transfer", "target_body"],
      ["accepted", "merge", "merged_into"],
    ] as const)("refuses %s → %s without a %s", (from, action, requirement) => {
      const input = { ...full, finding: "", remedy: " ", reason: "", targetBodyId: "", mergedInto: "" };
      const result = transition(state(from), action, triager, input);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.missing).toContain(requirement);
    });
  });

  it("treats leaving routed, transferred or screening as the acknowledgement, and nothing else", () => {
    expect(transition(state("routed"), "accept", triager)).toMatchObject({ acknowledges: true });
    expect(transition(state("transferred"), "out_of_scope", triager, full)).toMatchObject({ acknowledges: true });
    expect(transition(state("accepted"), "investigate", triager)).toMatchObject({ acknowledges: false });
    expect(transition(state("received"), "route", system)).toMatchObject({ acknowledges: false });
  });

  it("escalates on the third transfer instead of bouncing the report again", () => {
    expect(transition(state("routed", 0), "transfer", triager, full)).toMatchObject({ escalates: false });
    expect(transition(state("routed", 1), "transfer", triager, full)).toMatchObject({ escalates: false });
    expect(transition(state("routed", 2), "transfer", triager, full)).toMatchObject({ escalates: true });
  });

  it("keeps outcomes distinct and keeps the outcome when closing", () => {
    expect(transition(state("routed"), "out_of_scope", triager, full)).toMatchObject({ outcome: "out_of_scope", concludes: true, publicText: "不属本机关" });
    expect(transition({ status: "unsubstantiated", outcome: "unsubstantiated", transferCount: 0 }, "close", triager)).toMatchObject({
      to: "closed",
      outcome: "unsubstantiated",
    });
    expect(transition(state("accepted"), "merge", triager, full)).toMatchObject({ outcome: "merged" });
    expect(transition({ status: "closed", outcome: "remedied", transferCount: 0 }, "reopen", reporter)).toMatchObject({ outcome: null });
  });

  it("never counts closed, merged or out of scope as resolved", () => {
    expect(isResolvedOutcome(null)).toBe(false);
    expect(isResolvedOutcome("merged")).toBe(false);
    expect(isResolvedOutcome("out_of_scope")).toBe(false);
    expect(isResolvedOutcome("remedied")).toBe(true);
  });
});

describe("availableActions()", () => {
  it("offers a viewer nothing and a triager the table's actions", () => {
    expect(availableActions("routed", "viewer")).toEqual([]);
    expect(availableActions("routed", "triager")).toEqual(["accept", "transfer", "out_of_scope", "merge"]);
  });
});

describe("levelAbove()", () => {
  it("escalates county → prefecture → province → central, then nowhere", () => {
    expect([levelAbove("county"), levelAbove("prefecture"), levelAbove("province"), levelAbove("central")]).toEqual([
      "prefecture",
      "province",
      "central",
      null,
    ]);
  });
});
