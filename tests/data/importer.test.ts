/**
 * The duty-list importer on messy tables like the ones counties publish: title rows, two-row
 * headers, merged cells, part heading rows, full-width punctuation, blank rows, numbering 1.1
 * and (一). Every fixture is written by the test into a temp folder.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parse } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DutyList } from "../../data/schema/duty-list.ts";
import { mapHeading, normalise, partOfHeading } from "../../scripts/importer/headings.ts";
import { importDutyList, ImportRefusedError } from "../../scripts/importer/index.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "qingdan-import-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TOWNSHIP = "431027100";
const SOURCE = "https://www.example.gov.cn/notice/list.xlsx";

/** Writes an .xlsx with one sheet of rows; `merges` are A1-style ranges. */
async function xlsx(name: string, sheets: { name: string; rows: (string | number | null)[][]; merges?: string[] }[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    sheet.rows.forEach((row) => ws.addRow(row));
    for (const range of sheet.merges ?? []) ws.mergeCells(range);
  }
  const file = join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

function csv(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const run = (file: string, extra: Partial<Parameters<typeof importDutyList>[0]> = {}) =>
  importDutyList({ file, township: TOWNSHIP, source: SOURCE, version: "2025", outDir: join(dir, "out"), ...extra });

const written = (path: string) => DutyList.parse(parse(readFileSync(path, "utf8")));

/** The whole list in one sheet, as a county might publish it. */
const ALL_PARTS: (string | null)[][] = [
  ["桂东县沤江镇履职事项清单", null, null, null, null, null],
  [null, null, null, null, null, null],
  ["一、基本履职事项", null, null, null, null, null],
  ["序 号", "类别（领域）", "事项名称", "履职依据", null, null],
  ["1", "党的建设", "加强乡镇党委自身建设", "《中国共产党农村基层组织工作条例》", null, null],
  ["1.1", "党的建设", "发展党员", null, null, null],
  [null, null, null, null, null, null],
  ["二、配合履职事项", null, null, null, null, null],
  ["序号", "事项名称", "对应上级部门", null, "乡镇（街道）配合职责", "备注"],
  [null, null, "部门名称", "上级部门职责", null, null],
  ["(一)", "安全生产监督管理", "县应急管理局", "组织执法检查", "排查报告隐患", null],
  ["(二)", "消防安全", "县消防救援大队", "火灾扑救", "防火宣传", "示例"],
  ["三、上级部门收回事项", null, null, null, null, null],
  ["序号", "事项名称", "承接部门", "工作方式", null, null],
  ["1", "动物检疫", "县畜牧水产事务中心", "派官方兽医实施产地检疫", null, null],
];
const ALL_MERGES = ["A1:F1", "A3:F3", "C9:D9", "A9:A10", "B9:B10", "E9:E10", "F9:F10", "A8:F8", "A13:F13"];

describe("normalise and mapHeading", () => {
  it.each([
    ["事项名称", "name"],
    ["事项内容", "name"],
    ["履职事项", "name"],
    [" 对应上级部门 ", "leadDepartment"],
    ["配合部门", "leadDepartment"],
    ["牵头部门", "leadDepartment"],
    ["县级部门", "leadDepartment"],
    ["承接部门", "receivingDepartment"],
    ["收回部门", "receivingDepartment"],
    ["类别", "domain"],
    ["领域", "domain"],
    ["履职依据", "basis"],
    ["依据", "basis"],
    ["上级部门职责", "departmentDuty"],
    ["县级部门职责", "departmentDuty"],
    ["乡镇（街道）配合职责", "townshipDuty"],
    ["镇街配合职责", "townshipDuty"],
    ["工作方式", "workMode"],
    ["序　号", "no"],
  ])("maps %s to %s", (heading, column) => {
    expect(mapHeading(heading)).toBe(column);
  });

  it("returns undefined for an unknown heading", () => {
    expect(mapHeading("联系电话")).toBeUndefined();
  });

  it("turns full-width punctuation into half-width and drops spaces", () => {
    expect(normalise(" 乡镇（街道）　配合 职责：")).toBe("乡镇(街道)配合职责:");
  });
});

describe("partOfHeading", () => {
  it.each([
    ["一、基本履职事项", "basic"],
    ["二、配合履职事项清单（20项）", "assisting"],
    ["三、上级部门收回事项", "returned"],
    ["第三部分 上级收回事项", "returned"],
    ["（二）配合履职事项", "assisting"],
  ])("reads %s as %s", (text, part) => {
    expect(partOfHeading(text)).toBe(part);
  });

  it("does not read an item as a part heading", () => {
    expect(partOfHeading("安全生产监督管理")).toBeUndefined();
  });
});

describe("importDutyList", () => {
  describe("with a sheet holding all three parts", () => {
    it("splits the parts at their heading rows and keeps the numbering", async () => {
      const file = await xlsx("all.xlsx", [{ name: "清单", rows: ALL_PARTS, merges: ALL_MERGES }]);
      const result = await run(file);
      expect(result.problems).toEqual([]);
      expect(result.counts).toEqual({ basic: 2, assisting: 2, returned: 1 });
      const list = written(result.written!);
      expect(list.parts.basic.map((i) => i.no)).toEqual(["1", "1.1"]);
      expect(list.parts.assisting.map((i) => i.no)).toEqual(["(一)", "(二)"]);
      expect(list.parts.basic[0]).toEqual({ no: "1", domain: "党的建设", name: "加强乡镇党委自身建设", basis: "《中国共产党农村基层组织工作条例》" });
    });

    it("reads a two-row header with a merged group heading", async () => {
      const file = await xlsx("all.xlsx", [{ name: "清单", rows: ALL_PARTS, merges: ALL_MERGES }]);
      const list = written((await run(file)).written!);
      expect(list.parts.assisting[0]).toEqual({
        no: "(一)",
        name: "安全生产监督管理",
        leadDepartment: "县应急管理局",
        departmentDuty: "组织执法检查",
        townshipDuty: "排查报告隐患",
        note: undefined,
      });
      expect(list.parts.assisting[1]!.note).toBe("示例");
    });

    it("writes an official list with its source to <township>/<version>.yaml", async () => {
      const file = await xlsx("all.xlsx", [{ name: "清单", rows: ALL_PARTS, merges: ALL_MERGES }]);
      const result = await run(file, { issuer: "桂东县人民政府", published: "2025-06-30" });
      expect(result.written).toBe(join(dir, "out", TOWNSHIP, "2025.yaml"));
      const list = written(result.written!);
      expect(list).toMatchObject({
        township: TOWNSHIP,
        status: "official",
        version: "2025",
        issuer: "桂东县人民政府",
        source: { url: SOURCE, date: "2025-06-30" },
      });
    });

    it("quotes its dates, so the site build (YAML 1.1, where a bare date is a timestamp) reads them as the schema's strings", async () => {
      const file = await xlsx("all.xlsx", [{ name: "清单", rows: ALL_PARTS, merges: ALL_MERGES }]);
      const result = await run(file, { issuer: "桂东县人民政府", adopted: "2025-06-20", published: "2025-06-30" });
      const asBuilt = DutyList.parse(parse(readFileSync(result.written!, "utf8"), { version: "1.1" }));
      expect({ adopted: asBuilt.adopted, published: asBuilt.published, date: asBuilt.source?.date }).toEqual({
        adopted: "2025-06-20",
        published: "2025-06-30",
        date: "2025-06-30",
      });
    });
  });

  describe("with one part per sheet", () => {
    it("takes the part from the sheet name and skips title and blank rows", async () => {
      const file = await xlsx("sheets.xlsx", [
        {
          name: "基本履职事项",
          rows: [
            ["沤江镇基本履职事项清单", null],
            ["序号", "事项名称"],
            [null, null],
            [1, "党建"],
            [2, "民生"],
          ],
          merges: ["A1:B1"],
        },
        {
          name: "上级部门收回事项",
          rows: [
            ["序号", "事项名称", "收回部门"],
            [1, "危险化学品安全监督检查", "县应急管理局"],
          ],
        },
      ]);
      const result = await run(file);
      expect(result.counts).toEqual({ basic: 2, assisting: 0, returned: 1 });
      expect(written(result.written!).parts.returned[0]!.receivingDepartment).toBe("县应急管理局");
    });
  });

  describe("with a CSV file", () => {
    it("reads full-width headings with stray spaces and uses --part", async () => {
      const file = csv(
        "list.csv",
        "\uFEFF序号,事项名称 ,对应上级部门,上级部门职责,乡镇（街道）配合职责\n1,安全生产,县应急管理局,监管,报告\n,,,,\n2,消防,县消防救援大队,扑救,宣传\n",
      );
      const result = await run(file, { part: "assisting" });
      expect(result.problems).toEqual([]);
      expect(result.counts.assisting).toBe(2);
    });

    it("infers the part from the columns when there is no part heading", async () => {
      const file = csv("list.csv", "序号,事项名称,承接部门,工作方式\n1,动物检疫,县畜牧水产事务中心,直接实施\n");
      const result = await run(file);
      expect(result.counts).toEqual({ basic: 0, assisting: 0, returned: 1 });
      expect(result.notices).toEqual(["sheet csv: no part heading and no --part; read as returned from its columns"]);
    });

    it("uses group heading rows as the domain of the items below them", async () => {
      const file = csv("list.csv", "序号,事项名称\n（一）党的建设,\n1,发展党员\n（二）民生服务,\n2,社会救助\n");
      const list = written((await run(file, { part: "basic" })).written!);
      expect(list.parts.basic.map((i) => i.domain)).toEqual(["党的建设", "民生服务"]);
    });

    it("does not take item text that mentions a heading word for a header", async () => {
      const file = csv("list.csv", "序号,事项名称,履职依据\n1,履职事项清单动态调整,依据《关于全面建立乡镇(街道)履行职责事项清单的意见》第三条规定执行\n");
      const list = written((await run(file, { part: "basic" })).written!);
      expect(list.parts.basic).toEqual([
        { no: "1", name: "履职事项清单动态调整", basis: "依据《关于全面建立乡镇(街道)履行职责事项清单的意见》第三条规定执行" },
      ]);
    });

    it("reads a first item numbered (一) whose duty mentions 部门职责 as an item, not a second header row", async () => {
      const file = csv("list.csv", "序号,事项名称,对应上级部门,上级部门职责\n(一),安全生产,县应急管理局,按照有关部门职责组织执法检查并查处违法行为\n");
      expect((await run(file, { part: "assisting" })).counts.assisting).toBe(1);
    });

    it("reports headings it could not map", async () => {
      const file = csv("list.csv", "序号,事项名称,联系电话\n1,党建,123\n");
      expect((await run(file, { part: "basic" })).unmapped).toEqual(["联系电话"]);
    });
  });

  describe("with bad rows", () => {
    const BAD = "序号,事项名称,对应上级部门\n1,安全生产,县应急管理局\n2,,县消防救援大队\n3,森林防火,\n3,重复,县林业局\n";

    it("writes nothing and lists every bad row with its row number", async () => {
      const result = await run(csv("bad.csv", BAD), { part: "assisting" });
      expect(result.written).toBeUndefined();
      expect(result.problems).toEqual([
        { sheet: "csv", row: 3, message: "name: empty" },
        { sheet: "csv", row: 4, message: "leadDepartment: an assisting item needs its lead department (对应上级部门)" },
        { sheet: "csv", row: 5, message: "no: duplicate item number in this part (3, also row 4)" },
      ]);
    });

    it("writes the good rows with --partial and still lists the rest", async () => {
      const result = await run(csv("bad.csv", BAD), { part: "assisting", partial: true });
      expect(result.problems.map((p) => p.row)).toEqual([3, 4, 5]);
      expect(written(result.written!).parts.assisting.map((i) => i.name)).toEqual(["安全生产"]);
    });

    it("reports a file without a recognisable header", async () => {
      const result = await run(csv("none.csv", "标题\n甲,乙\n"));
      expect(result.written).toBeUndefined();
      expect(result.problems[0]!.message).toMatch(/^no items found/);
    });
  });

  describe("provenance", () => {
    it("refuses a list without --source", async () => {
      await expect(run(csv("a.csv", "序号,事项名称\n1,党建\n"), { source: undefined, part: "basic" })).rejects.toThrow(ImportRefusedError);
    });

    it("writes an illustrative list with a note when asked to", async () => {
      const result = await run(csv("a.csv", "序号,事项名称\n1,党建\n"), { source: undefined, illustrative: true, part: "basic" });
      const list = written(result.written!);
      expect(list.status).toBe("illustrative");
      expect(list.note).toMatch(/不是官方清单/);
      expect(list.source).toBeUndefined();
    });

    it("refuses a source that is not on a government host, and names the way out (--repost)", async () => {
      const file = csv("a.csv", "序号,事项名称\n1,党建\n");
      await expect(run(file, { source: "https://m.163.com/dy/article/x.html", part: "basic" })).rejects.toThrow(/not an official source.*--repost/);
    });

    it("writes a list from a copy elsewhere as a repost naming the original publisher", async () => {
      const result = await run(csv("a.csv", "序号,事项名称\n1,党建\n"), {
        source: "https://m.163.com/dy/article/x.html",
        repost: true,
        originalPublisher: "桂东县人民政府",
        part: "basic",
      });
      const list = written(result.written!);
      expect(list.status).toBe("repost");
      expect(list.source).toMatchObject({ url: "https://m.163.com/dy/article/x.html", repost: { originalPublisher: "桂东县人民政府" } });
    });

    it("accepts a host listed in data/official-domains.yaml, and a document number with its issuer", async () => {
      const file = csv("a.csv", "序号,事项名称\n1,党建\n");
      const listed = await run(file, { source: "https://www.12371.cn/2025/list.html", part: "basic" });
      expect(written(listed.written!).status).toBe("official");
      const numbered = await run(file, {
        source: "https://example.com/list.html",
        documentNumber: "桂政办发〔2025〕1号",
        issuer: "桂东县人民政府",
        version: "2026",
        part: "basic",
      });
      expect(written(numbered.written!).status).toBe("official");
    });

    it("refuses a code that is not a township", async () => {
      await expect(run(csv("a.csv", "序号,事项名称\n1,党建\n"), { township: "431027" })).rejects.toThrow(/9 digits/);
    });

    it("refuses to overwrite an existing version", async () => {
      const file = csv("a.csv", "序号,事项名称\n1,党建\n");
      await run(file, { part: "basic" });
      await expect(run(file, { part: "basic" })).rejects.toThrow(/exists/);
    });
  });
});
