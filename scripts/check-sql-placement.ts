/**
 * `npm run lint:deps`, beside dependency-cruiser (which sees imports, not calls):
 *  - every SQL statement of the worker lives in worker/db/: no file outside it calls `.prepare(`;
 *  - worker/domain/ does no I/O: no D1, R2, queue, rate-limiter, cache or network call, and no
 *    binding type in its signatures (docs/architecture.md "Layers").
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

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
if (sqlOffenders.length || ioOffenders.length) process.exit(1);
console.log(`sql placement: ${outsideDb.length} files outside worker/db/, none with SQL; ${files.filter((f) => f.startsWith("worker/domain/")).length} domain files, none with I/O`);
