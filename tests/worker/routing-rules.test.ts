/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RoutingRules } from "../../data/schema/routing-rule.ts";
import rulesYaml from "../../data/routing-rules.yaml?raw";
import rulesJson from "../../worker/delivery/routing-rules.json";
import { DEMO_BODIES } from "./delivery-fixtures.ts";

describe("data/routing-rules.yaml", () => {
  it("parses against the RoutingRules schema", () => {
    expect(RoutingRules.safeParse(parse(rulesYaml)).success).toBe(true);
  });

  it("is what the worker bundles (run `npm run gen:routing` after editing it)", () => {
    expect(rulesJson).toEqual(RoutingRules.parse(parse(rulesYaml)));
  });
});

describe("RoutingRules", () => {
  const rule = (r: object) => ({ id: "r", reason: "because", receivers: [{ kind: "discipline_commission", level: "county" }], ...r });

  it.each([
    ["a last rule with conditions (no catch-all)", { rules: [rule({ when: { categories: ["forms"] } })] }, "e.routing_needs_catch_all"],
    ["two rules with one id", { rules: [rule({ when: { categories: ["forms"] } }), rule({})] }, "e.duplicate_id"],
    [
      "`above` on a rule that also matches unknown levels",
      { rules: [rule({ receivers: [{ kind: "discipline_commission", level: "above" }] })] },
      "e.routing_above_needs_known_level",
    ],
  ])("rejects %s", (_name, file, message) => {
    const result = RoutingRules.safeParse(file);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain(message);
  });

  it("rejects an unknown category", () => {
    expect(RoutingRules.safeParse({ rules: [rule({ when: { categories: ["parades"] } }), rule({ id: "last" })] }).success).toBe(false);
  });
});

describe("data/oversight-bodies", () => {
  it("holds demo contacts only, at every level, with joined and not-joined bodies", () => {
    expect(DEMO_BODIES.length).toBeGreaterThanOrEqual(8);
    expect(DEMO_BODIES.every((b) => b.demo)).toBe(true);
    expect(new Set(DEMO_BODIES.map((b) => b.level))).toEqual(new Set(["county", "prefecture", "province", "central"]));
    expect(DEMO_BODIES.some((b) => !b.joined && b.level === "central")).toBe(true);
  });

  it("sends demo webhooks only to the local receiver and demo mail only to .invalid addresses", () => {
    for (const channel of DEMO_BODIES.flatMap((b) => b.channels)) {
      if (channel.type === "webhook") expect(channel.url).toMatch(/^http:\/\/127\.0\.0\.1:8790\/webhooks\//);
      if (channel.type === "email") expect(channel.address).toMatch(/\.invalid$/);
    }
  });
});
