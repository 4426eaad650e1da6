/**
 * `npm run check:data`: validates every file under data/ against the shared schemas and
 * prints each problem as `file:line: message`, the line being that of the offending YAML
 * node. Beyond the schemas it cross-checks division codes against the generated dataset,
 * folder and file names, duplicate ids and versions, and retired codes; it applies the one
 * provenance rule with data/official-domains.yaml, and the content rules of
 * scripts/check-data-content.ts (each message ends with its rule, e.g. `[english-prose]`).
 * Exit code 1 on errors.
 *
 * @example
 *   npm run check:data
 *   data/duty-lists/431027100/2025.yaml:57: parts.assisting.2.leadDepartment: an assisting item needs its lead department (对应上级部门)
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";
import type { z } from "zod";
import {
  Deployment,
  DivisionChange,
  DutyList,
  MeasureFrontmatter,
  OfficialChannel,
  OfficialDomains,
  OversightBody,
  provenanceProblem,
  ReportedListFigures,
  RoutingRules,
  VillageList,
  type ProvenanceRecord,
  type Source,
} from "../data/schema/index.ts";
import { loadDivisions, type DivisionIndex } from "../data/divisions.ts";
import { figureProblems, measureProblems, recordTextProblems, sourceProblems, textProblems, type ContentProblem } from "./check-data-content.ts";

export interface DataProblem {
  file: string;
  line: number;
  message: string;
  severity: "error" | "warning";
}

export interface CheckOptions {
  /** Division lookups; defaults to the generated data under `root` (codes are not checked when absent). */
  divisions?: Pick<DivisionIndex, "get" | "change">;
}

// ───────────────────────── Messages ─────────────────────────

/** English text for the schemas' message codes (`e.*`), shared with the importer. */
export const MESSAGES: Record<string, string> = {
  "e.date_format": "dates are written YYYY-MM-DD (a source's date may be YYYY-MM when it gives only the month), or `unknown` when the source gives none",
  "e.date_invalid": "this date does not exist",
  "e.division_code": "not a division code (2, 4, 6, 9 or 12 digits)",
  "e.township_code": "a township code has 9 digits",
  "e.url": "must be an http(s) URL",
  "e.source_unidentifiable": "a source needs a URL, a document number or a title",
  "e.official_needs_source": "an official list needs a source with a URL or a document number",
  "e.official_not_repost": "a list from a repost is `status: repost`, never `official` (a mirror never supports a fact on its own)",
  "e.official_needs_official_source":
    "an official list needs a source on a government host (*.gov.cn or data/official-domains.yaml) or a document number with its issuer; a copy elsewhere is `status: repost`",
  "e.repost_needs_repost_source": "a `repost` list needs a source with `repost` (naming the original publisher where known)",
  "e.host": "a host name in lower case, without scheme or path",
  "e.illustrative_needs_note": "an illustrative record needs a `note` saying that it is an example",
  "e.duplicate_item_number": "duplicate item number in this part",
  "e.missing_leadDepartment": "an assisting item needs its lead department (对应上级部门)",
  "e.missing_receivingDepartment": "a returned item needs its receiving department (承接部门)",
  "e.village_list_needs_village": "a village's own list (kind: list) needs a 12-digit village code",
  "e.area_level_mismatch": "the area code does not match the body's level",
  "e.duplicate_id": "duplicate id",
  "e.routing_above_needs_known_level": "a receiver at level `above` needs imposerLevels without `unknown`",
  "e.icp_number": "a filed ICP registration (备案) needs its number, and only then",
};

type Issue = z.core.$ZodIssue;

/** The most specific issue inside a union failure: the first branch issue with one of our codes. */
function innermost(issue: Issue): Issue {
  if (issue.code !== "invalid_union") return issue;
  const branches = issue.errors.flat();
  const ours = branches.find((i) => i.message.startsWith("e."));
  return ours ? { ...ours, path: [...issue.path, ...ours.path] } : issue;
}

/** One zod issue in English: `path: message`. */
export function describeIssue(raw: Issue): { path: PropertyKey[]; message: string } {
  const issue = innermost(raw);
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
  let text: string;
  if (issue.message in MESSAGES) text = MESSAGES[issue.message]!;
  else if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) text = "required field is missing";
  else if (issue.code === "invalid_type") text = `expected ${issue.expected}`;
  else if (issue.code === "unrecognized_keys") text = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `\`${k}\``).join(", ")}`;
  else if (issue.code === "invalid_value") text = `must be one of ${issue.values.map((v) => `\`${String(v)}\``).join(", ")}`;
  else if (issue.code === "too_small" && issue.origin === "string") text = "must not be empty";
  else if (issue.code === "too_small" && issue.origin === "array") text = `needs at least ${issue.minimum} entr${issue.minimum === 1 ? "y" : "ies"}`;
  else if (issue.code === "too_big" && issue.origin === "string") text = `longer than ${issue.maximum} characters`;
  else if (issue.code === "invalid_format" && issue.format === "regex") text = `does not match the expected pattern ${issue.pattern}`;
  else text = issue.message;
  return { path, message: path.length ? `${path.join(".")}: ${text}` : text };
}

// ───────────────────────── YAML with lines ─────────────────────────

interface YamlFile {
  rel: string;
  doc: Document;
  value: unknown;
  /** Line of a path in the document (the nearest existing ancestor when the path is missing). */
  lineOf(path: readonly PropertyKey[]): number;
  problems: DataProblem[];
  /** The YAML itself does not parse: schema checks are skipped. */
  broken: boolean;
}

/** What YAML 1.1 reads as a timestamp: a date, alone or followed by a time. */
const BARE_TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:$|[Tt]|\s+\d)/;

function readYaml(rel: string, text: string, firstLine = 1): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  const syntax: DataProblem[] = doc.errors.map((e) => ({ file: rel, line: lineAt(e.pos[0]), message: `YAML: ${e.message.split("\n")[0]}`, severity: "error" }));
  // This check reads YAML 1.2, where a bare 2025-06-30 is text; the site build (Astro) reads YAML
  // 1.1, where it is a timestamp the schemas refuse: a date must be quoted to build.
  const bareDates: DataProblem[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (node.type === "PLAIN" && typeof node.value === "string" && BARE_TIMESTAMP.test(node.value) && node.range) {
        bareDates.push({
          file: rel,
          line: lineAt(node.range[0]),
          message: `YAML: ${node.value}: write the date in quotes ("${node.value}"): the site build reads a bare date as a timestamp`,
          severity: "error",
        });
      }
    },
  });
  return {
    rel,
    doc,
    value: syntax.length ? undefined : doc.toJS(),
    problems: [...syntax, ...bareDates],
    broken: syntax.length > 0,
    lineOf(path) {
      // The key's line for a map entry (a block value starts on the next line), the item's for a list entry;
      // a missing path falls back to its nearest existing ancestor.
      for (let n = path.length; n > 0; n--) {
        const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1) as unknown[], true);
        const key = path[n - 1];
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
          if (pair && isNode(pair.key) && pair.key.range) return lineAt(pair.key.range[0]);
        } else if (isSeq(parent) && typeof key === "number") {
          const item = parent.items[key];
          if (isNode(item) && item.range) return lineAt(item.range[0]);
        }
      }
      return isNode(doc.contents) && doc.contents.range ? lineAt(doc.contents.range[0]) : firstLine;
    },
  };
}

/** Parses `value` (the whole file, or the part at `at`) and records each issue at its line. */
function validate<T>(file: YamlFile, schema: z.ZodType<T>, value: unknown = file.value, at: PropertyKey[] = []): T | undefined {
  if (file.broken) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const raw of result.error.issues) {
    const { path, message } = describeIssue({ ...raw, path: [...at, ...raw.path] } as Issue);
    file.problems.push({ file: file.rel, line: file.lineOf(path), message, severity: "error" });
  }
  return undefined;
}

// ───────────────────────── Files ─────────────────────────

/** Files of a folder (recursively); `others` collects those with another extension, which are not checked. */
function walk(dir: string, ext: string, others: string[] = []): string[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !e.name.startsWith("."))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  others.push(...files.filter((f) => !f.endsWith(ext)));
  return files.filter((f) => f.endsWith(ext));
}

/** A Markdown file's frontmatter as YAML, with the line it starts on, and the body with the line it starts on. */
function readFrontmatter(rel: string, text: string): YamlFile & { body: string; bodyLine: number } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) {
    const file = readYaml(rel, "");
    file.problems.push({ file: rel, line: 1, message: "missing frontmatter (--- … ---)", severity: "error" });
    return { ...file, body: "", bodyLine: 1 };
  }
  return { ...readYaml(rel, match[1]!, 2), body: text.slice(match[0].length), bodyLine: match[0].split("\n").length };
}

// ───────────────────────── Checker ─────────────────────────

/** Validates every data file under `root`/data (default: `QINGDAN_ROOT`, else the project); problems come sorted by file and line. */
export async function checkData(root: string = process.env.QINGDAN_ROOT ?? process.cwd(), options: CheckOptions = {}): Promise<DataProblem[]> {
  const dataDir = join(root, "data");
  const problems: DataProblem[] = [];
  const rel = (path: string) => relative(root, path);
  let divisions = options.divisions;
  if (!divisions) {
    try {
      divisions = loadDivisions(join(dataDir, "generated", "divisions"));
    } catch {
      problems.push({
        file: "data/generated/divisions",
        line: 1,
        message: "division data not generated (`npm run gen:divisions`): codes not checked",
        severity: "warning",
      });
    }
  }

  const report = (file: YamlFile, path: PropertyKey[], message: string) =>
    file.problems.push({ file: file.rel, line: file.lineOf(path), message: `${path.join(".")}: ${message}`, severity: "error" });
  /** Reports a code that does not exist (or was retired) in the division dataset. */
  const checkCode = (file: YamlFile, path: PropertyKey[], code: string, what = "code") => {
    if (!divisions || code === "CN" || divisions.get(code)) return;
    const change = divisions.change(code);
    report(
      file,
      path,
      change
        ? `${what} ${code} (${change.name}) was retired (${change.kind})${change.successor ? `; use ${change.successor}` : ""}`
        : `${what} ${code} is not in the division dataset`,
    );
  };
  const seenIds = new Map<string, string>();
  const checkUnique = (file: YamlFile, key: string, path: PropertyKey[], label: string) => {
    const first = seenIds.get(key);
    if (first) report(file, path, `duplicate ${label} (also in ${first})`);
    else seenIds.set(key, file.rel);
  };
  const unchecked: string[] = [];
  const yamlFiles = (folder: string) => walk(join(dataDir, folder), ".yaml", unchecked).map((path) => readYaml(rel(path), readFileSync(path, "utf8")));
  const files: YamlFile[] = [];

  /** Validates each YAML file of a folder, then runs the cross-checks on the records that parse. */
  const collection = <T>(folder: string, schema: z.ZodType<T>, check: (file: YamlFile, record: T) => void) => {
    for (const file of yamlFiles(folder)) {
      files.push(file);
      const record = validate(file, schema);
      if (record) check(file, record);
    }
  };
  /** One YAML file at the top of data/, validated (undefined when absent or invalid). */
  const single = <T>(name: string, schema: z.ZodType<T>): T | undefined => {
    const path = join(dataDir, name);
    if (!existsSync(path)) return undefined;
    const file = readYaml(rel(path), readFileSync(path, "utf8"));
    files.push(file);
    return validate(file, schema);
  };
  const officialHosts = (single("official-domains.yaml", OfficialDomains)?.domains ?? []).map((d) => d.host);
  /** The one provenance rule (data/schema/provenance.ts), now with the official hosts. */
  const checkProvenance = (file: YamlFile, record: ProvenanceRecord) => {
    const problem = provenanceProblem(record, officialHosts);
    if (problem) report(file, [problem.path], MESSAGES[problem.code] ?? problem.code);
  };
  /** Content rules (scripts/check-data-content.ts): each problem at its field's line, tagged with its rule. */
  const content = (file: YamlFile, found: ContentProblem[], line?: number) => {
    for (const p of found) {
      const field = p.path.map(String).join(".");
      file.problems.push({ file: file.rel, line: line ?? file.lineOf(p.path), message: `${field}: ${p.message} [${p.rule}]`, severity: "error" });
    }
  };
  /** The text rules over a record's shown fields, and the source rules over its one `source`. */
  const texts = (file: YamlFile, record: object & { source?: Source }) => {
    content(file, recordTextProblems(record));
    if (record.source)
      content(
        file,
        sourceProblems([record.source], ["source"]).map((p) => ({ ...p, path: ["source", ...p.path.slice(2)] })),
      );
  };
  const uniqueId = (kind: string) => (file: YamlFile, record: { id: string }) => checkUnique(file, `${kind}:${record.id}`, ["id"], `id ${record.id}`);

  collection("duty-lists", DutyList, (file, list) => {
    checkCode(file, ["township"], list.township, "township");
    checkProvenance(file, list);
    texts(file, list);
    const folder = basename(dirname(file.rel));
    if (folder !== list.township) report(file, ["township"], `${list.township} does not match its folder ${folder}`);
    if (basename(file.rel, ".yaml") !== list.version) report(file, ["version"], `the file of version ${list.version} must be named ${list.version}.yaml`);
    checkUnique(file, `duty-list:${list.township}:${list.version}`, ["version"], `version ${list.version} of ${list.township}`);
    const division = divisions?.get(list.township);
    if (division && division.level !== "township") report(file, ["township"], `${list.township} is a ${division.level}, not a township`);
  });
  collection("village-lists", VillageList, (file, list) => {
    checkCode(file, ["area"], list.area, "area");
    checkProvenance(file, list);
    texts(file, list);
    uniqueId("village-list")(file, list);
  });
  collection("figures", ReportedListFigures, (file, record) => {
    checkCode(file, ["area"], record.area, "area");
    uniqueId("figures")(file, record);
    texts(file, record);
    content(file, figureProblems(record.figures, ["figures"]));
    record.townships.forEach((code, i) => {
      checkCode(file, ["townships", i], code, "township");
      if (!code.startsWith(record.area)) report(file, ["townships", i], `${code} is not within area ${record.area}`);
    });
  });
  for (const path of walk(join(dataDir, "measures"), ".md", unchecked)) {
    const file = readFrontmatter(rel(path), readFileSync(path, "utf8"));
    files.push(file);
    const measure = validate(file, MeasureFrontmatter);
    measure?.areas.forEach((code, i) => checkCode(file, ["areas", i], code, "area"));
    if (measure) {
      content(file, [...recordTextProblems(measure), ...measureProblems(measure)]);
      const numbers = measure.sources.flatMap((x) => (x.documentNumber ? [x.documentNumber] : []));
      file.body.split("\n").forEach((text, i) => content(file, textProblems(["body"], text, numbers), file.bodyLine + i));
    }
  }
  collection("channels", OfficialChannel, (file, channel) => {
    channel.areas.forEach((code, i) => checkCode(file, ["areas", i], code, "area"));
    texts(file, channel);
    uniqueId("channel")(file, channel);
  });
  collection("oversight-bodies", OversightBody, (file, body) => {
    checkCode(file, ["area"], body.area, "area");
    texts(file, body);
    uniqueId("body")(file, body);
  });

  const changesPath = join(dataDir, "division-changes.yaml");
  if (existsSync(changesPath)) {
    const file = readYaml(rel(changesPath), readFileSync(changesPath, "utf8"));
    files.push(file);
    const changes = (file.value as { changes?: unknown } | null)?.changes;
    if (!file.broken && !Array.isArray(changes)) file.problems.push({ file: file.rel, line: 1, message: "changes: expected a list", severity: "error" });
    else if (Array.isArray(changes)) {
      changes.forEach((entry, i) => {
        const change = validate(file, DivisionChange, entry, ["changes", i]);
        if (!change) return;
        if (divisions?.get(change.code)) report(file, ["changes", i, "code"], `${change.code} is retired but still in the division dataset`);
        if (change.successor && divisions && !divisions.get(change.successor))
          report(file, ["changes", i, "successor"], `${change.successor} is not in the division dataset`);
        checkUnique(file, `change:${change.code}`, ["changes", i, "code"], `retired code ${change.code}`);
        content(
          file,
          recordTextProblems(change).map((p) => ({ ...p, path: ["changes", i, ...p.path] })),
        );
      });
    }
  }

  const deploymentPath = join(dataDir, "deployment.yaml");
  if (existsSync(deploymentPath)) {
    const file = readYaml(rel(deploymentPath), readFileSync(deploymentPath, "utf8"));
    files.push(file);
    validate(file, Deployment);
  }

  const rulesPath = join(dataDir, "routing-rules.yaml");
  if (existsSync(rulesPath)) {
    const file = readYaml(rel(rulesPath), readFileSync(rulesPath, "utf8"));
    files.push(file);
    const rules = validate(file, RoutingRules);
    rules?.rules.forEach((rule, i) => rule.when.areas?.forEach((code, j) => checkCode(file, ["rules", i, "when", "areas", j], code, "area")));
  }

  for (const path of unchecked)
    problems.push({ file: rel(path), line: 1, message: "not checked: data files here are .yaml (measures: .md)", severity: "warning" });
  for (const file of files) problems.push(...file.problems);
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function formatProblems(problems: DataProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.severity === "warning" ? "warning: " : ""}${p.message}`).join("\n");
}

if (import.meta.main) {
  const problems = await checkData();
  if (problems.length) console.log(formatProblems(problems));
  const errors = problems.filter((p) => p.severity === "error").length;
  console.log(errors ? `check:data: ${errors} error(s)` : "check:data: all files valid");
  process.exit(errors ? 1 : 0);
}
