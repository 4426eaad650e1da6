/**
 * Loads every division level (villages included) into D1 so the worker can validate and
 * search codes without bundling them (Workers scripts are capped at 10 MB).
 * Idempotent: skips when `meta.divisions_version` already matches the generated dataset.
 *   npm run load:divisions                      local D1 (run by `npm start`)
 *   npm run load:divisions -- --remote --env production   a deployed database (README, "Deploy")
 */
import { readdirSync, writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { generateDivisions } from "./gen-divisions.ts";
import { GENERATED_DIR, loadDivisionChanges } from "../data/divisions.ts";
import { d1File, d1Migrate, d1Query, targetFromArgv, type D1Target } from "./lib/run.ts";
import { sql } from "../worker/db/sql-literal.ts";


export async function loadDivisionsIntoD1(target: D1Target, log: (line: string) => void = console.log): Promise<void> {
  const dataset = await generateDivisions({ log });
  const version = `${dataset.package}@${dataset.version}`;
  d1Migrate(target);
  const current = d1Query<{ value: string }>("SELECT value FROM meta WHERE key = 'divisions_version'", target)[0]?.value;
  if (current === version) {
    log(`divisions: D1 already holds ${version}`);
  } else {
    const dir = join(GENERATED_DIR, "sql");
    const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
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
      ...changes.map((c) => `INSERT INTO division_changes (code, name, successor_code, kind, effective, note) VALUES (${sql(c.code)}, ${sql(c.name)}, ${sql(c.successor)}, ${sql(c.kind)}, ${sql(c.effective)}, ${sql(c.note)});`),
      `INSERT OR REPLACE INTO meta (key, value) VALUES ('divisions_version', ${sql(version)});`,
    ].join("\n"),
  );
  d1File(tmp, target);
  log(`divisions: D1 ready (${version}, ${changes.length} retired codes)`);
}

if (import.meta.main) {
  await loadDivisionsIntoD1(targetFromArgv(process.argv));
}
