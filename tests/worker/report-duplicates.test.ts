import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DUPLICATE_THRESHOLD, findDuplicateGroup, similarity } from "../../worker/domain/duplicates.ts";
import { makeArea, postJson, solvedAltcha, validReport } from "./report-fixtures.ts";

const BASE = "县农业农村局要求每月填报种植面积表，同一组数据还要分别报给统计局和乡村振兴局，格式各不相同，每次要花两天时间。";

describe("similarity", () => {
  it.each([
    ["the same text with other punctuation and spacing", BASE, BASE.replace(/，/g, ", ").replace("。", "!")],
    ["a few words changed", BASE, BASE.replace("两天", "三天").replace("每月", "每个月")],
  ])("groups %s", (_name, a, b) => {
    expect(similarity(a, b)).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it.each([
    ["a different burden in the same place", BASE, "镇里要求每个村挂十二块牌子，包括各部门的制度牌和公示牌，村部墙上已经挂不下了。"],
    ["the same topic written independently", BASE, "农业报表太多：种植面积、产量、补贴名单，一个月报四次。"],
  ])("keeps apart %s", (_name, a, b) => {
    expect(similarity(a, b)).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it("joins the group of the most similar candidate, or the candidate's id when it has none", () => {
    const candidates = [
      { id: "r1", title: "牌子太多", description: "镇里要求每个村挂十二块牌子。", duplicateGroup: null },
      { id: "r2", title: "报表重复", description: BASE, duplicateGroup: null },
    ];
    expect(findDuplicateGroup({ title: "报表重复", description: BASE }, candidates)).toEqual({ group: "r2", matchedId: "r2", matchedNeedsGroup: true });
    expect(findDuplicateGroup({ title: "报表重复", description: BASE }, [{ ...candidates[1]!, duplicateGroup: "g7" }])).toEqual({ group: "g7", matchedId: "r2", matchedNeedsGroup: false });
  });
});

describe("duplicate grouping at intake", () => {
  const submit = async (body: Record<string, unknown>) => postJson("/api/reports", { ...body, altcha: await solvedAltcha() });
  const groups = async (township: string) =>
    (await env.DB.prepare("SELECT duplicate_group AS g, imposer_name AS body, category FROM reports WHERE township_code = ?1").bind(township).all<{ g: string | null; body: string; category: string }>()).results;

  it("puts near-identical reports about the same body, area and category in one group", async () => {
    const area = await makeArea();
    expect((await submit(validReport(area, { title: "报表重复填报", description: BASE }))).status).toBe(201);
    expect((await submit(validReport(area, { title: "报表重复填报！", description: BASE.replace("两天", "三天"), imposerName: "县 农业农村局" }))).status).toBe(201);
    const rows = await groups(area.township);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.g).not.toBeNull();
    expect(rows[0]!.g).toBe(rows[1]!.g);
  });

  it.each([
    ["another body", { imposerName: "县统计局" }],
    ["another category", { category: "ledgers" }],
  ])("keeps identical text apart when it accuses %s", async (_name, change) => {
    const area = await makeArea();
    await submit(validReport(area, { title: "报表重复填报", description: BASE }));
    await submit(validReport(area, { title: "报表重复填报", description: BASE, ...change }));
    expect((await groups(area.township)).map((r) => r.g)).toEqual([null, null]);
  });

  it("never tells the second reporter that a similar report exists", async () => {
    const area = await makeArea();
    await submit(validReport(area, { title: "报表重复填报", description: BASE }));
    const second = (await (await submit(validReport(area, { title: "报表重复填报", description: BASE }))).json()) as Record<string, unknown>;
    expect(Object.keys(second).sort()).toEqual(["receiptCode", "replayed", "routing"]);
  });
});
