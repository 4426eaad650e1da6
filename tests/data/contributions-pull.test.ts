/**
 * `npm run contributions:pull` (issue 12 item 3) against a stand-in store: a contribution for
 * 清泉镇 with an .xlsx becomes a draft YAML with its source, issuer, dates and the preview in a
 * comment, which the data schema accepts; a county file without a township mapping is refused;
 * `--report` hands the preview back; the importer runs in a child process under a budget.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parse } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DutyList } from "../../data/schema/duty-list.ts";
import { pull, townshipMapping, type ContributionStore, type ImportRow } from "../../scripts/contributions-pull.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "qingdan-pull-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const QINGQUAN = "431027102";
const row = (over: Partial<ImportRow> = {}): ImportRow => ({
  id: "c1",
  countyCode: "431027",
  townships: JSON.stringify([QINGQUAN]),
  wholeCounty: 0,
  url: "https://www.guidong.gov.cn/zwgk/qingquan-2025.html",
  fileKey: "contributions/c1/file.xlsx",
  fileType: "xlsx",
  issuer: "桂东县人民政府",
  documentNumber: "东政办发〔2025〕8号",
  adoptedOn: "2025-06-20",
  publishedOn: "2025-06-30",
  version: "2025",
  townshipParts: null,
  ...over,
});

async function xlsxBytes(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("基本履职事项").addRows([
    ["序号", "事项名称"],
    [1, "党的建设"],
    [2, "民生保障"],
  ]);
  workbook.addWorksheet("上级部门收回事项").addRows([
    ["序号", "事项名称", "收回部门"],
    [1, "危险化学品安全监督检查", "县应急管理局"],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function store(rows: ImportRow[], file: Buffer, previews: Map<string, unknown>): ContributionStore {
  return { rows: () => rows, fetchFile: (_key, target) => writeFileSync(target, file), writePreview: (id, p) => void previews.set(id, p) };
}

describe("contributions:pull", () => {
  it("writes a draft for 清泉镇 with source, issuer, dates and the preview, which the schema accepts, and reports the preview", async () => {
    const previews = new Map<string, unknown>();
    const [result] = pull(store([row()], await xlsxBytes(), previews), { outDir: dir, report: true, log: () => {} });
    const file = join(dir, QINGQUAN, "2025.yaml");
    expect(result).toEqual([expect.objectContaining({ township: QINGQUAN, written: file, counts: { basic: 2, assisting: 0, returned: 1 } })]);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^# Draft from contribution c1 \(npm run contributions:pull\)/);
    expect(text).toContain("# Preview: basic 2, assisting 0, returned 1 items.");
    const list = DutyList.parse(parse(text));
    expect(list).toMatchObject({
      township: QINGQUAN,
      issuer: "桂东县人民政府",
      version: "2025",
      adopted: "2025-06-20",
      published: "2025-06-30",
      status: "official",
    });
    expect(list.source).toMatchObject({ url: "https://www.guidong.gov.cn/zwgk/qingquan-2025.html", documentNumber: "东政办发〔2025〕8号" });
    expect(previews.get("c1")).toEqual(result);
  });

  it("refuses a county file without a township mapping, and writes nothing", async () => {
    const previews = new Map<string, unknown>();
    const [result] = pull(store([row({ townships: "[]", wholeCounty: 1 })], await xlsxBytes(), previews), { outDir: dir, report: true, log: () => {} });
    expect(result![0]!.refused).toMatch(/township mapping missing/);
    expect(() => readFileSync(join(dir, QINGQUAN, "2025.yaml"))).toThrow();
  });

  it("maps a single township by itself and rejects a mapping outside the county", () => {
    expect(townshipMapping(row())).toEqual([{ township: QINGQUAN }]);
    expect(townshipMapping(row({ townships: "[]", wholeCounty: 1, townshipParts: JSON.stringify([{ township: "431028100" }]) }))).toMatch(/outside/);
  });

  it("a file the importer cannot read is refused in its child process, with the importer's message", async () => {
    const [result] = pull(store([row({ fileType: "csv", fileKey: "k" })], Buffer.from("no header here\n"), new Map()), { outDir: dir, log: () => {} });
    expect(result![0]!.written).toBeUndefined();
    expect(result![0]!.refused ?? result![0]!.problems?.join("; ")).toMatch(/no items found|事项名称/);
  });
});
