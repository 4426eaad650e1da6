/**
 * `npm run check:data` on a broken data folder (written by the test) prints each problem as
 * `file:line: message` at the offending YAML node; the project's own data/ passes.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED_DIR, loadDivisions, type DivisionIndex } from "../../data/divisions.ts";
import type { DivisionChange } from "../../data/schema/division.ts";
import { checkData, formatProblems, type CheckOptions } from "../../scripts/check-data.ts";
import { generateDivisions } from "../../scripts/gen-divisions.ts";

const RETIRED: DivisionChange = { code: "431027199", name: "旧镇", successor: "431027100", kind: "merged", note: "test fixture" };

const FILES: Record<string, string> = {
  // Schema problems, each reported at its own line; the bare date also as the build would read it.
  "data/duty-lists/431027100/2024.yaml": `township: "431027100"
issuer: 桂东县人民政府
version: "2024"
adopted: 2024-02-30
published: unknown
status: official
parts:
  basic:
    - no: "1"
      name: 党的建设
    - no: "1"
      name: 民生服务
  assisting:
    - no: "1"
      name: 安全生产
  other: []
`,
  // Valid by schema, but in the wrong folder and named after no version.
  "data/duty-lists/431027101/first.yaml": `township: "431027100"
issuer: 示例
version: "2024"
adopted: unknown
published: unknown
status: illustrative
note: 示例
parts: {}
`,
  "data/duty-lists/431027999/2025.yaml": `township: "431027999"
issuer: 示例
version: "2025"
adopted: unknown
published: unknown
status: illustrative
note: 示例
parts: {}
`,
  "data/figures/retired.yaml": `id: retired
area: "431027"
subject: 旧镇
townships:
  - "431027100"
  - "431027199"
  - "320583100"
aggregate: single
summary: s
source: { publisher: p, title: t, date: unknown }
`,
  "data/measures/bad.md": `---
title: t
date: unknown
issuer: i
areas: ["43"]
categories: [paperwork]
summary: s
status: sourced
sources: [{ publisher: 人民日报, title: t, date: "2025-08-10" }]
---

Body.
`,
  "data/channels/a.yaml": `id: same
name: a
operator: o
kind: "12388"
areas: ["CN"]
howTo: h
scope: s
source: { publisher: p, title: t, date: unknown }
`,
  "data/channels/b.yaml": `id: same
name: b
operator: o
kind: "12388"
areas: ["CN", "999999"]
howTo: h
scope: s
source: { publisher: p, title: t, date: unknown }
`,
  "data/channels/broken.yaml": `id: broken
name: [unclosed
`,
  "data/figures/old.yml": "id: old\n",
  "data/routing-rules.yaml": `rules:
  - id: hunan
    reason: r
    when:
      areas: ["43", "4399"]
    receivers:
      - { kind: discipline_commission, level: county }
  - id: catch-all
    reason: r
    receivers:
      - { kind: other, level: county }
`,
  "data/division-changes.yaml": `changes:
  - code: "431027100"
    name: 沤江镇
    successor: "431027998"
    kind: merged
    note: 仍在数据集中
`,
};

const EXPECTED = [
  "data/channels/b.yaml:1: id: duplicate id same (also in data/channels/a.yaml)",
  "data/channels/b.yaml:5: areas.1: area 999999 is not in the division dataset",
  "data/channels/broken.yaml:3: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
  "data/division-changes.yaml:2: changes.0.code: 431027100 is retired but still in the division dataset",
  "data/division-changes.yaml:4: changes.0.successor: 431027998 is not in the division dataset",
  "data/duty-lists/431027100/2024.yaml:1: source: an official list needs a source with a URL or a document number",
  'data/duty-lists/431027100/2024.yaml:4: YAML: 2024-02-30: write the date in quotes ("2024-02-30"): the site build reads a bare date as a timestamp',
  "data/duty-lists/431027100/2024.yaml:4: adopted: this date does not exist",
  "data/duty-lists/431027100/2024.yaml:11: parts.basic.1.no: duplicate item number in this part",
  "data/duty-lists/431027100/2024.yaml:14: parts.assisting.0.leadDepartment: an assisting item needs its lead department (对应上级部门)",
  "data/duty-lists/431027100/2024.yaml:16: parts.other: unknown field `other`",
  "data/duty-lists/431027101/first.yaml:1: township: 431027100 does not match its folder 431027101",
  "data/duty-lists/431027101/first.yaml:3: version: the file of version 2024 must be named 2024.yaml",
  "data/duty-lists/431027999/2025.yaml:1: township: township 431027999 is not in the division dataset",
  "data/figures/old.yml:1: warning: not checked: data files here are .yaml (measures: .md)",
  "data/figures/retired.yaml:6: townships.1: township 431027199 (旧镇) was retired (merged); use 431027100",
  "data/figures/retired.yaml:7: townships.2: 320583100 is not within area 431027",
  "data/measures/bad.md:6: categories.0: must be one of `forms`, `ledgers`, `meetings`, `documents`, `traces`, `inspections`, `signage`, `apps`, `certificates`, `off_list_tasks`, `pledges_veto`, `campaigns`, `mechanisms_posts`, `secondment`, `visits`, `other`",
  "data/routing-rules.yaml:5: rules.0.when.areas.1: area 4399 is not in the division dataset",
];

/** One broken record per content rule, and the provenance rule with its official hosts. */
const CONTENT_FILES: Record<string, string> = {
  "data/official-domains.yaml": `domains:
  - host: example.org
    operator: 示例机关
`,
  // Official from a listed host: no problem.
  "data/duty-lists/431027100/2025.yaml": `township: "431027100"
issuer: 桂东县人民政府
version: "2025"
adopted: unknown
published: unknown
status: official
source: { publisher: 桂东县人民政府, url: "https://www.example.org/list.html", date: unknown }
parts: {}
`,
  // Official from a news portal: not an official host, no document number.
  "data/village-lists/mirror.yaml": `id: mirror
area: "42"
kind: catalogue
title: 湖北省村级组织履职事项清单指导目录
adopted: unknown
published: unknown
status: official
source:
  publisher: 网易号
  url: https://m.163.com/dy/article/x.html
  date: unknown
parts: {}
`,
  // Official, but the source says it is a repost.
  "data/village-lists/repost.yaml": `id: repost
area: "42"
kind: catalogue
title: 湖北省村级组织履职事项清单指导目录
adopted: unknown
published: unknown
status: official
source:
  publisher: 某政府网站
  url: https://www.hubei.gov.cn/a.html
  date: unknown
  repost: { originalPublisher: 湖北省民政厅 }
parts: {}
`,
  "data/measures/prose.md": `---
title: 衡阳市督查机制（种子摘要：no-disturbance inspection）
date: unknown
issuer: unknown
areas: ["43"]
categories: [inspections]
summary: 衡阳市实行减少打扰的督查机制。
figures:
  - { label: 清理的牌子, value: 150000, unit: 块, quote: 清理15万余块不规范牌子 }
  - { label: 取消的证明事项, value: 36, unit: 项, quote: 取消村级证明事项三十六项 }
  - { label: 措施条数, value: 21, unit: 条, quote: 二十一条措施, override: { note: 原文用汉字数字 } }
status: sourced
sources:
  - { publisher: 新华网江苏, title: 新华网江苏, date: unknown, note: "Seed article (summary), no URL recorded." }
  - { publisher: 新华网江苏, title: 新华网江苏, date: unknown }
---

第一段是中文，没有问题。
The measure was reported by the seed articles in English.
见 SOURCES.md 的说明（湘民发〔2020〕41号，South China Morning Post）。
`,
  "data/figures/returned.yaml": `id: returned
area: "431027"
subject: 桂东县各乡镇
aggregate: total
figures:
  - { part: returned, label: 收回事项, value: 13, unit: 项, quote: 因法律法规变更调整已取消13项 }
  - { part: returned, label: 收回事项, value: 7, unit: 项, quote: 取消7项, override: { note: 原文如此，见通知第二段 } }
  - { part: returned, label: 收回事项, value: 5, unit: 项, quote: 县直部门收回5项 }
summary: 所读文本未给出事项数量。
source: { publisher: 桂东县人民政府, url: "https://www.guidong.gov.cn/a.html", date: "2025-01-03" }
`,
};

const CONTENT_EXPECTED = [
  "data/figures/returned.yaml:6: figures.0.quote: a `returned` figure's quote must say 收回 and not 取消 (cancelled or held powers are other parts); or add override: { note } [returned-quote]",
  "data/figures/returned.yaml:9: summary: internal vocabulary on a public page («所读文本») [internal-word]",
  "data/measures/prose.md:2: title: internal vocabulary on a public page (种子…) [internal-word]",
  "data/measures/prose.md:4: issuer: prints `unknown`: leave the field out, or say in Chinese what is not known [prints-unknown]",
  "data/measures/prose.md:10: figures.1.quote: the quote does not contain the value 36 as digits (36); fix it, or add override: { note } saying why [figure-digits]",
  "data/measures/prose.md:13: sources: neither the measure nor any source is dated: cite a dated report of the measure (报道日期) [undated-measure]",
  "data/measures/prose.md:14: sources.0.note: English prose on a Chinese page: «Seed article (summary), no URL recorded» [english-prose]",
  "data/measures/prose.md:14: sources.0.note: internal vocabulary on a public page (seed) [internal-word]",
  "data/measures/prose.md:14: sources.0.title: the title repeats the publisher «新华网江苏» (shown twice): leave the title out or give the real one [duplicate-source]",
  "data/measures/prose.md:15: sources.1.title: the title repeats the publisher «新华网江苏» (shown twice): leave the title out or give the real one [duplicate-source]",
  "data/measures/prose.md:15: sources.1: the same source is cited twice [duplicate-source]",
  "data/measures/prose.md:19: body: English prose on a Chinese page: «The measure was reported by the seed articles in English» [english-prose]",
  "data/measures/prose.md:19: body: internal vocabulary on a public page (seed) [internal-word]",
  "data/measures/prose.md:20: body: internal vocabulary on a public page (a project file) [internal-word]",
  "data/measures/prose.md:20: body: internal vocabulary on a public page (a file name) [internal-word]",
  "data/village-lists/mirror.yaml:8: source: an official list needs a source on a government host (*.gov.cn or data/official-domains.yaml) or a document number with its issuer; a copy elsewhere is `status: repost`",
  "data/village-lists/repost.yaml:8: source: a list from a repost is `status: repost`, never `official` (a mirror never supports a fact on its own)",
];

let divisions: DivisionIndex;
let options: CheckOptions;
beforeAll(async () => {
  if (!existsSync(join(GENERATED_DIR, "meta.json"))) await generateDivisions({ log: () => {} });
  divisions = loadDivisions();
  options = { divisions: { get: divisions.get, change: (code) => (code === RETIRED.code ? RETIRED : divisions.change(code)) } };
});

describe("checkData", () => {
  describe("on a broken data folder", () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), "qingdan-check-"));
      for (const [path, text] of Object.entries(FILES)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it("prints every problem as file:line: message, sorted by file and line", async () => {
      const problems = await checkData(root, options);
      expect(formatProblems(problems).split("\n")).toEqual(EXPECTED);
    });

    it("reports a file of another type as a warning and every other problem as an error", async () => {
      const problems = await checkData(root, options);
      expect(problems.filter((p) => p.severity === "warning").map((p) => p.file)).toEqual(["data/figures/old.yml"]);
      expect(problems.filter((p) => p.severity === "error")).toHaveLength(EXPECTED.length - 1);
    });
  });

  describe("without generated division data", () => {
    it("warns that codes were not checked and still validates the schemas", async () => {
      const root = mkdtempSync(join(tmpdir(), "qingdan-check-"));
      try {
        mkdirSync(join(root, "data", "measures"), { recursive: true });
        writeFileSync(join(root, "data", "measures", "bad.md"), FILES["data/measures/bad.md"]!);
        const lines = formatProblems(await checkData(root)).split("\n");
        expect(lines[0]).toBe("data/generated/divisions:1: warning: division data not generated (`npm run gen:divisions`): codes not checked");
        expect(lines[1]).toMatch(/^data\/measures\/bad\.md:6: categories\.0: must be one of/);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });

  describe("content rules (issue 11 item 6) on broken fixtures", () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), "qingdan-check-content-"));
      for (const [path, text] of Object.entries(CONTENT_FILES)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it("prints each content problem as file:line: field: message [rule]", async () => {
      expect(formatProblems(await checkData(root, options)).split("\n")).toEqual(CONTENT_EXPECTED);
    });
  });

  describe("on the project's data/", () => {
    it("finds no problem in any file (no allow-list: every content rule holds)", async () => {
      const problems = await checkData(process.cwd(), { divisions });
      expect(formatProblems(problems)).toBe("");
    });
  });
});
