/**
 * The shared data model: valid records parse, and each kind of invalid record fails with the
 * exact path and code (our `e.*` message codes, or zod's issue code for built-in checks).
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  Deployment,
  DivisionChange,
  DutyList,
  MeasureFrontmatter,
  OfficialChannel,
  OversightBody,
  placeholderContacts,
  ReportedListFigures,
  officialBasis,
  provenanceProblem,
  Source,
  VillageList,
} from "../../data/schema/index.ts";

/** `path: code` of each issue, with our message codes in place of zod's generic `custom`. */
function issues(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const inner = issue.code === "invalid_union" ? issue.errors.flat().find((i) => i.message.startsWith("e.")) : undefined;
    const code = inner?.message ?? (issue.message.startsWith("e.") ? issue.message : issue.code);
    return `${issue.path.join(".")}: ${code}`;
  });
}

const clone = <T>(value: T): T => structuredClone(value);

// Mutations reach into the record loosely on purpose: they make it invalid.
type Mutation = (value: any) => void;

/** One test per case: a fresh valid record, mutated, fails with exactly the expected issues. */
function rejectsEach(schema: z.ZodType, make: () => unknown, cases: [string, Mutation, string[]][]): void {
  it.each(cases)("rejects %s", (_, mutate, expected) => {
    const value = clone(make());
    mutate(value);
    expect(issues(schema, value)).toEqual(expected);
  });
}

const dutyList = () => ({
  township: "431027100",
  issuer: "桂东县人民政府",
  version: "2025",
  adopted: "2025-06-30",
  published: "unknown",
  status: "official",
  source: { publisher: "桂东县人民政府", url: "https://www.example.gov.cn/a.html", date: "2025-07-01" },
  parts: {
    basic: [{ no: "1", name: "党的建设", domain: "党的建设" }],
    assisting: [{ no: "1", name: "安全生产", leadDepartment: "县应急管理局", departmentDuty: "监管", townshipDuty: "报告" }],
    returned: [{ no: "1", name: "动物检疫", receivingDepartment: "县畜牧水产事务中心", workMode: "直接实施" }],
  },
});

describe("DutyList", () => {
  it("accepts an official list with a source", () => {
    expect(issues(DutyList, dutyList())).toEqual([]);
  });

  it("accepts an illustrative list with a note and no source", () => {
    const list: Record<string, unknown> = { ...dutyList(), status: "illustrative", note: "示例" };
    delete list.source;
    expect(issues(DutyList, list)).toEqual([]);
  });

  it("defaults missing parts to empty lists", () => {
    const list = dutyList() as Record<string, any>;
    list.parts = { basic: list.parts.basic };
    expect(DutyList.parse(list).parts.returned).toEqual([]);
  });

  it("accepts item numbers such as 1.1 and (一)", () => {
    const list = dutyList();
    list.parts.basic = [
      { no: "1.1", name: "a", domain: "x" },
      { no: "(一)", name: "b", domain: "x" },
    ];
    expect(issues(DutyList, list)).toEqual([]);
  });

  const cases: [string, Mutation, string[]][] = [
    ["a township code of 6 digits", (l) => (l.township = "431027"), ["township: e.township_code"]],
    ["a date that does not exist", (l) => (l.adopted = "2025-02-30"), ["adopted: e.date_invalid"]],
    ["a date in another format", (l) => (l.published = "2025/07/01"), ["published: e.date_format"]],
    ["an unknown status", (l) => (l.status = "draft"), ["status: invalid_value"]],
    ["an unknown part", (l) => (l.parts.other = []), ["parts: unrecognized_keys"]],
    ["an unknown item field", (l) => (l.parts.basic[0].colour = "red"), ["parts.basic.0: unrecognized_keys"]],
    ["an item without a name", (l) => delete l.parts.basic[0].name, ["parts.basic.0.name: invalid_type"]],
    ["an empty item name", (l) => (l.parts.basic[0].name = "  "), ["parts.basic.0.name: too_small"]],
    ["an official list without a source", (l) => delete l.source, ["source: e.official_needs_source"]],
    [
      "an official list whose source has only a title",
      (l) => (l.source = { publisher: "p", title: "t", date: "unknown" }),
      ["source: e.official_needs_source"],
    ],
    ["an illustrative list without a note", (l) => (l.status = "illustrative"), ["note: e.illustrative_needs_note"]],
    ["an official list whose source is a repost", (l) => (l.source.repost = { originalPublisher: "桂东县人民政府" }), ["source: e.official_not_repost"]],
    [
      "an assisting item without its lead department",
      (l) => delete l.parts.assisting[0].leadDepartment,
      ["parts.assisting.0.leadDepartment: e.missing_leadDepartment"],
    ],
    [
      "a returned item without its receiving department",
      (l) => delete l.parts.returned[0].receivingDepartment,
      ["parts.returned.0.receivingDepartment: e.missing_receivingDepartment"],
    ],
    ["a duplicate item number", (l) => l.parts.basic.push({ no: "1", name: "again" }), ["parts.basic.1.no: e.duplicate_item_number"]],
    ["a source URL that is not http(s)", (l) => (l.source.url = "ftp://example.gov.cn/a"), ["source.url: e.url"]],
  ];
  rejectsEach(DutyList, dutyList, cases);

  it("allows the same item number in different parts", () => {
    expect(issues(DutyList, dutyList())).toEqual([]);
    expect(dutyList().parts.basic[0]!.no).toBe(dutyList().parts.returned[0]!.no);
  });
});

describe("provenance (the one rule for official, repost, illustrative)", () => {
  const HOSTS = ["12371.cn"];
  it.each([
    ["a *.gov.cn URL", { publisher: "p", url: "https://www.guidong.gov.cn/a.html", date: "unknown" }, "host"],
    ["gov.cn itself", { publisher: "p", url: "https://gov.cn/a.html", date: "unknown" }, "host"],
    ["a listed host and its subdomains", { publisher: "p", url: "https://news.12371.cn/a.html", date: "unknown" }, "host"],
    [
      "a document number with the issuer",
      { publisher: "p", url: "https://example.com/a", documentNumber: "桂政发〔2025〕1号", date: "unknown" },
      "document_number",
    ],
  ])("makes a list official from %s", (_, source, basis) => {
    expect(officialBasis({ issuer: "桂东县人民政府", source: source as Source }, HOSTS)).toBe(basis);
    expect(provenanceProblem({ status: "official", issuer: "桂东县人民政府", source: source as Source }, HOSTS)).toBeUndefined();
  });

  it.each([
    ["a host that only looks like gov.cn", { publisher: "p", url: "https://gov.cn.example.com/a", date: "unknown" }, "桂东县人民政府"],
    ["a host merely ending in the listed name", { publisher: "p", url: "https://fake12371.cn/a", date: "unknown" }, "桂东县人民政府"],
    ["a news portal", { publisher: "网易号", url: "https://m.163.com/a", date: "unknown" }, "桂东县人民政府"],
    ["a document number without a known issuer", { publisher: "p", documentNumber: "桂政发〔2025〕1号", date: "unknown" }, "unknown"],
    ["a gov.cn page that is marked as a repost", { publisher: "p", url: "https://www.guidong.gov.cn/a", date: "unknown", repost: {} }, "桂东县人民政府"],
  ])("refuses official from %s", (_, source, issuer) => {
    expect(officialBasis({ issuer, source: source as Source }, HOSTS)).toBeUndefined();
    expect(provenanceProblem({ status: "official", issuer, source: source as Source }, HOSTS)?.code).toMatch(
      /^e\.official_(needs_official_source|not_repost)$/,
    );
  });

  it("judges no host where the list of hosts is not at hand (the zod schemas), and still refuses a repost", () => {
    const copy = { publisher: "网易号", url: "https://m.163.com/a", date: "unknown" } as const;
    expect(provenanceProblem({ status: "official", issuer: "x", source: copy }, "unchecked")).toBeUndefined();
    expect(provenanceProblem({ status: "official", issuer: "x", source: { ...copy, repost: {} } }, "unchecked")?.code).toBe("e.official_not_repost");
    expect(provenanceProblem({ status: "repost", source: { ...copy, repost: {} } }, HOSTS)).toBeUndefined();
  });
});

describe("Source", () => {
  it.each([
    ["a URL", { publisher: "p", url: "https://a.gov.cn/", date: "unknown" }],
    ["a document number", { publisher: "p", documentNumber: "沙政规〔2025〕4号", date: "2025-07-16" }],
    ["a title (a seed article)", { publisher: "人民日报", title: "t", date: "2025-08-04" }],
    ["a URL and only the month it appeared (no day is guessed)", { publisher: "江永县民政局", url: "http://jiangyong.gov.cn/a.shtml", date: "2021-09" }],
  ])("accepts a source identified by %s", (_, source) => {
    expect(issues(Source, source)).toEqual([]);
  });

  it.each([
    ["nothing that identifies it", { publisher: "p", date: "unknown" }, [": e.source_unidentifiable"]],
    ["no date", { publisher: "p", title: "t" }, ["date: invalid_union"]],
    ["a month that does not exist", { publisher: "p", title: "t", date: "2021-13" }, ["date: e.date_format"]],
    ["a day that does not exist", { publisher: "p", title: "t", date: "2021-02-30" }, ["date: e.date_invalid"]],
    ["an empty publisher", { publisher: "", title: "t", date: "unknown" }, ["publisher: too_small"]],
    ["an unknown repost field", { publisher: "p", title: "t", date: "unknown", repost: { by: "x" } }, ["repost: unrecognized_keys"]],
  ])("rejects %s", (_, source, expected) => {
    expect(issues(Source, source)).toEqual(expected);
  });
});

const villageList = () => ({
  id: "hubei-catalogue",
  area: "42",
  kind: "catalogue",
  title: "t",
  version: "unknown",
  adopted: "unknown",
  published: "unknown",
  status: "repost",
  source: { publisher: "网易号", url: "https://m.163.com/a.html", date: "unknown", repost: { note: "repost" } },
  parts: { main: [{ no: "1", name: "宣传宪法、法律、法规和国家政策。" }] },
});

describe("VillageList", () => {
  it("accepts a provincial catalogue from a labelled repost", () => {
    expect(issues(VillageList, villageList())).toEqual([]);
  });

  rejectsEach(VillageList, villageList, [
    ["a village's own list keyed to a province", (l) => (l.kind = "list"), ["area: e.village_list_needs_village"]],
    ["an id with capitals", (l) => (l.id = "Hubei"), ["id: invalid_format"]],
    ["an unknown kind", (l) => (l.kind = "guide"), ["kind: invalid_value"]],
    ["a township part name", (l) => (l.parts.basic = []), ["parts: unrecognized_keys"]],
    ["a duplicate item number", (l) => l.parts.main.push({ no: "1", name: "x" }), ["parts.main.1.no: e.duplicate_item_number"]],
    ["a repost list without a source", (l) => delete l.source, ["source: e.repost_needs_repost_source"]],
    ["a repost list whose source is not marked as a repost", (l) => delete l.source.repost, ["source: e.repost_needs_repost_source"]],
    ["an official list from a repost", (l) => (l.status = "official"), ["source: e.official_not_repost"]],
    ["an area that is not a code", (l) => (l.area = "湖北"), ["area: e.division_code"]],
  ]);
});

const figures = () => ({
  id: "kunshan-2025-averages",
  area: "320583",
  subject: "昆山市10个乡镇",
  aggregate: "average",
  figures: [{ part: "basic", label: "基本履职事项", value: 140, unit: "项", quote: "平均梳理140项" }],
  summary: "s",
  source: { publisher: "新华网江苏", url: "http://js.news.cn/a.html", date: "2025-11-11" },
});

describe("ReportedListFigures", () => {
  it("accepts county averages and defaults townships to none", () => {
    expect(ReportedListFigures.parse(figures()).townships).toEqual([]);
  });

  rejectsEach(ReportedListFigures, figures, [
    ["an unknown aggregate", (f) => (f.aggregate = "median"), ["aggregate: invalid_value"]],
    ["a figure that is not a number", (f) => (f.figures[0].value = "140"), ["figures.0.value: invalid_type"]],
    ["an unknown figure part", (f) => (f.figures[0].part = "main"), ["figures.0.part: invalid_value"]],
    ["a township code of 6 digits", (f) => (f.townships = ["320583"]), ["townships.0: invalid_format"]],
    ["a missing source", (f) => delete f.source, ["source: invalid_type"]],
  ]);
});

const measure = () => ({
  title: "t",
  date: "unknown",
  issuer: "i",
  areas: ["CN", "4310"],
  categories: ["meetings"],
  summary: "s",
  status: "sourced",
  sources: [{ publisher: "人民日报", title: "t", date: "2025-08-10" }],
});

describe("MeasureFrontmatter", () => {
  it("accepts a sourced measure with an unknown date and defaults figures to none", () => {
    expect(MeasureFrontmatter.parse(measure()).figures).toEqual([]);
  });

  rejectsEach(MeasureFrontmatter, measure, [
    ["no areas", (m) => (m.areas = []), ["areas: too_small"]],
    ["an area that is not a code", (m) => (m.areas = ["Hunan"]), ["areas.0: e.division_code"]],
    ["an unknown category", (m) => (m.categories = ["paperwork"]), ["categories.0: invalid_value"]],
    ["no sources", (m) => (m.sources = []), ["sources: too_small"]],
    ["an unknown status", (m) => (m.status = "official"), ["status: invalid_value"]],
    ["a guessed partial date", (m) => (m.date = "2024-08"), ["date: e.date_format"]],
  ]);
});

describe("OfficialChannel", () => {
  const channel = () => ({
    id: "12388",
    name: "12388",
    operator: "中央纪委国家监委",
    kind: "12388",
    areas: ["CN"],
    url: "https://www.12388.gov.cn/",
    phone: "12388",
    howTo: "h",
    scope: "s",
    source: { publisher: "p", url: "https://a.edu.cn/", date: "unknown", repost: { originalPublisher: "新华社" } },
  });

  it("accepts a national channel with a reposted source", () => {
    expect(issues(OfficialChannel, channel())).toEqual([]);
  });

  rejectsEach(OfficialChannel, channel, [
    ["an unknown kind", (c) => (c.kind = "hotline"), ["kind: invalid_value"]],
    ["no areas", (c) => (c.areas = []), ["areas: too_small"]],
    ["a missing how-to", (c) => delete c.howTo, ["howTo: invalid_type"]],
  ]);
});

describe("OversightBody", () => {
  const body = () => ({ id: "guidong-jw", name: "中共桂东县纪委 桂东县监委", kind: "discipline_commission", level: "county", area: "431027", joined: false });

  it("accepts a county body and defaults its channels to the inbox", () => {
    expect(OversightBody.parse(body()).channels).toEqual([{ type: "inbox" }]);
  });

  rejectsEach(OversightBody, body, [
    ["a county body keyed to a prefecture", (b) => (b.area = "4310"), ["area: e.area_level_mismatch"]],
    ["a central body keyed to a province", (b) => ((b.level = "central"), (b.area = "43")), ["area: e.area_level_mismatch"]],
    ["an unknown kind", (b) => (b.kind = "court"), ["kind: invalid_value"]],
    ["a webhook without its secret name", (b) => (b.channels = [{ type: "webhook", url: "https://a.example/" }]), ["channels.0.secretName: invalid_type"]],
  ]);
});

describe("DivisionChange", () => {
  const change = { code: "431027100", name: "沤江镇", successor: "431027101", kind: "merged", effective: "2024-01-01", note: "n" };

  it("accepts a merged code with its successor", () => {
    expect(issues(DivisionChange, change)).toEqual([]);
  });

  it.each([
    ["an unknown kind", { ...change, kind: "moved" }, ["kind: invalid_value"]],
    ["a missing note", { ...change, note: undefined }, ["note: invalid_type"]],
    ["an effective date of unknown", { ...change, effective: "unknown" }, ["effective: e.date_format"]],
  ])("rejects %s", (_, value, expected) => {
    expect(issues(DivisionChange, value)).toEqual(expected);
  });
});

describe("Deployment", () => {
  const deployment = {
    operator: "本地演示实例，未部署",
    contact: { email: "contact@example.invalid", placeholder: true },
    privacyContact: { email: "privacy@example.org" },
    hosting: "本地",
    icpFiling: { status: "not_filed" },
  };

  it("parses the local demo and names its placeholder contacts, which a deploy build leaves out", () => {
    expect(issues(Deployment, deployment)).toEqual([]);
    expect(placeholderContacts(Deployment.parse(deployment))).toEqual(["contact", "privacyContact"]);
  });

  it.each([
    ["a filed 备案 without its number", { ...deployment, icpFiling: { status: "filed" } }, ["icpFiling: e.icp_number"]],
    ["a number without a filed 备案", { ...deployment, icpFiling: { status: "not_filed", number: "京ICP备1号" } }, ["icpFiling: e.icp_number"]],
    ["a contact that is not an address", { ...deployment, contact: { email: "写信给我们" } }, ["contact.email: invalid_format"]],
  ])("rejects %s", (_, value, expected) => {
    expect(issues(Deployment, value)).toEqual(expected);
  });
});
