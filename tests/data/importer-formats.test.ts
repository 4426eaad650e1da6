/**
 * The importer on the formats counties publish besides .xlsx: a text PDF printed by Chromium from
 * an HTML table, a Word .docx, and the files it must refuse (a scanned PDF, .doc, .xls). Each
 * fixture holds a three-part list with one table per part and the part headings between them,
 * a title, a two-row header with merged cells, blank rows and full-width punctuation; the PDF's
 * assisting table runs over two pages with its header repeated. Fixtures are written here.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { PDFDocument } from "pdf-lib";
import { PNG } from "pngjs";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DutyList } from "../../data/schema/duty-list.ts";
import { formatRowProblems, importDutyList, ImportRefusedError } from "../../scripts/importer/index.ts";
import { sheetsOfDocument } from "../../scripts/importer/read-docx.ts";
import { chromiumPath } from "../support/browser.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "qingdan-import-formats-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOWNSHIP = "431027100";
const run = (file: string, extra: Partial<Parameters<typeof importDutyList>[0]> = {}) =>
  importDutyList({
    file,
    township: TOWNSHIP,
    source: "https://www.example.gov.cn/notice/list.pdf",
    version: "2025",
    outDir: join(dir, `out-${Math.random()}`),
    ...extra,
  });
const written = (path: string) => DutyList.parse(parse(readFileSync(path, "utf8")));

const BASIC = [
  [
    "1",
    "党的建设",
    "加强乡镇党委自身建设",
    "《中国共产党农村基层组织工作条例》第十条规定的乡镇党委职责，包括讨论和决定本乡镇经济建设、政治建设、文化建设、社会建设、生态文明建设和党的建设以及乡村振兴中的重大问题",
  ],
  ["1.1", "党的建设", "发展党员", ""],
  ["2", "民生服务", "组织开展城乡居民医疗保险参保登记（含缴费）", "《社会保险法》"],
];
/** 40 assisting items: more than one printed page, so the header repeats on the second. */
const ASSISTING = Array.from({ length: 40 }, (_, i) => [
  i < 10 ? `（${"一二三四五六七八九十"[i]}）` : `(${i + 1})`,
  `配合事项第${i + 1}项：安全生产检查`,
  `县应急管理局`,
  `组织执法检查`,
  `排查报告隐患，及时上报`,
]);
const RETURNED = [
  ["1", "动物检疫", "县畜牧水产事务中心", "派官方兽医实施产地检疫"],
  ["2", "危险化学品安全监督检查", "县应急管理局", "直接实施"],
];

function printedHtml(assisting: string[][]): string {
  const rows = (items: string[][]) => items.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  const blank = (n: number) => `<tr>${"<td></td>".repeat(n)}</tr>`;
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>
body { font: 10pt "Noto Sans CJK SC", sans-serif; margin: 0 }
table { border-collapse: collapse; width: 100%; margin-bottom: 12pt }
th, td { border: 1px solid #000; padding: 3pt 4pt }
thead { display: table-header-group }
tr { break-inside: avoid }
</style><body>
<h1>桂东县沤江镇履职事项清单</h1>
<h2>一、基本履职事项</h2>
<table><thead><tr><th>序　号</th><th>类别（领域）</th><th>事项名称</th><th>履职依据</th></tr></thead>
<tbody>${rows(BASIC.slice(0, 2))}${blank(4)}${rows(BASIC.slice(2))}</tbody></table>
<h2>二、配合履职事项</h2>
<table><thead>
<tr><th rowspan="2">序号</th><th rowspan="2">事项名称</th><th colspan="2">对应上级部门</th><th rowspan="2">乡镇（街道）配合职责</th></tr>
<tr><th>部门名称</th><th>上级部门职责</th></tr></thead>
<tbody>${rows(assisting)}</tbody></table>
<h2>三、上级部门收回事项</h2>
<table><thead><tr><th>序号</th><th>事项名称</th><th>承接部门</th><th>工作方式</th></tr></thead>
<tbody>${rows(RETURNED)}</tbody></table>
</body></html>`;
}

function printPdf(name: string, html: string): string {
  const source = join(dir, `${name}.html`);
  const out = join(dir, `${name}.pdf`);
  writeFileSync(source, html);
  execFileSync(
    chromiumPath(),
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--no-pdf-header-footer",
      `--print-to-pdf=${out}`,
      source,
    ],
    { stdio: "ignore" },
  );
  return out;
}

describe("a text PDF printed from an HTML table", () => {
  let pdf: string;
  beforeAll(() => {
    pdf = printPdf("list", printedHtml(ASSISTING));
  });

  it("imports the three parts with the right items per part", async () => {
    const result = await run(pdf);
    expect(formatRowProblems(result.problems)).toBe("");
    expect(result.counts).toEqual({ basic: 3, assisting: 40, returned: 2 });
    const list = written(result.written!);
    expect(list.parts.basic.map((i) => i.no)).toEqual(["1", "1.1", "2"]);
    // Wrapped cell text is one cell again; CJK radicals from the embedded font are plain characters.
    expect(list.parts.basic[0]).toEqual({ no: "1", domain: "党的建设", name: "加强乡镇党委自身建设", basis: BASIC[0]![3] });
    expect(list.parts.basic[2]!.name).toBe("组织开展城乡居民医疗保险参保登记（含缴费）");
    expect(list.parts.assisting.map((i) => i.name)).toEqual(ASSISTING.map((a) => a[1]));
    expect(list.parts.assisting.slice(0, 2).map((i) => i.no)).toEqual(["（一）", "（二）"]);
    expect(list.parts.assisting[39]).toEqual({
      no: "(40)",
      name: "配合事项第40项：安全生产检查",
      leadDepartment: "县应急管理局",
      departmentDuty: "组织执法检查",
      townshipDuty: "排查报告隐患，及时上报",
    });
    expect(list.parts.returned).toEqual([
      { no: "1", name: "动物检疫", receivingDepartment: "县畜牧水产事务中心", workMode: "派官方兽医实施产地检疫" },
      { no: "2", name: "危险化学品安全监督检查", receivingDepartment: "县应急管理局", workMode: "直接实施" },
    ]);
  });

  it("spans two pages and drops the header repeated on the second", async () => {
    const pages = (await PDFDocument.load(readFileSync(pdf))).getPageCount();
    expect(pages).toBeGreaterThan(1);
    const list = written((await run(pdf)).written!);
    expect(list.parts.assisting.some((i) => /序号|事项名称|部门名称/.test(i.name))).toBe(false);
  });

  it("reads a wide table with centred headings and a cell merged over two rows", async () => {
    const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>
body { font: 10pt "Noto Sans CJK SC", sans-serif } table { border-collapse: collapse; width: 100% } th, td { border: 1px solid #000; padding: 3pt 4pt }
</style><body><h2>一、基本履职事项</h2><table><thead><tr><th>序号</th><th>类别</th><th>事项名称</th><th>履职依据</th><th>备注</th></tr></thead><tbody>
<tr><td>1</td><td rowspan="2">党的建设</td><td>加强乡镇党委自身建设</td><td>条例</td><td></td></tr>
<tr><td>2</td><td>发展党员</td><td>章程</td><td></td></tr>
<tr><td>3</td><td>民生服务</td><td>社会救助</td><td>办法</td><td></td></tr>
</tbody></table></body></html>`;
    const list = written((await run(printPdf("wide", html))).written!);
    expect(list.parts.basic).toEqual([
      { no: "1", domain: "党的建设", name: "加强乡镇党委自身建设", basis: "条例" },
      { no: "2", domain: "党的建设", name: "发展党员", basis: "章程" },
      { no: "3", domain: "民生服务", name: "社会救助", basis: "办法" },
    ]);
  });

  it("reports a bad row with its page and row number", async () => {
    const bad = ASSISTING.slice(0, 3).map((cells, i) => (i === 1 ? [cells[0]!, cells[1]!, "", cells[3]!, cells[4]!] : cells));
    const result = await run(printPdf("bad", printedHtml(bad)));
    expect(result.written).toBeUndefined();
    expect(formatRowProblems(result.problems)).toMatch(/^page 1 row \d+: leadDepartment: an assisting item needs its lead department/);
  });
});

/** A .docx as Word writes one: paragraphs and tables in word/document.xml. */
async function docx(name: string, body: string): Promise<string> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  const file = join(dir, name);
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
  return file;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
/** A paragraph; runs split the text as Word does when formatting changes mid-word. */
const p = (text: string) =>
  `<w:p><w:r><w:t>${esc(text.slice(0, 2))}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${esc(text.slice(2))}</w:t></w:r></w:p>`;
type WCell = string | { text: string; span?: number; vMerge?: "restart" | "continue" };
const tc = (cell: WCell) => {
  const c = typeof cell === "string" ? { text: cell } : cell;
  const props = `${c.span ? `<w:gridSpan w:val="${c.span}"/>` : ""}${c.vMerge ? `<w:vMerge${c.vMerge === "restart" ? ' w:val="restart"' : ""}/>` : ""}`;
  return `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ""}${c.vMerge === "continue" ? "<w:p/>" : p(c.text)}</w:tc>`;
};
const tbl = (rows: WCell[][]) => `<w:tbl><w:tblPr/>${rows.map((r) => `<w:tr>${r.map(tc).join("")}</w:tr>`).join("")}</w:tbl>`;

describe("a Word .docx", () => {
  it("imports one table per part with the right items per part", async () => {
    const file = await docx(
      "list.docx",
      [
        p("桂东县沤江镇履职事项清单"),
        p("一、基本履职事项"),
        tbl([
          [{ text: "沤江镇基本履职事项（共3项）", span: 4 }],
          ["序　号", "类别（领域）", "事项名称", "履职依据"],
          ...BASIC.slice(0, 2),
          ["", "", "", ""],
          ...BASIC.slice(2),
        ]),
        p("二、配合履职事项"),
        tbl([
          [
            { text: "序号", vMerge: "restart" },
            { text: "事项名称", vMerge: "restart" },
            { text: "对应上级部门", span: 2 },
            { text: "乡镇（街道）配合职责", vMerge: "restart" },
          ],
          [{ text: "", vMerge: "continue" }, { text: "", vMerge: "continue" }, "部门名称", "上级部门职责", { text: "", vMerge: "continue" }],
          ...ASSISTING.slice(0, 5),
        ]),
        p("三、上级部门收回事项"),
        tbl([["序号", "事项名称", "承接部门", "工作方式"], ...RETURNED]),
      ].join(""),
    );
    const result = await run(file);
    expect(formatRowProblems(result.problems)).toBe("");
    expect(result.counts).toEqual({ basic: 3, assisting: 5, returned: 2 });
    const list = written(result.written!);
    expect(list.parts.basic[0]).toEqual({ no: "1", domain: "党的建设", name: "加强乡镇党委自身建设", basis: BASIC[0]![3] });
    expect(list.parts.assisting[0]).toEqual({
      no: "（一）",
      name: "配合事项第1项：安全生产检查",
      leadDepartment: "县应急管理局",
      departmentDuty: "组织执法检查",
      townshipDuty: "排查报告隐患，及时上报",
    });
    expect(list.parts.returned.map((i) => i.receivingDepartment)).toEqual(["县畜牧水产事务中心", "县应急管理局"]);
  });

  it("keeps a nested table's text in the cell that holds it", () => {
    const nested = `<w:tc>${p("县应急管理局")}${tbl([["（牵头）"]])}</w:tc>`;
    const [sheet] = sheetsOfDocument(
      `<w:document xmlns:w="w"><w:body>${tbl([["序号", "事项名称", "对应上级部门"]]).replace("</w:tbl>", "")}<w:tr>${tc("1")}${tc("安全生产")}${nested}</w:tr></w:tbl></w:body></w:document>`,
    );
    expect(sheet!.rows.map((r) => r.cells)).toEqual([
      ["序号", "事项名称", "对应上级部门"],
      ["1", "安全生产", "县应急管理局\n（牵头）"],
    ]);
  });

  it("reports a bad row with its table and row number", async () => {
    const file = await docx(
      "bad.docx",
      p("二、配合履职事项") +
        tbl([
          ["序号", "事项名称", "对应上级部门"],
          ["1", "安全生产", "县应急管理局"],
          ["2", "消防", ""],
        ]),
    );
    const result = await run(file);
    expect(formatRowProblems(result.problems)).toBe("sheet 表1 row 3: leadDepartment: an assisting item needs its lead department (对应上级部门)");
  });
});

describe("files the importer refuses", () => {
  it("refuses a scanned PDF (pages that are only an image) with 扫描件：需要人工录入", async () => {
    const png = new PNG({ width: 200, height: 100 });
    png.data.fill(255);
    const pdf = await PDFDocument.create();
    const image = await pdf.embedPng(PNG.sync.write(png));
    pdf.addPage([595, 842]).drawImage(image, { x: 50, y: 600, width: 400, height: 200 });
    const file = join(dir, "scan.pdf");
    writeFileSync(file, await pdf.save());
    await expect(run(file)).rejects.toThrow(ImportRefusedError);
    await expect(run(file)).rejects.toThrow(/扫描件：需要人工录入/);
  });

  it.each(["list.doc", "list.xls"])("refuses %s with 请另存为 .xlsx / .docx", async (name) => {
    const file = join(dir, name);
    writeFileSync(file, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])); // the OLE2 signature of both
    await expect(run(file)).rejects.toThrow("请另存为 .xlsx / .docx");
  });
});
