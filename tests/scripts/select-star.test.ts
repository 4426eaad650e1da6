/**
 * scripts/lib/select-star.ts, the part of `npm run lint:deps` that fails on `SELECT *` from a
 * table in worker/db/: on small migrations and queries of its own.
 */
import { describe, expect, it } from "vitest";
import { selectStars, tablesOf } from "../../scripts/lib/select-star.ts";

const MIGRATIONS = [
  "CREATE TABLE things (id TEXT PRIMARY KEY, secret TEXT);\nCREATE TABLE old_parts (id TEXT);",
  "CREATE VIRTUAL TABLE IF NOT EXISTS Thing_Search USING fts5 (name);\nALTER TABLE old_parts RENAME TO parts;",
];

const TREE: Record<string, string> = {
  "worker/db/stars.ts": `
    export const one = (db: D1Database) => db.prepare("SELECT * FROM things WHERE id = ?1");
    export const aliased = (db: D1Database) => db.prepare(\`SELECT t.*, p.id AS part
      FROM parts p JOIN things t ON t.id = p.id\`);
    export const spread = (db: D1Database) => db.prepare(\`select distinct *
      from thing_search\`);
  `,
  "worker/db/named.ts": `
    const COLUMNS = "id";
    export const named = (db: D1Database) => db.prepare(\`SELECT \${COLUMNS} FROM things\`);
    export const counted = (db: D1Database) => db.prepare("SELECT count(*) FROM things");
    export const nested = (db: D1Database) => db.prepare("SELECT * FROM (SELECT id FROM things) ORDER BY id");
    export const cte = (db: D1Database) => db.prepare("WITH best AS (SELECT id FROM things) SELECT *, count(*) OVER () AS total FROM best");
  `,
};

const found = () => selectStars(Object.keys(TREE), (f) => TREE[f]!, tablesOf(MIGRATIONS));

describe("tablesOf", () => {
  it("takes the tables created, virtual ones and renamed ones included, lower-cased", () => {
    expect([...tablesOf(MIGRATIONS)].sort()).toEqual(["old_parts", "parts", "thing_search", "things"]);
  });
});

describe("selectStars", () => {
  it("names each SELECT * and SELECT t.* from a table, with its line, in either case and across lines", () => {
    expect(found()).toEqual([
      { file: "worker/db/stars.ts", line: 2, table: "things" },
      { file: "worker/db/stars.ts", line: 3, table: "parts" },
      { file: "worker/db/stars.ts", line: 5, table: "thing_search" },
    ]);
  });

  it("leaves named columns, count(*), a star over a subquery and a star over a CTE alone", () => {
    expect(found().filter((s) => s.file === "worker/db/named.ts")).toEqual([]);
  });
});
