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
  // Schema problems, each reported at its own line.
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
    note: still in the dataset
`,
};

const EXPECTED = [
  "data/channels/b.yaml:1: id: duplicate id same (also in data/channels/a.yaml)",
  "data/channels/b.yaml:5: areas.1: area 999999 is not in the division dataset",
  "data/channels/broken.yaml:3: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
  "data/division-changes.yaml:2: changes.0.code: 431027100 is retired but still in the division dataset",
  "data/division-changes.yaml:4: changes.0.successor: 431027998 is not in the division dataset",
  "data/duty-lists/431027100/2024.yaml:1: source: an official list needs a source with a URL or a document number",
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

  describe("on the project's data/", () => {
    it("finds no problem in any file", async () => {
      expect(formatProblems(await checkData(process.cwd(), { divisions }))).toBe("");
    });
  });
});
