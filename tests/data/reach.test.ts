/**
 * reachFor (issue 10 item 2): who a report would reach before it is written, from the shipped
 * routing rules, the bodies of data/oversight-bodies/ and the official channels: the same
 * function the site build and the worker use.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { OfficialChannel, OversightBody } from "../../data/schema/index.ts";
import { readRoutingRules } from "../../scripts/gen-routing-rules.ts";
import { reachFor, type ReachData } from "../../worker/domain/routing.ts";
import { routingBody, routingChannel } from "../../site/lib/reach.ts";

const load = <T>(dir: string, schema: { parse: (x: unknown) => T }) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => schema.parse(parse(readFileSync(`${dir}/${f}`, "utf8"))));
const bodies = load("data/oversight-bodies", OversightBody).map(routingBody);
const channels = load("data/channels", OfficialChannel).map(routingChannel);
const data: ReachData = { rules: readRoutingRules().rules, bodies, channels };
const names = (r: ReturnType<typeof reachFor>) => r.receivers.map((b) => b.name);

const OUJIANG = "431027100"; // 沤江镇, 桂东县, 郴州市 (4310)
const DONGZHAO = "130531204"; // 东召乡, 广宗县, 邢台市: no joined body in 河北

describe("reachFor", () => {
  it("names the 郴州市 bodies for 沤江镇 against a county body", () => {
    const reach = reachFor({ township: OUJIANG, imposerLevel: "county" }, data);
    expect(names(reach).length).toBeGreaterThan(0);
    expect(reach.receivers.every((b) => b.joined && b.level === "prefecture" && b.area === "4310")).toBe(true);
    expect(reach.channel).toBeNull();
    expect(reach.ruleId).toBe("one-level-above");
  });

  it("says a report from 东召乡 against a county body reaches no body, and names the official channel instead", () => {
    const reach = reachFor({ township: DONGZHAO, imposerLevel: "county" }, data);
    expect(reach.receivers).toEqual([]);
    expect(reach.channel).not.toBeNull();
    expect(["12388", "internet_plus_supervision", "local_platform"]).toContain(reach.channel!.kind);
  });

  it("without a category follows the default rule and says some categories go further", () => {
    const reach = reachFor({ township: OUJIANG, imposerLevel: "county" }, data);
    expect(reach.variesByCategory).toBe(true);
    const offList = reachFor({ township: OUJIANG, imposerLevel: "county", category: "off_list_tasks" }, data);
    expect(offList.ruleId).toBe("chenzhou-off-list-tasks");
    expect(offList.variesByCategory).toBe(false);
  });

  it("with a category gives the exact rule: personnel burdens add the organisation department", () => {
    const reach = reachFor({ township: OUJIANG, imposerLevel: "township", category: "secondment" }, data);
    expect(reach.ruleId).toBe("personnel-burdens");
    expect(reach.receivers.some((b) => b.kind === "organisation_department")).toBe(true);
  });

  it("leaves out the accused body", () => {
    const all = reachFor({ township: OUJIANG, imposerLevel: "county" }, data);
    const accused = all.receivers[0]!;
    const reach = reachFor({ township: OUJIANG, imposerLevel: "county", imposerBody: accused.name }, data);
    expect(names(reach)).not.toContain(accused.name);
  });

  it("never counts a body that has not joined", () => {
    const none = reachFor({ township: OUJIANG, imposerLevel: "county" }, { ...data, bodies: bodies.map((b) => ({ ...b, joined: false })) });
    expect(none.receivers).toEqual([]);
    expect(none.channel).not.toBeNull();
  });
});
