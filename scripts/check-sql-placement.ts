/**
 * `npm run lint:deps`, beside dependency-cruiser (which sees imports, not calls):
 *  - every SQL statement of the worker lives in worker/db/: no file outside it calls `.prepare(`;
 *  - worker/domain/ does no I/O: no D1, R2, queue, rate-limiter, cache or network call, and no
 *    binding type in its signatures (docs/architecture.md "Layers");
 *  - no file under worker/routes/ imports a function of worker/db/ or worker/auth/ that writes
 *    (scripts/lib/route-writes.ts says which do): a route changes state through one service;
 *  - no query in worker/db/ reads `SELECT *` from a table (scripts/lib/select-star.ts): it names its columns.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeImports } from "./lib/route-writes.ts";
import { selectStars, tablesOf } from "./lib/select-star.ts";

/**
 * For good, each with its reason. bench.ts: `npm run bench:intake`'s baseline is Hono plus one
 * bare D1 insert, so a service around the insert would be measured with it (the route answers
 * only when the local-only INTAKE_UNPROTECTED switch is on, 404 anywhere else), and the triage
 * benchmark times the inbox search as the inbox runs it.
 */
const ALLOWED: Record<string, readonly string[]> = {
  // The inbox search fills its own index (report_ngrams) for reports not indexed yet, on first use:
  // rows derived from the reports, no one's state; the same search finds the same reports either way.
  "worker/routes/oversight/inbox/views.tsx": ["searchBody"],
  "worker/routes/bench.ts": ["bareInsertStatement", "searchBody"],
};
const allowed = (route: string, name: string) => ALLOWED[route]?.includes(name) ?? false;

/** Calls and binding types that are I/O: none belongs in a pure domain module. */
const DOMAIN_IO = /\.prepare\(|\bfetch\(|\.limit\(\{|\.batch\(|\bD1Database\b|\bR2Bucket\b|\bQueue<|\bcaches\.|\bRateLimit\b|\bSendEmail\b/;

const files = readdirSync("worker", { recursive: true, encoding: "utf8" })
  .map((f) => join("worker", f).replaceAll("\\", "/"))
  .filter((f) => /\.tsx?$/.test(f) && f !== "worker/worker-configuration.d.ts");
const outsideDb = files.filter((f) => !f.startsWith("worker/db/"));
const sqlOffenders = outsideDb.filter((f) => /\.prepare\(/.test(readFileSync(f, "utf8")));
const ioOffenders = files.filter((f) => f.startsWith("worker/domain/") && DOMAIN_IO.test(readFileSync(f, "utf8")));
if (sqlOffenders.length) console.error(`SQL outside worker/db/ (move it into a worker/db/ query function):\n  ${sqlOffenders.join("\n  ")}`);
if (ioOffenders.length) console.error(`I/O in worker/domain/ (move the call into worker/db/, worker/services/ or worker/lib/):\n  ${ioOffenders.join("\n  ")}`);
const writing = writeImports(files, (f) => readFileSync(f, "utf8"));
const writeOffenders = writing.filter((w) => !allowed(w.route, w.name));
if (writeOffenders.length) {
  console.error(
    `A route imports a function that writes (call one worker/services/ function for the change instead; reads may stay):\n  ${writeOffenders.map((w) => `${w.route}: ${w.name} from ${w.from}, which writes ${w.why}`).join("\n  ")}`,
  );
}
const tables = tablesOf(
  readdirSync("migrations")
    .filter((f) => f.endsWith(".sql"))
    .map((f) => readFileSync(join("migrations", f), "utf8")),
);
const starOffenders = selectStars(
  files.filter((f) => f.startsWith("worker/db/")),
  (f) => readFileSync(f, "utf8"),
  tables,
);
if (starOffenders.length) {
  console.error(
    `SELECT * from a table in worker/db/ (name the columns the row type holds, so a column added later is not read by accident):\n  ${starOffenders.map((s) => `${s.file}:${s.line}: ${s.table}`).join("\n  ")}`,
  );
}
if (sqlOffenders.length || ioOffenders.length || writeOffenders.length || starOffenders.length) process.exit(1);
const routes = files.filter((f) => f.startsWith("worker/routes/")).length;
console.log(
  `sql placement: ${outsideDb.length} files outside worker/db/, none with SQL; ${files.filter((f) => f.startsWith("worker/domain/")).length} domain files, none with I/O; ${routes} route files, none importing a write (${writing.length} allowed); no SELECT * from any of ${tables.size} tables`,
);
