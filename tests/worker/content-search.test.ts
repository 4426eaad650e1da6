/** List items and measures in search (issue 13): rows as load:content makes them, /api/search?kind=items and /search/'s section. */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DutyList, MeasureFrontmatter, VillageList } from "../../data/schema/index.ts";
import { CONTENT_TIER_SQL } from "../../worker/db/content.ts";
import { contentEntries, contentSql } from "../../worker/db/content-rows.ts";
import { insertPlaces } from "./place-fixtures.ts";

const source = { publisher: "桂东县人民政府", url: "https://www.guidong.gov.cn/list", date: "2025-06-30" };

const lists = [
  DutyList.parse({
    township: "431027100",
    issuer: "桂东县人民政府",
    version: "2025",
    adopted: "unknown",
    published: "unknown",
    status: "official",
    source,
    parts: {
      basic: [{ no: "1", name: "乡镇干部队伍建设、教育培训和人才工作" }],
      returned: [
        { no: "1", name: "燃气安全检查", receivingDepartment: "县住建局" },
        { no: "2", name: "动物检疫及检疫证明出具", receivingDepartment: "县畜牧水产事务中心", workMode: "由县畜牧水产事务中心派官方兽医实施产地检疫" },
      ],
    },
  }),
  // An older version: never indexed, only the current list is shown on the township page.
  DutyList.parse({
    township: "431027100",
    issuer: "桂东县人民政府",
    version: "2024",
    adopted: "unknown",
    published: "unknown",
    status: "official",
    source,
    parts: { basic: [{ no: "1", name: "受理动物检疫申报并出具动物检疫证明" }] },
  }),
];
const villageLists = [
  VillageList.parse({
    id: "hubei-certs",
    area: "42",
    kind: "catalogue",
    title: "湖北省不应由村（居）出具证明事项清单",
    version: "第一批",
    adopted: "unknown",
    published: "unknown",
    status: "repost",
    source: { publisher: "长江云", url: "https://example.org/hubei", date: "unknown", repost: { originalPublisher: "楚天都市报" } },
    parts: {
      negative: [
        { no: "1", name: "亲属关系证明" },
        { no: "2", name: "居民养犬证明" },
      ],
    },
  }),
  VillageList.parse({
    id: "national-certs",
    area: "CN",
    kind: "catalogue",
    title: "全国证明事项清单",
    adopted: "unknown",
    published: "unknown",
    status: "repost",
    source: { publisher: "某网站", url: "https://example.org/national", date: "unknown", repost: {} },
    parts: { negative: [{ no: "1", name: "亲属关系证明" }] },
  }),
];
const measure = (title: string, summary: string, date = "2025-03-01") =>
  MeasureFrontmatter.parse({ title, date, issuer: "郴州市", areas: ["4310"], categories: ["visits"], summary, status: "sourced", sources: [source] });
const measures = [
  { id: "2025-chenzhou-zero-reception", data: measure("郴州市推行市内公务“零接待”改革", "依托清廉食堂数字化联网系统覆盖全市机关食堂，公务接待费大幅下降。") },
  { id: "2025-animal", data: measure("简化动物检疫报表", "检疫统计表合并为一张。") },
  // The measure's summary alone holds the word: it is found after every title.
  // No date of its own: its first report's (报道日期) is shown.
  { id: "2025-forms", data: measure("一表通改革", "把动物检疫等十类报表合并。", "unknown") },
];

beforeAll(async () => {
  await insertPlaces([
    ["43", "湖南省", "province", null, "province"],
    ["4310", "郴州市", "prefecture", "43", "city"],
    ["431027", "桂东县", "county", "4310", "county"],
    ["431027100", "沤江镇", "township", "431027", "town"],
    ["42", "湖北省", "province", null, "province"],
  ]);
  const statements = contentSql(contentEntries({ dutyLists: lists, villageLists, measures }));
  await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
});

interface Item {
  id: string;
  kind: string;
  title: string;
  href: string | null;
  tier: string;
  inSummary: boolean;
  part: string | null;
  place: string | null;
  source: string;
  dated: string;
  illustrative: boolean;
}
const api = async (q: string, extra = "") => {
  const res = await exports.default.fetch(`http://localhost/api/search?kind=items&q=${encodeURIComponent(q)}${extra}`);
  return { status: res.status, body: (await res.json()) as { kind: string; total: number; results: Item[]; fields?: { path: string; message: string }[] } };
};

describe("GET /api/search?kind=items", () => {
  it("finds a duty item by part of its name, with its township's chain and the anchor of its row", async () => {
    const { status, body } = await api("动物检疫");
    expect(status).toBe(200);
    expect(body.kind).toBe("items");
    const item = body.results.find((r) => r.kind === "duty_item")!;
    expect(item).toMatchObject({
      title: "动物检疫及检疫证明出具",
      href: "/r/431027100/#item-returned-2",
      tier: "prefix",
      part: "returned",
      place: "沤江镇（湖南省 郴州市 桂东县）",
      dated: "2025",
      illustrative: false,
    });
    // Only the current version: the 2024 list's «受理动物检疫申报…» is not found.
    expect(body.results.map((r) => r.title)).not.toContain("受理动物检疫申报并出具动物检疫证明");
  });

  it("ranks exact before prefix before substring, names and titles before summaries", async () => {
    const { body } = await api("动物检疫");
    expect(body.results.map((r) => [r.id, r.tier, r.inSummary])).toEqual([
      ["d:431027100:returned:2", "prefix", false],
      ["m:2025-animal", "substring", false],
      ["m:2025-forms", "substring", true],
    ]);
    expect((await api("燃气安全检查")).body.results[0]).toMatchObject({ id: "d:431027100:returned:1", tier: "exact" });
  });

  it("finds a measure by a word of its title, with its issuer, date and page", async () => {
    const { body } = await api("零接待");
    expect(body.total).toBe(1);
    expect(body.results[0]).toMatchObject({
      kind: "measure",
      href: "/measures/2025-chenzhou-zero-reception/",
      source: "郴州市",
      dated: "2025-03-01",
      dateKind: "measure",
      place: null,
    });
    expect((await api("一表通")).body.results[0]).toMatchObject({ id: "m:2025-forms", dated: "2025-06-30", dateKind: "report" });
  });

  it("finds a measure by its summary, and a village list item on its area's page (a national one at its source)", async () => {
    expect((await api("清廉食堂")).body.results.map((r) => [r.id, r.inSummary])).toEqual([["m:2025-chenzhou-zero-reception", true]]);
    const { body } = await api("亲属关系证明");
    expect(body.results.map((r) => [r.href, r.place])).toEqual([
      ["/r/42/#village-list-hubei-certs", "湖北省"],
      ["https://example.org/national", null],
    ]);
  });

  it("normalises both sides: punctuation and full-width forms do not matter", async () => {
    expect((await api("“零接待”")).body.total).toBe(1);
    expect((await api("动物 检疫")).body.results[0]!.id).toBe("d:431027100:returned:2");
  });

  it("does not index boilerplate: part headings, departments and work modes find nothing", async () => {
    for (const q of ["上级部门收回事项", "县畜牧水产事务中心", "官方兽医"]) expect((await api(q)).body.total, q).toBe(0);
  });

  it("pages, and refuses an unknown kind or an empty query in the request's language", async () => {
    const first = await api("动物检疫", "&limit=2");
    const second = await api("动物检疫", "&limit=2&page=2");
    expect([first.body.total, first.body.results.length, second.body.results.length]).toEqual([3, 2, 1]);
    const bad = await exports.default.fetch(`http://localhost/api/search?kind=all&q=x`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: { path: string }[] }).fields[0]!.path).toBe("kind");
    expect((await api(" ")).status).toBe(400);
  });

  it("keeps the place search as the default kind", async () => {
    const res = await exports.default.fetch(`http://localhost/api/search?q=${encodeURIComponent("沤江镇")}`);
    expect((await res.json()) as { kind: string; results: { code: string }[] }).toMatchObject({ kind: "places", results: [{ code: "431027100" }] });
  });
});

describe("GET /search/: the section «清单事项和减负措施»", () => {
  it("renders items and measures below the places, without JavaScript", async () => {
    const res = await exports.default.fetch(`http://localhost/search/?q=${encodeURIComponent("动物检疫")}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.indexOf('id="results-heading"')).toBeLessThan(html.indexOf('id="items-heading"'));
    expect(html).toContain("找到 3 条清单事项和减负措施");
    expect(html).toContain('<a href="/r/431027100/#item-returned-2" lang="zh-CN">动物检疫及检疫证明出具</a>');
    expect(html).toContain("沤江镇（湖南省 郴州市 桂东县） · 上级部门收回事项 · 2025 版");
    expect(html).toContain("郴州市 · 措施日期 2025年3月1日");
    expect(html).toContain("郴州市 · 报道日期 2025年6月30日");
  });

  it("says so when no item or measure matches, in English under /en/", async () => {
    expect(await (await exports.default.fetch(`http://localhost/search/?q=${encodeURIComponent("无此事项")}`)).text()).toContain(
      "清单事项和减负措施里没有找到这个词。",
    );
    const html = await (await exports.default.fetch(`http://localhost/en/search/?q=${encodeURIComponent("零接待")}`)).text();
    expect(html).toContain("List items and measures found: 1");
    expect(html).toContain("Reduction measure");
  });
});

describe("item search query plans", () => {
  it("uses an index for each query shape (exact, prefix, substring)", async () => {
    const binds: Record<keyof typeof CONTENT_TIER_SQL, unknown[]> = {
      exact: ["动物检疫"],
      prefix: ["动物检疫", null, 501],
      substring: ["动物检疫", "动物", 501],
    };
    for (const [shape, sql] of Object.entries(CONTENT_TIER_SQL) as [keyof typeof CONTENT_TIER_SQL, string][]) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...binds[shape])
        .all<{ detail: string }>();
      const plan = results.map((r) => r.detail).join("\n");
      expect(plan, shape).toMatch(/SEARCH (content_keys|content_ngrams|g|k) USING (PRIMARY KEY|INDEX|COVERING INDEX)/);
      expect(plan, shape).not.toMatch(/SCAN (content_keys|content_ngrams|g|k)\b(?! USING)/);
    }
  });
});
