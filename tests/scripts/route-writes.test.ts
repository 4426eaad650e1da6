/**
 * scripts/lib/route-writes.ts, the part of `npm run lint:deps` that fails when a route imports a
 * function of worker/db/ or worker/auth/ that writes: on a small tree of its own.
 */
import { describe, expect, it } from "vitest";
import { writeImports } from "../../scripts/lib/route-writes.ts";

const TREE: Record<string, string> = {
  "worker/db/things.ts": `
    const table = "things";
    export const insertThing = (db: D1Database, id: string) => db.prepare("INSERT INTO things (id) VALUES (?1)").bind(id);
    export async function readThings(db: D1Database) {
      return db.batch([db.prepare("SELECT id FROM things"), db.prepare("SELECT count(*) FROM things")]);
    }
    const purge = (db: D1Database) => db.prepare(\`DELETE FROM \${table} WHERE old = 1\`).run();
    export const tidy = (db: D1Database) => purge(db);
    export const countUpdates = (db: D1Database) => db.prepare("SELECT 'update the list, set it right' AS hint").first();
    export const touch = (stmt: D1PreparedStatement) => stmt.run();
  `,
  "worker/db/index.ts": `export { insertThing as addThing } from "./things.ts";`,
  "worker/auth/things.ts": `
    import { insertThing, readThings } from "../db/things.ts";
    export async function startThing(db: D1Database) { await insertThing(db, "x").run(); }
    export async function listThings(db: D1Database) { return readThings(db); }
  `,
  "worker/routes/reads.ts": `
    import { readThings, countUpdates, type insertThing } from "../db/things.ts";
    import type { tidy } from "../db/things.ts";
    import { listThings } from "../auth/things.ts";
    export const use = [readThings, countUpdates, listThings];
  `,
  "worker/routes/writes.ts": `
    import { insertThing as make, tidy, touch } from "../db/things.ts";
    import { startThing } from "../auth/things.ts";
    import { addThing } from "../db/index.ts";
    import * as things from "../db/things.ts";
    export const use = [make, tidy, touch, startThing, addThing, things];
  `,
};

const found = () => writeImports(Object.keys(TREE), (f) => TREE[f]!);

describe("writeImports", () => {
  it("finds nothing in a route that imports reads: a batch of SELECTs, a string that only says «update», an auth helper over reads, type imports", () => {
    expect(found().filter((w) => w.route === "worker/routes/reads.ts")).toEqual([]);
  });

  it("names every import of a writing function, through aliases, re-exports, namespaces, local helpers and worker/auth/", () => {
    const writes = found().filter((w) => w.route === "worker/routes/writes.ts");
    expect(writes.map((w) => w.name).sort()).toEqual(["addThing", "make", "startThing", "things", "tidy", "touch"]);
    const why = Object.fromEntries(writes.map((w) => [w.name, w.why]));
    expect(why.make).toMatch(/^its SQL: INSERT INTO things/);
    expect(why.tidy).toMatch(/^through worker\/db\/things\.ts purge \(its SQL: DELETE FROM \$\{table\}/);
    expect(why.touch).toBe("it calls .run(");
    expect(why.startThing).toMatch(/^through worker\/db\/things\.ts insertThing \(its SQL: INSERT INTO/);
    expect(why.addThing).toMatch(/^its SQL: INSERT INTO things/);
  });
});
