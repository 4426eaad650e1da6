/**
 * `npm run contributions:pull [-- --remote --env production] [--report] [--out DIR]` (issue 12 item 3).
 *
 * Takes the contributions an editor marked for import (`import_ready = 1`, migrations/0051), fetches
 * each file from the CONTRIBUTIONS bucket, runs the importer on it in a child process with a time
 * and memory budget, and writes one draft YAML per township under data/duty-lists/<code>/<version>.yaml
 * with the source URL, issuer, dates and the parse preview in a comment. A contribution whose
 * township mapping is missing (a county file, or several townships, without `township_parts`) is
 * refused. `--report` writes each preview back to D1, where the editors' desk shows it.
 * Nothing is committed: the maintainer reviews the diff, runs `npm run check:data` and commits.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { d1Query, option, run, targetFromArgv, type D1Target } from "./lib/run.ts";
import { sql } from "../worker/db/sql-literal.ts";
import type { ImportOptions } from "./importer/index.ts";
import type { ContributionPreviewPart, TownshipPart } from "../data/schema/contribution.ts";

/** Per file: wall-clock seconds and heap megabytes of the importer's process. */
export const IMPORT_BUDGET = { seconds: 60, heapMb: 512 } as const;

export interface ImportRow {
  id: string;
  countyCode: string;
  townships: string;
  wholeCounty: number;
  url: string;
  fileKey: string | null;
  fileType: string | null;
  issuer: string | null;
  documentNumber: string | null;
  adoptedOn: string | null;
  publishedOn: string | null;
  version: string | null;
  townshipParts: string | null;
}

/** Where the rows and files come from: D1 and R2 through wrangler, or a test's stand-in. */
export interface ContributionStore {
  rows(): ImportRow[];
  /** Copies the object to `file`. */
  fetchFile(key: string, file: string): void;
  writePreview(id: string, preview: unknown): void;
}

/** What the desk shows of one township's import (data/schema/contribution.ts, the one shape for both sides). */
type Preview = ContributionPreviewPart;

/** The townships and where their part is; an error message when the mapping is missing. */
export function townshipMapping(row: ImportRow): TownshipPart[] | string {
  const parts = row.townshipParts ? (JSON.parse(row.townshipParts) as TownshipPart[]) : [];
  const townships = JSON.parse(row.townships) as string[];
  if (parts.length > 0) {
    if (parts.some((p) => !p.township.startsWith(row.countyCode))) return "township_parts names a township outside the contribution's county";
    return parts;
  }
  if (!row.wholeCounty && townships.length === 1) return [{ township: townships[0]! }];
  return "township mapping missing: a county file or several townships need township_parts (which sheet, heading or pages belong to which township)";
}

/** Runs the importer in a child process under IMPORT_BUDGET; a timeout or crash is a refusal. */
export function importInChild(options: ImportOptions): {
  ok: boolean;
  refused?: string;
  written?: string;
  counts?: Record<string, number>;
  problems?: { sheet: string; row: number; message: string }[];
  unmapped?: string[];
} {
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${IMPORT_BUDGET.heapMb}`, join(import.meta.dirname, "contributions", "import-one.ts"), JSON.stringify(options)],
    {
      encoding: "utf8",
      timeout: IMPORT_BUDGET.seconds * 1000,
      killSignal: "SIGKILL",
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (child.error || child.status !== 0)
    return {
      ok: false,
      refused:
        child.signal === "SIGKILL"
          ? `over the budget (${IMPORT_BUDGET.seconds} s, ${IMPORT_BUDGET.heapMb} MB)`
          : `importer failed: ${(child.stderr ?? "").split("\n").slice(-3).join(" ").trim()}`,
    };
  return JSON.parse(child.stdout);
}

/** The draft's first lines: which contribution it came from and what the parse found, for the reviewer. */
function previewComment(row: ImportRow, preview: Preview): string {
  const lines = [
    `# Draft from contribution ${row.id} (npm run contributions:pull): review against ${row.url} before committing.`,
    `# Preview: basic ${preview.counts?.basic ?? 0}, assisting ${preview.counts?.assisting ?? 0}, returned ${preview.counts?.returned ?? 0} items.`,
    ...(preview.unmapped?.length ? [`# Headings not recognised: ${preview.unmapped.join(", ")}`] : []),
    ...(preview.problems?.length ? [`# Rows not placed: ${preview.problems.length}`] : []),
  ];
  return lines.join("\n") + "\n";
}

export function pull(store: ContributionStore, options: { outDir?: string; report?: boolean; log?: (line: string) => void } = {}): Preview[][] {
  const log = options.log ?? ((line: string) => console.log(line));
  const all: Preview[][] = [];
  for (const row of store.rows()) {
    const previews: Preview[] = [];
    const mapping = townshipMapping(row);
    if (typeof mapping === "string") {
      log(`contribution ${row.id}: refused: ${mapping}`);
      previews.push({ township: row.countyCode, refused: mapping });
    } else if (!row.fileKey) {
      log(`contribution ${row.id}: refused: no file (import by hand from ${row.url})`);
      previews.push({ township: row.countyCode, refused: "no file" });
    } else {
      const dir = mkdtempSync(join(tmpdir(), "qingdan-contribution-"));
      try {
        const file = join(dir, `file.${row.fileType}`);
        store.fetchFile(row.fileKey, file);
        for (const part of mapping) {
          if (part.sheet || part.heading || part.pages) {
            // The importer reads a whole file; selecting one township's part of it is not built yet.
            previews.push({
              township: part.township,
              refused: "the importer cannot yet select a sheet, heading or page range: split the file and import it with npm run import",
            });
            continue;
          }
          const result = importInChild({
            file,
            township: part.township,
            source: row.url,
            issuer: row.issuer ?? undefined,
            documentNumber: row.documentNumber ?? undefined,
            adopted: row.adoptedOn ?? undefined,
            published: row.publishedOn ?? undefined,
            version: row.version ?? undefined,
            outDir: options.outDir,
          });
          const preview: Preview = {
            township: part.township,
            written: result.written,
            refused: result.ok ? undefined : result.refused,
            counts: result.counts,
            unmapped: result.unmapped,
            problems: result.problems?.map((p) => `${p.sheet} ${p.row}: ${p.message}`),
          };
          if (result.written) writeFileSync(result.written, previewComment(row, preview) + readFileSync(result.written, "utf8"));
          previews.push(preview);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      for (const p of previews)
        log(`contribution ${row.id}: ${p.township}: ${p.written ? `wrote ${p.written}` : `refused: ${p.refused ?? (p.problems ?? []).join("; ")}`}`);
    }
    if (options.report) store.writePreview(row.id, previews);
    all.push(previews);
  }
  return all;
}

const COLUMNS = `id, county_code AS countyCode, townships, whole_county AS wholeCounty, url, file_key AS fileKey, file_type AS fileType, issuer,
  document_number AS documentNumber, adopted_on AS adoptedOn, published_on AS publishedOn, version, township_parts AS townshipParts`;

/** D1 and R2 through wrangler (local emulator, or `--remote --env production`). */
export function wranglerStore(target: D1Target): ContributionStore {
  const bucket = target.env === "production" ? "qingdan-contributions-production" : "qingdan-contributions";
  const place = [
    target.remote ? "--remote" : "--local",
    ...(target.env ? ["--env", target.env] : []),
    ...(target.persistTo && !target.remote ? ["--persist-to", target.persistTo] : []),
  ];
  return {
    rows: () =>
      d1Query<ImportRow>(
        `SELECT ${COLUMNS} FROM contributions WHERE import_ready = 1 AND kind = 'list' AND status IN ('received', 'reviewing') ORDER BY received_on, id`,
        target,
      ),
    fetchFile: (key, file) => void run("wrangler", ["r2", "object", "get", `${bucket}/${key}`, "--file", file, ...place], { capture: true }),
    writePreview: (id, preview) => void d1Query(`UPDATE contributions SET preview = ${sql(JSON.stringify(preview))} WHERE id = ${sql(id)}`, target),
  };
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const results = pull(wranglerStore(targetFromArgv(argv)), { report: argv.includes("--report"), outDir: option(argv, "out") });
  const written = results.flat().filter((p) => p.written).length;
  console.log(
    `contributions:pull: ${results.length} contributions, ${written} drafts written${written ? "; review them, run npm run check:data, then commit" : ""}`,
  );
}
