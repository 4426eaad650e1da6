import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  decodeSignature,
  DUPLICATE_THRESHOLD,
  encodeSignature,
  findDuplicateGroup,
  signatureSimilarity,
  similarity,
  textSignature,
} from "../../worker/domain/duplicates.ts";
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
    expect(findDuplicateGroup({ title: "报表重复", description: BASE }, [{ ...candidates[1]!, duplicateGroup: "g7" }])).toEqual({
      group: "g7",
      matchedId: "r2",
      matchedNeedsGroup: false,
    });
  });
});

describe("signatures (migrations/0014)", () => {
  const texts = [
    BASE,
    BASE.replace("两天", "三天").replace("每月", "每个月"),
    "镇里要求每个村挂十二块牌子，包括各部门的制度牌和公示牌，村部墙上已经挂不下了。",
    "农业报表太多：种植面积、产量、补贴名单，一个月报四次。",
  ];

  it("give the similarity of the texts, so grouping is unchanged", () => {
    for (const a of texts)
      for (const b of texts) {
        const sa = textSignature({ title: "", description: a }, 12345);
        const sb = decodeSignature(encodeSignature(textSignature({ title: "", description: b }, 12345)));
        expect(signatureSimilarity(sa, sb)).toBeCloseTo(similarity(`\n${a}`, `\n${b}`), 10);
      }
  });

  it("depend on the server's seed", () => {
    expect(textSignature({ title: "报表", description: BASE }, 1)).not.toEqual(textSignature({ title: "报表", description: BASE }, 2));
  });
});

describe("duplicate grouping at intake", () => {
  const submit = async (body: Record<string, unknown>) => postJson("/api/reports", { ...body, altcha: await solvedAltcha() });
  const groups = async (township: string) =>
    (
      await env.DB.prepare("SELECT duplicate_group AS g, imposer_name AS body, category FROM reports WHERE township_code = ?1")
        .bind(township)
        .all<{ g: string | null; body: string; category: string }>()
    ).results;

  it("puts near-identical reports about the same body, area and category in one group", async () => {
    const area = await makeArea();
    expect((await submit(validReport(area, { title: "报表重复填报", description: BASE }))).status).toBe(201);
    expect((await submit(validReport(area, { title: "报表重复填报！", description: BASE.replace("两天", "三天"), imposerName: "县 农业农村局" }))).status).toBe(
      201,
    );
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

  it("stores a signature that holds no text of the report", async () => {
    const area = await makeArea();
    await submit(validReport(area, { title: "报表重复填报", description: BASE }));
    const row = await env.DB.prepare("SELECT s.* FROM report_signatures s JOIN reports r ON r.id = s.report_id WHERE r.township_code = ?1")
      .bind(area.township)
      .first<Record<string, string>>();
    expect(row).not.toBeNull();
    expect(row!.grams).toMatch(/^([0-9a-f]{8})+$/);
    expect(row!.body_key).not.toContain("农业");
    for (const value of Object.values(row!)) expect(String(value)).not.toMatch(/\p{Script=Han}/u);
  });

  it("finds the duplicate among many reports about the same place", async () => {
    const area = await makeArea();
    const others = [
      "镇里要求每个村挂十二块牌子，包括各部门的制度牌和公示牌，村部墙上已经挂不下了。",
      "每周要在政务软件上打卡签到三次，拍照上传工作留痕，网络不好时要跑到镇上去。",
      "县里一个月开了九次视频会议，每次都要求村干部全程在线，不能下地干活。",
      "上级检查组今年来了十一批，每批都要准备一套台账，内容大同小异。",
      "要求每户签承诺书保证不出现任何问题，签不全就一票否决评优资格。",
    ];
    for (const [i, description] of others.entries()) await submit(validReport(area, { title: `负担${i}`, description }));
    await submit(validReport(area, { title: "报表重复填报", description: BASE }));
    await submit(validReport(area, { title: "报表重复填报", description: BASE.replace("两天", "三天") }));
    const grouped = (await groups(area.township)).filter((r) => r.g !== null);
    expect(grouped).toHaveLength(2);
  });
});
