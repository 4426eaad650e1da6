import { describe, expect, it } from "vitest";
import { areaOf } from "../../data/schema/division.ts";
import {
  bodyAreasFor,
  CONFLICT_RULE_ID,
  escalationTarget,
  isAccused,
  levelAbove,
  officialChannelFor,
  route,
  type DecisionStatus,
  type RoutableReport,
} from "../../worker/domain/routing.ts";
import { ROUTING_RULES } from "../../worker/delivery/plan.ts";
import { DEMO_BODIES, TEST_CHANNELS, routingBody } from "./delivery-fixtures.ts";
import { routingReasonLabel } from "../../site/i18n/labels.ts";

const BODIES = DEMO_BODIES.map(routingBody);
/** 沤江镇 (桂东县, 郴州市, 湖南省) and a township of 许昌市 (4110), where only prefecture bodies exist. */
const GUIDONG = "431027100";
const XUCHANG = "411023100";

type Expected = [DecisionStatus, string | null, string, string?];

const report = (r: Partial<RoutableReport>): RoutableReport => ({
  townshipCode: GUIDONG,
  villageCode: null,
  imposerLevel: "county",
  imposerName: "桂东县农业农村局",
  category: "forms",
  ...r,
});

const cases: [string, Partial<RoutableReport>, Expected[]][] = [
  [
    "a township's own burden goes to the county burden-reduction office and discipline commission",
    { imposerLevel: "township", imposerName: "沤江镇人民政府" },
    [
      ["routed", "guidong-burden-office", "one-level-above"],
      ["routed", "guidong-discipline", "one-level-above"],
    ],
  ],
  [
    "a county department's burden goes one level up, to the prefecture",
    { imposerLevel: "county", imposerName: "桂东县农业农村局" },
    [
      ["routed", "chenzhou-burden-office", "one-level-above"],
      ["routed", "chenzhou-discipline", "one-level-above"],
    ],
  ],
  [
    "a prefecture department's burden goes to the province",
    { imposerLevel: "prefecture", imposerName: "郴州市农业农村局" },
    [
      ["routed", "hunan-burden-office", "one-level-above"],
      ["routed", "hunan-discipline", "one-level-above"],
    ],
  ],
  [
    "a province department's burden goes to central bodies; the one not joined is kept with 12388",
    { imposerLevel: "province", imposerName: "湖南省农业农村厅" },
    [
      ["routed", "central-burden-office", "one-level-above"],
      ["not_joined", "central-discipline", "one-level-above", "test-12388"],
    ],
  ],
  [
    "a central imposer goes to every central body, and a missing one names the official channel",
    { imposerLevel: "central", imposerName: "农业农村部" },
    [
      ["routed", "central-burden-office", "central-imposer"],
      ["not_joined", "central-discipline", "central-imposer", "test-12388"],
      ["not_joined", null, "central-imposer", "test-internet-plus"],
    ],
  ],
  [
    "an accused central body is left out and only central bodies that are not accused remain",
    { imposerLevel: "central", imposerName: "中央层面整治形式主义为基层减负专项工作机制办公室" },
    [
      ["excluded", "central-burden-office", CONFLICT_RULE_ID],
      ["not_joined", "central-discipline", "central-imposer", "test-12388"],
      ["not_joined", null, "central-imposer", "test-internet-plus"],
    ],
  ],
  [
    "an unknown level goes to the county and prefecture bodies of the burden's area",
    { imposerLevel: "unknown", imposerName: "上级某部门" },
    [
      ["routed", "guidong-burden-office", "unknown-level"],
      ["routed", "guidong-discipline", "unknown-level"],
      ["routed", "chenzhou-burden-office", "unknown-level"],
      ["routed", "chenzhou-discipline", "unknown-level"],
    ],
  ],
  [
    "an accused county commission of unknown level is left out; the prefecture commission still receives it",
    { imposerLevel: "unknown", imposerName: "桂东县纪委" },
    [
      ["routed", "guidong-burden-office", "unknown-level"],
      ["excluded", "guidong-discipline", CONFLICT_RULE_ID],
      ["routed", "chenzhou-burden-office", "unknown-level"],
      ["routed", "chenzhou-discipline", "unknown-level"],
    ],
  ],
  [
    "an accused receiver is replaced by the body of the same kind one level up",
    { imposerLevel: "county", imposerName: "郴州市纪委监委第三监督检查室" },
    [
      ["routed", "chenzhou-burden-office", "one-level-above"],
      ["excluded", "chenzhou-discipline", CONFLICT_RULE_ID],
      ["routed", "hunan-discipline", CONFLICT_RULE_ID],
    ],
  ],
  [
    "secondments go to the organisation department too, kept as not joined with 互联网+督查",
    { imposerLevel: "county", imposerName: "桂东县人社局", category: "secondment" },
    [
      ["not_joined", "chenzhou-organisation", "personnel-burdens", "test-internet-plus"],
      ["routed", "chenzhou-burden-office", "personnel-burdens"],
      ["routed", "chenzhou-discipline", "personnel-burdens"],
    ],
  ],
  [
    "an area rule (郴州 off-list tasks) adds the prefecture office for a township imposer",
    { imposerLevel: "township", imposerName: "沤江镇人民政府", category: "off_list_tasks" },
    [
      ["routed", "guidong-burden-office", "chenzhou-off-list-tasks"],
      ["routed", "guidong-discipline", "chenzhou-off-list-tasks"],
      ["routed", "chenzhou-burden-office", "chenzhou-off-list-tasks"],
    ],
  ],
  [
    "the area rule does not apply outside its area",
    { townshipCode: XUCHANG, imposerLevel: "township", imposerName: "某镇人民政府", category: "off_list_tasks" },
    [
      ["not_joined", null, "one-level-above", "test-xuchang-platform"],
      ["not_joined", null, "one-level-above", "test-12388"],
    ],
  ],
  [
    "in 许昌 a joined commission receives it and the office that has not joined points to the local platform",
    { townshipCode: XUCHANG, imposerLevel: "county", imposerName: "某县教育局" },
    [
      ["not_joined", "xuchang-burden-office", "one-level-above", "test-xuchang-platform"],
      ["routed", "xuchang-discipline", "one-level-above"],
    ],
  ],
];

describe("route", () => {
  it.each(cases)("%s", (_name, overrides, expected) => {
    const decisions = route(report(overrides), ROUTING_RULES, BODIES, TEST_CHANNELS);
    expect(
      decisions.map((d): Expected => (d.channelId ? [d.status, d.body?.id ?? null, d.ruleId, d.channelId] : [d.status, d.body?.id ?? null, d.ruleId])),
    ).toEqual(expected);
  });

  it.each(cases)("never sends the report to the body it accuses, and says why for every decision: %s", (_name, overrides) => {
    const r = report(overrides);
    for (const d of route(r, ROUTING_RULES, BODIES, TEST_CHANNELS)) {
      expect(d.reason.length).toBeGreaterThan(10);
      if (d.status === "routed") expect(isAccused(d.body!, r.imposerName)).toBe(false);
    }
  });

  it.each(cases)("gives every decision a reason code that reads as Chinese on a zh-CN page: %s", (_name, overrides) => {
    for (const d of route(report(overrides), ROUTING_RULES, BODIES, TEST_CHANNELS)) {
      const zh = routingReasonLabel("zh-CN", d.reasonCode, d.reasonParams);
      expect(zh, `${d.reasonCode} ${JSON.stringify(d.reasonParams)}`).not.toMatch(/[A-Za-z]{3,}|\{\w+\}/);
      expect(routingReasonLabel("en", d.reasonCode, d.reasonParams)).not.toMatch(/\{\w+\}/);
    }
  });

  it("stores an escalation past an accused body with both names: the accused and the one that has not joined", () => {
    const decisions = route(report({ imposerLevel: "township", imposerName: "桂东县纪委" }), ROUTING_RULES, BODIES, TEST_CHANNELS);
    const excluded = decisions.find((d) => d.reasonCode === "conflict_excluded");
    expect(excluded?.reasonParams).toMatchObject({ body: excluded?.body?.name });
    const escalated = decisions.filter((d) => d.reasonParams.why === "conflict_escalated" || d.reasonCode === "conflict_escalated");
    expect(escalated.length).toBeGreaterThan(0);
    for (const d of escalated) expect(routingReasonLabel("zh-CN", d.reasonCode, d.reasonParams)).toContain(`反映涉及${excluded!.body!.name}`);
  });

  it("labels an old decision without a code generically, never with its English text", () => {
    expect(routingReasonLabel("zh-CN", null)).toBe("按分派规则分派（早期记录，未存理由代码）。");
  });

  it("routes nowhere, with a reason, when no rule matches", () => {
    const [only] = route(report({}), [], BODIES, TEST_CHANNELS);
    expect(only).toMatchObject({ status: "not_joined", body: null, ruleId: "no-matching-rule", channelId: "test-12388", reasonCode: "no_rule" });
  });
});

describe("isAccused", () => {
  it.each([
    ["县纪委", "桂东县纪委监委", true],
    ["桂东县纪委", "桂东县纪委监委", true],
    ["郴州市监委", "郴州市纪委监委", true],
    ["郴州市纪律检查委员会", "郴州市纪委监委", true],
    ["郴州市纪委监委第三监督检查室", "郴州市纪委监委", true],
    ["郴州市委组织部", "中共郴州市委组织部", true],
    ["桂东县 纪委", "桂东县纪委监委", true],
    ["桂东县农业农村局", "桂东县纪委监委", false],
    ["市纪委", "桂东县纪委监委", false],
    ["纪", "桂东县纪委监委", false],
  ])("imposer %s accuses %s: %s", (imposer, body, expected) => {
    expect(isAccused({ name: body }, imposer)).toBe(expected);
  });
});

describe("levelAbove", () => {
  it.each([
    ["township", "county"],
    ["county", "prefecture"],
    ["prefecture", "province"],
    ["province", "central"],
    ["central", "central"],
  ] as const)("one level above %s is %s", (level, above) => {
    expect(levelAbove(level)).toBe(above);
  });
});

describe("officialChannelFor", () => {
  it.each([
    ["discipline_commission", GUIDONG, "test-12388"],
    ["discipline_commission", XUCHANG, "test-12388"],
    ["burden_reduction_office", XUCHANG, "test-xuchang-platform"],
    ["burden_reduction_office", GUIDONG, "test-internet-plus"],
    ["organisation_department", GUIDONG, "test-internet-plus"],
  ] as const)("a %s not joined for %s points to %s", (kind, place, channel) => {
    expect(officialChannelFor(place, kind, TEST_CHANNELS)?.id).toBe(channel);
  });

  it("names no channel when none serves the area", () => {
    expect(officialChannelFor(GUIDONG, "discipline_commission", [])).toBeNull();
  });
});

describe("areaOf, bodyAreasFor and escalationTarget", () => {
  it("cut a code to the prefix of a level, CN for central", () => {
    expect(areaOf("431003100", "county")).toBe("431003");
    expect(areaOf("431003100", "prefecture")).toBe("4310");
    expect(areaOf("431003100", "province")).toBe("43");
    expect(areaOf("431003100", "central")).toBe("CN");
    expect(bodyAreasFor("431003100")).toEqual(["431003", "4310", "43", "CN"]);
  });

  it("escalate one level up over the same place, and nowhere above central", () => {
    expect(escalationTarget({ level: "county", area: "431003" })).toEqual({ level: "prefecture", area: "4310" });
    expect(escalationTarget({ level: "province", area: "43" })).toEqual({ level: "central", area: "CN" });
    expect(escalationTarget({ level: "central", area: "CN" })).toBeNull();
  });
});
