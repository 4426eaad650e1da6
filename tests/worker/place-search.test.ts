import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { placeKey, placeLabel } from "../../data/schema/division.ts";
import { PLACE_TIER_SQL } from "../../worker/db/places.ts";
import { placeNameRow, placeNamesSql } from "../../worker/db/place-rows.ts";
import { insertPlaces, type DivisionRow } from "./place-fixtures.ts";

beforeAll(async () => {
  const rows: DivisionRow[] = [
    ["43", "湖南省", "province", null, "province"],
    ["4310", "郴州市", "prefecture", "43", "city"],
    ["431027", "桂东县", "county", "4310", "county"],
    ["431027100", "沤江镇", "township", "431027", "town"],
    ["431027100237", "南华村委会", "village", "431027100", "village"],
    ["4309", "益阳市", "prefecture", "43", "city"],
    ["430923", "安化县", "county", "4309", "county"],
    ["430923109", "东坪镇", "township", "430923", "town"],
    ["430923109204", "南华村村民委员会", "village", "430923109", "village"],
    ["4301", "市辖区", "prefecture", "43", "municipal_districts"],
    ["430102", "芙蓉区", "county", "4301", "district"],
    ["430102001", "东华街道", "township", "430102", "subdistrict"],
    ["430102001001", "东华社区居民委员会", "village", "430102001", "community"],
    ["430102002", "定王台街道", "township", "430102", "subdistrict"],
    ["430102002001", "小东华社区居委会", "village", "430102002", "community"],
    // 25 villages of one name, for the count and paging
    ...Array.from({ length: 25 }, (_, i): DivisionRow => [`4301020${String(10 + i)}201`, "新星村委会", "village", `4301020${String(10 + i)}`, "village"]),
    ...Array.from({ length: 25 }, (_, i): DivisionRow => [`4301020${String(10 + i)}`, `新星${i}镇`, "township", "430102", "town"]),
  ];
  await insertPlaces(rows);
});

interface Found {
  total: number;
  capped: boolean;
  results: { code: string; label: string; tier: string; chain: string; href: string; township: { code: string; name: string } | null }[];
}
const api = async (q: string, extra = "") => {
  const res = await exports.default.fetch(`http://localhost/api/search?q=${encodeURIComponent(q)}${extra}`);
  return { status: res.status, body: (await res.json()) as Found & { fields?: { path: string; message: string }[] } };
};

describe("place keys and labels", () => {
  it("turns NBS committee forms into the names people say, on both sides", () => {
    expect(placeKey("南华村委会")).toBe("南华村");
    expect(placeKey("南华村村委会")).toBe("南华村");
    expect(placeKey("南华村民委员会")).toBe("南华村");
    expect(placeKey("南华村村民委员会")).toBe("南华村");
    expect(placeKey("东华社区居委会")).toBe("东华社区");
    expect(placeKey("东华社区居民委员会")).toBe("东华社区");
    expect(placeKey(" 南华村 ")).toBe("南华村");
  });

  it("leaves NBS placeholder levels out of chains", () => {
    expect(placeLabel(["湖南省", "市辖区", "芙蓉区", "东华街道"], "full")).toBe("东华街道（湖南省 芙蓉区）");
    expect(placeLabel(["海南省", "省直辖县级行政区划", "五指山市"], "chain")).toBe("海南省");
  });
});

describe("GET /api/search", () => {
  it("names a village's township first and lists every place of a shared name with its chain", async () => {
    const { status, body } = await api("南华村");
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    expect(body.results.map((r) => r.label)).toEqual(["南华村 → 东坪镇（湖南省 益阳市 安化县）", "南华村 → 沤江镇（湖南省 郴州市 桂东县）"]);
    expect(body.results[1]).toMatchObject({ code: "431027100237", township: { code: "431027100", name: "沤江镇" }, href: "/r/431027100/" });
  });

  it("finds the committee form typed in full too", async () => {
    expect((await api("南华村村委会")).body.total).toBe(2);
  });

  it("ranks exact (and short form) before prefix before substring", async () => {
    const { body } = await api("东华");
    expect(body.results.map((r) => [r.code, r.tier])).toEqual([
      ["430102001", "exact"],
      ["430102001001", "prefix"],
      ["430102002001", "substring"],
    ]);
    expect(body.results[0]!.label).toBe("东华街道（湖南省 芙蓉区）");
  });

  it("counts and pages the same results", async () => {
    const first = await api("新星村", "&limit=20");
    expect(first.body.total).toBe(25);
    expect(first.body.results).toHaveLength(20);
    const second = await api("新星村", "&limit=20&page=2");
    expect(second.body.total).toBe(25);
    expect(second.body.results).toHaveLength(5);
    expect(new Set([...first.body.results, ...second.body.results].map((r) => r.code)).size).toBe(25);
    expect((await api("新星村", "&limit=20&page=9")).body).toMatchObject({ total: 25, results: [] });
  });

  it("finds a place by a former name (data/division-changes.yaml) and says so", async () => {
    // load:divisions adds each retired name pointing at its successor, former = 1.
    await env.DB.batch(placeNamesSql([placeNameRow("431027100", "旧沤江乡", true)]).map((q) => env.DB.prepare(q)));
    const { body } = await api("旧沤江乡");
    expect(body.results).toHaveLength(1);
    expect(body.results[0]).toMatchObject({ code: "431027100", former: true, label: "沤江镇（湖南省 郴州市 桂东县）" });
  });

  it("answers a one-character query by exact and prefix matches", async () => {
    const { status, body } = await api("东", "&levels=township");
    expect(status).toBe(200);
    expect(body.results.map((r) => [r.code, r.tier])).toEqual([
      ["430923109", "prefix"],
      ["430102001", "prefix"],
    ]);
  });

  it("takes only the levels asked for", async () => {
    const { body } = await api("东华", "&levels=township");
    expect(body.results.map((r) => r.code)).toEqual(["430102001"]);
  });

  it("refuses an empty or over-long query with a message in the request's language", async () => {
    const empty = await api("  ");
    expect(empty.status).toBe(400);
    expect(empty.body.fields?.[0]).toMatchObject({ path: "q", message: "请输入乡镇、街道或村、社区的名称。" });
    const res = await exports.default.fetch(`http://localhost/api/search?q=${"村".repeat(41)}`, { headers: { "accept-language": "en" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fields: { message: string }[] }).fields[0]!.message).toContain("at most 40");
  });

  it("answers the former picker address with 308 to itself", async () => {
    const res = await exports.default.fetch(`http://localhost/api/divisions/search?villages=1&q=${encodeURIComponent("南华")}`, { redirect: "manual" });
    expect(res.status).toBe(308);
    expect(res.headers.get("location")).toBe(`/api/search?q=${encodeURIComponent("南华")}&levels=township%2Cvillage`);
  });
});

describe("GET /search/ without JavaScript", () => {
  it("renders the results on the server, the village naming its township", async () => {
    const res = await exports.default.fetch(`http://localhost/search/?q=${encodeURIComponent("南华村")}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("找到 2 个地方");
    expect(html).toMatch(/南华村<\/span> → <a href="\/r\/431027100\/" lang="zh-CN">沤江镇<\/a> <span class="muted" lang="zh-CN">湖南省 郴州市 桂东县<\/span>/);
    expect(html).toContain('value="南华村"');
  });

  it("pages with links that keep the query", async () => {
    const html = await (await exports.default.fetch(`http://localhost/search/?q=${encodeURIComponent("新星")}`)).text();
    expect(html).toContain("第 1 页，共 3 页");
    expect(html).toContain(`/search/?q=${encodeURIComponent("新星")}&amp;page=2`);
  });

  it("says what to type for an empty query, and refuses an over-long one in English under /en/", async () => {
    expect(await (await exports.default.fetch("http://localhost/search/?q=")).text()).toContain("请输入乡镇、街道或村、社区的名称。");
    const res = await exports.default.fetch(`http://localhost/en/search/?q=${"村".repeat(41)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("at most 40 characters");
  });

  it("says so when nothing matches", async () => {
    expect(await (await exports.default.fetch(`http://localhost/search/?q=${encodeURIComponent("无此地名")}`)).text()).toContain("没有找到这个名称的地方");
  });
});

describe("place search query plans", () => {
  it("uses an index for each query shape (exact, prefix, substring)", async () => {
    const binds: Record<keyof typeof PLACE_TIER_SQL, unknown[]> = {
      exact: [JSON.stringify(["东华", "东华镇"])],
      prefix: [null, "东华", null, 501],
      substring: [null, "东华", "东华", 501],
    };
    for (const [shape, sql] of Object.entries(PLACE_TIER_SQL) as [keyof typeof PLACE_TIER_SQL, string][]) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...binds[shape])
        .all<{ detail: string }>();
      const plan = results.map((r) => r.detail).join("\n");
      expect(plan, shape).toMatch(/SEARCH (place_names|place_ngrams|p) USING (PRIMARY KEY|INDEX|COVERING INDEX)/);
      expect(plan, shape).not.toMatch(/SCAN (place_names|place_ngrams|p)\b(?! USING)/);
    }
  });
});
