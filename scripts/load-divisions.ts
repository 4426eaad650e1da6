/**
 * Loads every division level (villages included) into D1 so the worker can validate and
 * search codes without bundling them (Workers scripts are capped at 10 MB).
 * Idempotent: skips when `meta.divisions_version` already matches the generated dataset.
 *   npm run load:divisions                      local D1 (run by `npm start`)
 *   npm run load:divisions -- --remote --env production   a deployed database (README, "Deploy")
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { generateDivisions } from "./gen-divisions.ts";
import { GENERATED_DIR, loadDivisionChanges } from "../data/divisions.ts";
import { d1File, d1Migrate, d1Query, targetFromArgv, type D1Target } from "./lib/run.ts";
import { sql } from "../worker/db/sql-literal.ts";
import { PLACE_KEY_FORMAT, placeNameRow, placeNamesSql, placeNgramsSql } from "../worker/db/place-rows.ts";
import { isPlaceholderName, type DivisionChange } from "../data/schema/division.ts";

const PLACE_ROWS_PER_FILE = 60_000;

/** place_names rows for every division (placeholder levels left out) and every former name. */
function placeRows(changes: DivisionChange[]): [string, string, 0 | 1][] {
  const rows: [string, string, 0 | 1][] = [];
  for (const [code, name] of JSON.parse(readFileSync(join(GENERATED_DIR, "divisions.json"), "utf8")) as [string, string][]) {
    if (!isPlaceholderName(name)) rows.push(placeNameRow(code, name));
  }
  const villageDir = join(GENERATED_DIR, "villages");
  for (const file of readdirSync(villageDir).sort()) {
    const groups = JSON.parse(readFileSync(join(villageDir, file), "utf8")) as Record<string, [string, string][]>;
    for (const villages of Object.values(groups)) for (const [code, name] of villages) rows.push(placeNameRow(code, name));
  }
  for (const c of changes) if (c.successor) rows.push(placeNameRow(c.successor, c.name, true));
  return rows;
}

/**
 * The search tables (migrations 0003, 0004): place_names from the generated files, then
 * place_ngrams computed inside D1 from place_names, one province per statement. Skipped when
 * `meta.places_version` says this dataset, key format and set of former names is loaded.
 */
function loadPlaces(target: D1Target, version: string, changes: DivisionChange[], log: (line: string) => void): void {
  const placesVersion = `${version}/${PLACE_KEY_FORMAT}/${createHash("sha256").update(JSON.stringify(changes)).digest("hex").slice(0, 12)}`;
  if (d1Query<{ value: string }>("SELECT value FROM meta WHERE key = 'places_version'", target)[0]?.value === placesVersion) {
    log(`places: D1 already holds ${placesVersion}`);
    return;
  }
  const started = Date.now();
  const rows = placeRows(changes);
  const dir = mkdtempSync(join(tmpdir(), "qingdan-places-"));
  const files: string[] = [];
  for (let start = 0; start < rows.length; start += PLACE_ROWS_PER_FILE) {
    const file = join(dir, `${String(files.length).padStart(3, "0")}.sql`);
    const head = start === 0 ? ["DELETE FROM place_ngrams;", "DELETE FROM place_names;"] : [];
    writeFileSync(file, [...head, ...placeNamesSql(rows.slice(start, start + PLACE_ROWS_PER_FILE))].join("\n") + "\n");
    files.push(file);
  }
  files.forEach((file, i) => {
    log(`places: loading names ${i + 1}/${files.length}`);
    d1File(file, target);
  });
  const provinces = [...new Set(rows.map(([, code]) => code.slice(0, 2)))].sort();
  const ngrams = join(dir, "ngrams.sql");
  writeFileSync(
    ngrams,
    [...provinces.map(placeNgramsSql), `INSERT OR REPLACE INTO meta (key, value) VALUES ('places_version', ${sql(placesVersion)});`].join("\n") + "\n",
  );
  log(`places: computing bigrams for ${provinces.length} provinces`);
  d1File(ngrams, target);
  log(`places: ${rows.length} names and their bigrams loaded in ${Math.round((Date.now() - started) / 1000)} s`);
}

export async function loadDivisionsIntoD1(target: D1Target, log: (line: string) => void = console.log): Promise<void> {
  const dataset = await generateDivisions({ log });
  const version = `${dataset.package}@${dataset.version}`;
  d1Migrate(target);
  const current = d1Query<{ value: string }>("SELECT value FROM meta WHERE key = 'divisions_version'", target)[0]?.value;
  if (current === version) {
    log(`divisions: D1 already holds ${version}`);
  } else {
    const dir = join(GENERATED_DIR, "sql");
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    files.forEach((file, i) => {
      log(`divisions: loading into D1 ${i + 1}/${files.length} (${file})`);
      d1File(join(dir, file), target);
    });
  }
  // Retired codes are small and curated: reload them every time.
  const changes = loadDivisionChanges();
  const tmp = join(mkdtempSync(join(tmpdir(), "qingdan-")), "changes.sql");
  writeFileSync(
    tmp,
    [
      "DELETE FROM division_changes;",
      ...changes.map(
        (c) =>
          `INSERT INTO division_changes (code, name, successor_code, kind, effective, note) VALUES (${sql(c.code)}, ${sql(c.name)}, ${sql(c.successor)}, ${sql(c.kind)}, ${sql(c.effective)}, ${sql(c.note)});`,
      ),
      `INSERT OR REPLACE INTO meta (key, value) VALUES ('divisions_version', ${sql(version)});`,
    ].join("\n"),
  );
  d1File(tmp, target);
  loadPlaces(target, version, changes, log);
  log(`divisions: D1 ready (${version}, ${changes.length} retired codes)`);
}

if (import.meta.main) {
  await loadDivisionsIntoD1(targetFromArgv(process.argv));
}
