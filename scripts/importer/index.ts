/**
 * Imports an official duty list (.xlsx, .docx, text .pdf or .csv) into data/duty-lists/<township>/<version>.yaml.
 *
 * Provenance (data/schema/provenance.ts decides): a list is written as `official` only when its
 * source is on a government host (`*.gov.cn` or data/official-domains.yaml) or carries a document
 * number and the issuer; a copy elsewhere needs `repost` (and the original publisher where
 * known) and is written as `repost`. Without a source the importer refuses, unless
 * `illustrative` is set, which writes an `illustrative` list with a note. Nothing is written
 * when any row has a problem, unless `partial` is set, which writes the
 * good rows and returns the rest.
 *
 * @example
 *   await importDutyList({ file: "list.xlsx", township: "431027100", source: "https://…", version: "2025" });
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { stringify } from "yaml";
import { DUTY_PARTS, DutyList, type DutyListInput, type DutyPart } from "../../data/schema/duty-list.ts";
import { officialBasis } from "../../data/schema/provenance.ts";
import type { Source } from "../../data/schema/common.ts";
import { loadOfficialHosts } from "../../data/official-domains.ts";
import type { DivisionIndex } from "../../data/divisions.ts";
import { describeIssue } from "../check-data.ts";
import { parseSheets, rowLabel, type RowProblem } from "./parse.ts";
import { readSheets, UnsupportedFileError } from "./read.ts";

export interface ImportOptions {
  file: string;
  township: string;
  part?: DutyPart;
  /** URL of the notice or attachment the list comes from. */
  source?: string;
  /** The source is a copy on another site (status `repost`). */
  repost?: boolean;
  /** Who first published the copied file, where known. */
  originalPublisher?: string;
  /** Official hosts besides *.gov.cn (default: data/official-domains.yaml). */
  officialHosts?: readonly string[];
  documentNumber?: string;
  issuer?: string;
  /** Defaults to `imported-YYYY-MM-DD` (the import date), so no version is invented. */
  version?: string;
  adopted?: string;
  published?: string;
  illustrative?: boolean;
  note?: string;
  partial?: boolean;
  /** Overwrite an existing file of the same version. */
  force?: boolean;
  /** Folder of the duty lists (default data/duty-lists, of `QINGDAN_ROOT` when set). */
  outDir?: string;
  divisions?: Pick<DivisionIndex, "get">;
}

export interface ImportResult {
  /** The file written, or undefined when nothing was written. */
  written?: string;
  list?: DutyListInput;
  counts: Record<DutyPart, number>;
  problems: RowProblem[];
  unmapped: string[];
  notices: string[];
}

/** Refused before reading: bad township, no provenance, or an existing version. */
export class ImportRefusedError extends Error {
  override readonly name = "ImportRefusedError";
}

export async function importDutyList(options: ImportOptions): Promise<ImportResult> {
  if (!/^\d{9}$/.test(options.township)) throw new ImportRefusedError(`--township ${options.township}: a township code has 9 digits`);
  const division = options.divisions?.get(options.township);
  if (options.divisions && division?.level !== "township")
    throw new ImportRefusedError(`--township ${options.township}: not a township in the division dataset`);
  if (!options.source && !options.illustrative) {
    throw new ImportRefusedError(
      "an official list needs --source URL (the notice or attachment it comes from); use --illustrative to import an example instead",
    );
  }
  const source = sourceOf(options);
  const status = source ? (options.repost ? "repost" : "official") : "illustrative";
  if (source && status === "official" && !officialBasis({ issuer: options.issuer, source }, options.officialHosts ?? loadOfficialHosts())) {
    throw new ImportRefusedError(
      `${options.source}: not an official source (the host is not *.gov.cn nor in data/official-domains.yaml, and no --document-number with --issuer); if it is a copy of the file, pass --repost [--original-publisher NAME]`,
    );
  }
  const version = options.version ?? `imported-${new Date().toISOString().slice(0, 10)}`;
  // Relative to the project unless QINGDAN_ROOT names another copy (as data/divisions.ts reads it).
  const outDir = options.outDir ?? join(process.env.QINGDAN_ROOT ?? "", "data", "duty-lists");
  const target = join(outDir, options.township, `${version}.yaml`);
  if (existsSync(target) && !options.force) throw new ImportRefusedError(`${target} exists; choose another --version or pass --force`);

  const parsed = parseSheets(await readFile(options.file), { part: options.part });
  const counts = Object.fromEntries(DUTY_PARTS.map((p) => [p, parsed.parts[p].length])) as Record<DutyPart, number>;
  const problems = [...parsed.problems];
  const base = { counts, problems, unmapped: parsed.unmapped, notices: parsed.notices };
  if (DUTY_PARTS.every((p) => counts[p] === 0)) {
    problems.push({ sheet: "-", row: 0, message: "no items found: no header row with 事项名称 (or a variant) and another known heading" });
    return base;
  }
  if (problems.length && !options.partial) return base;

  const list: DutyListInput = {
    township: options.township,
    issuer: options.issuer ?? "unknown",
    version,
    adopted: options.adopted ?? "unknown",
    published: options.published ?? "unknown",
    status,
    ...(source && { source }),
    ...(!options.source && { note: options.note ?? "示例导入，不是官方清单：导入时没有给出来源。" }),
    parts: Object.fromEntries(DUTY_PARTS.map((p) => [p, parsed.parts[p].map((x) => x.item)])) as DutyListInput["parts"],
  };
  const checked = DutyList.safeParse(list);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [, part, index] = issue.path;
      const origin = typeof index === "number" ? parsed.parts[part as DutyPart]?.[index] : undefined;
      problems.push({ sheet: origin?.sheet ?? "-", row: origin?.row ?? 0, page: origin?.page, message: describeIssue(issue).message });
    }
    return base;
  }
  mkdirSync(join(outDir, options.township), { recursive: true });
  const header = `# Imported by \`npm run import\` from ${basename(options.file)}${options.source ? ` (${options.source})` : ""}.\n# Check it against the original before committing; see README "Importing a duty list".\n`;
  // YAML 1.1 rules for quoting: the site build reads data/ as YAML 1.1 (Astro's loader), where a
  // bare 2025-06-30 is a timestamp, not the string the schema wants; check:data reads YAML 1.2.
  writeFileSync(target, header + stringify(list, { lineWidth: 0, version: "1.1" }));
  return { ...base, written: target, list };
}

/** The source as the list records it, from --source, --document-number, --repost. */
function sourceOf(options: ImportOptions): Source | undefined {
  if (!options.source) return undefined;
  return {
    publisher: options.issuer ?? new URL(options.source).hostname,
    url: options.source,
    ...(options.documentNumber && { documentNumber: options.documentNumber }),
    date: options.published ?? "unknown",
    ...(options.repost && { repost: options.originalPublisher ? { originalPublisher: options.originalPublisher } : {} }),
  };
}

/** A file the importer cannot read (scanned PDF, .xls, .doc) is refused like bad arguments. */
async function readFile(file: string) {
  try {
    return await readSheets(file);
  } catch (error) {
    if (error instanceof UnsupportedFileError) throw new ImportRefusedError(error.message);
    throw error;
  }
}

/** `sheet 基本 row 7: name: empty` (`page 2 row 7: …` for a PDF) lines for the terminal. */
export function formatRowProblems(problems: RowProblem[]): string {
  return problems.map((p) => (!p.row ? p.message : p.page ? `${rowLabel(p)}: ${p.message}` : `sheet ${p.sheet} ${rowLabel(p)}: ${p.message}`)).join("\n");
}
