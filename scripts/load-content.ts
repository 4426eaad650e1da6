/**
 * Loads the item and measure search (migration 0005) from data/: every township's current duty
 * list, the village lists and the measures, validated by their schemas. Illustrative lists and
 * measures only go into a local database outside a deploy build (data/demo-content.ts), the same
 * filter as the site build's, so the search never finds what the pages do not show.
 * Idempotent: replaces every row, and skips when `meta.content_version` already matches.
 *   npm run load:content                                 local D1 (run by `npm start` and the browser tests)
 *   npm run load:content -- --remote --env production    a deployed database (README, "Deploy")
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import { DutyList, MeasureFrontmatter, VillageList } from "../data/schema/index.ts";
import { forBuild, isDeployBuild } from "../data/demo-content.ts";
import { contentEntries, contentSql, type ContentData } from "../worker/db/content-rows.ts";
import { sql } from "../worker/db/sql-literal.ts";
import { d1File, d1Migrate, d1Query, targetFromArgv, type D1Target } from "./lib/run.ts";

const filesIn = (dir: string, ext: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f));

function valid<T>(schema: z.ZodType<T>, file: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(`load-content: ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")} (npm run check:data)`);
  return parsed.data;
}

/** The frontmatter of a measure's Markdown file. */
function frontmatter(file: string): unknown {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, "utf8"));
  if (!match) throw new Error(`load-content: ${file}: no frontmatter`);
  return parse(match[1]!);
}

/** What the search holds from data/ (`root`): illustrative records only with `demo`. */
export function readContent(demo: boolean, root = "data"): ContentData {
  const keep = <T extends { status: string }>(records: T[]) => forBuild(records, !demo);
  return {
    dutyLists: keep(filesIn(join(root, "duty-lists"), ".yaml").map((f) => valid(DutyList, f, parse(readFileSync(f, "utf8"))))),
    villageLists: keep(filesIn(join(root, "village-lists"), ".yaml").map((f) => valid(VillageList, f, parse(readFileSync(f, "utf8"))))),
    measures: forBuild(
      filesIn(join(root, "measures"), ".md").map((f) => ({ id: basename(f, ".md"), data: valid(MeasureFrontmatter, f, frontmatter(f)) })),
      !demo,
      (m) => m.data,
    ),
  };
}

export function loadContentIntoD1(target: D1Target, { demo, log = console.log }: { demo: boolean; log?: (line: string) => void }): void {
  if (demo && target.remote) throw new Error("load-content: illustrative content is for local databases only");
  const entries = contentEntries(readContent(demo));
  const statements = contentSql(entries);
  const version = createHash("sha256").update(statements.join("\n")).digest("hex").slice(0, 16);
  d1Migrate(target);
  if (d1Query<{ value: string }>("SELECT value FROM meta WHERE key = 'content_version'", target)[0]?.value === version) {
    log(`content: D1 already holds this set (${version})`);
    return;
  }
  const file = join(mkdtempSync(join(tmpdir(), "qingdan-content-")), "content.sql");
  writeFileSync(file, [...statements, `INSERT OR REPLACE INTO meta (key, value) VALUES ('content_version', ${sql(version)});`].join("\n") + "\n");
  d1File(file, target);
  const count = (kind: string) => entries.filter((e) => e.kind === kind).length;
  log(`content: ${count("duty_item")} duty list items, ${count("village_item")} village list items and ${count("measure")} measures loaded for search`);
}

if (import.meta.main) {
  const target = targetFromArgv(process.argv);
  loadContentIntoD1(target, { demo: !target.remote && !isDeployBuild() });
}
