/**
 * `npm run lint:deps`, with dependency-cruiser: every SQL statement of the worker lives in
 * worker/db/ (docs/architecture.md "Layers"). Fails listing each file outside it that calls
 * `.prepare(`, except the temporary exceptions below.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Temporary: the ALTCHA spend (helper "abuse"). */
const PENDING_MOVE = new Set([
  "worker/domain/abuse.ts",
]);

const files = readdirSync("worker", { recursive: true, encoding: "utf8" })
  .map((f) => join("worker", f).replaceAll("\\", "/"))
  .filter((f) => /\.tsx?$/.test(f) && !f.startsWith("worker/db/") && f !== "worker/worker-configuration.d.ts");
const offenders = files.filter((f) => !PENDING_MOVE.has(f) && /\.prepare\(/.test(readFileSync(f, "utf8")));
if (offenders.length) {
  console.error(`SQL outside worker/db/ (move it into a worker/db/ query function):\n  ${offenders.join("\n  ")}`);
  process.exit(1);
}
console.log(`sql placement: ${files.length} files outside worker/db/, none with SQL (${PENDING_MOVE.size} pending moves listed)`);
