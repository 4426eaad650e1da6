/**
 * `npm run bench:intake` (issue #5 "Benchmark"): starts `wrangler dev` on a free loopback port
 * with its own local state (.tmp/bench-state) and the local-only switch INTAKE_UNPROTECTED=1
 * (no proof of work, no rate limits: they would throttle the load generator; production
 * refuses the switch), then loads with autocannon, in the same run:
 *   - POST /api/reports            (full intake: validation, division and duplicate checks,
 *                                   receipt hashing, routing plan, one D1 batch)
 *   - POST /api/bench/insert       (a bare Hono route doing one D1 insert)
 * It prints req/s and p50/p99 latency of both and their ratio (goal ≥ 0.7), measures the cost
 * of proof of work and rate-limit keys separately, and writes the "## Intake" section of
 * docs/benchmarks.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
// @ts-expect-error autocannon ships no types (its README documents the options used here)
import autocannon from "autocannon";
import { createChallenge, solveChallenge, verifySolution } from "altcha-lib/v1";
import { d1File, d1Migrate, type D1Target } from "./lib/run.ts";
import { freePort, startWranglerDev, throwawaySecrets } from "./lib/wrangler-dev.ts";
import { ALTCHA_MAX_NUMBER, rateLimitKey } from "../worker/domain/abuse.ts";

const STATE = ".tmp/bench-state";
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const TOWNSHIPS = 200;
const GOAL = 0.7;

const townshipCode = (i: number) => `990101${String(100 + i).padStart(3, "0")}`;

/** Fresh local D1 with the migrations and TOWNSHIPS test townships (reports spread over them, as in life). */
function prepareDatabase(target: D1Target) {
  mkdirSync(STATE, { recursive: true });
  d1Migrate(target);
  const rows = [`('990101', '基准测试县', 'county', NULL, 'county')`, ...Array.from({ length: TOWNSHIPS }, (_, i) => `('${townshipCode(i)}', '基准${i}镇', 'township', '990101', 'town')`)];
  const file = `${STATE}/bench-divisions.sql`;
  writeFileSync(file, `INSERT OR IGNORE INTO divisions (code, name, level, parent_code, type) VALUES ${rows.join(",\n")};\n`);
  d1File(file, target);
}

let counter = 0;
function reportBody(): string {
  counter++;
  return JSON.stringify({
    townshipCode: townshipCode(counter % TOWNSHIPS),
    imposerName: "县农业农村局",
    imposerLevel: "county",
    category: "forms",
    title: `每月重复填报种植面积表 ${counter}`,
    description: `同一组种植面积数据每月要向三个部门分别填报，格式各不相同，每次要花两天。基准请求 ${counter} ${Math.random()}`,
  });
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(url: string): Promise<Figures> {
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { "content-type": "application/json" },
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: reportBody() }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

/** What the protections cost per request, measured in-process (they are off during the load). */
async function protectionCosts() {
  const key = "bench-altcha-key-000000000000000000";
  const challenges = await Promise.all(Array.from({ length: 5 }, () => createChallenge({ hmacKey: key, maxNumber: ALTCHA_MAX_NUMBER })));
  const solveStart = performance.now();
  const payloads: string[] = [];
  for (const c of challenges) {
    const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
    payloads.push(Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s!.number, salt: c.salt, signature: c.signature })).toString("base64"));
  }
  const solveMs = (performance.now() - solveStart) / challenges.length;
  const verifyStart = performance.now();
  for (let i = 0; i < 200; i++) await verifySolution(payloads[i % payloads.length]!, key, false);
  const verifyMs = (performance.now() - verifyStart) / 200;
  const keyStart = performance.now();
  for (let i = 0; i < 2000; i++) rateLimitKey("bench-rate-key-0000000000000000000", `10.0.${i % 256}.${i % 200}`, "2025-06-01");
  const keyMs = (performance.now() - keyStart) / 2000;
  return { solveMs, verifyMs, keyMs };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

function writeSection(markdown: string) {
  const path = "docs/benchmarks.md";
  const doc = readFileSync(path, "utf8");
  const start = doc.indexOf("## Intake");
  if (start < 0) throw new Error("docs/benchmarks.md has no “## Intake” section");
  const next = doc.indexOf("\n## ", start + 1);
  writeFileSync(path, doc.slice(0, start) + markdown.trimEnd() + "\n" + (next >= 0 ? doc.slice(next) : ""));
}

async function main() {
  if (!existsSync("dist/index.html")) throw new Error("build the site first (npm run build, or QINGDAN_PROVINCES=43 npm run build)");
  const target: D1Target = { remote: false, persistTo: STATE };
  console.log("bench:intake: preparing local D1 in", STATE);
  prepareDatabase(target);
  const port = await freePort();
  const dev = await startWranglerDev({ port, persistTo: STATE, vars: { ...throwawaySecrets(), INTAKE_UNPROTECTED: "1", ENVIRONMENT: "local" } });
  process.on("exit", dev.stop);
  try {
    const origin = dev.origin;
    // Warm both paths (module load, D1 file open) before measuring.
    for (const path of ["/api/reports", "/api/bench/insert"]) {
      const res = await fetch(`${origin}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: reportBody() });
      if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    }
    console.log(`bench:intake: ${DURATION_S}s × ${CONNECTIONS} connections per route on ${origin}`);
    const bare = await load(`${origin}/api/bench/insert`);
    const intake = await load(`${origin}/api/reports`);
    const ratio = intake.rps / bare.rps;
    const costs = await protectionCosts();
    const table = [
      "| route | req/s | p50 ms | p99 ms | errors | non-2xx |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
      `| \`POST /api/reports\` (full intake) | ${fmt(intake.rps)} | ${intake.p50} | ${intake.p99} | ${intake.errors} | ${intake.non2xx} |`,
      `| \`POST /api/bench/insert\` (bare Hono + one D1 insert) | ${fmt(bare.rps)} | ${bare.p50} | ${bare.p99} | ${bare.errors} | ${bare.non2xx} |`,
    ].join("\n");
    console.log(table);
    console.log(`ratio intake / bare = ${fmt(ratio, 2)} (goal ≥ ${GOAL})`);
    const met = ratio >= GOAL;
    writeSection(`## Intake

\`npm run bench:intake\`, ${new Date().toISOString().slice(0, 10)}: \`wrangler dev\` (local workerd and D1/SQLite) on loopback, autocannon ${CONNECTIONS} connections × ${DURATION_S} s per route, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? "unknown"}), shared with other work. Proof of work and rate limiting off through the local-only \`INTAKE_UNPROTECTED=1\` (production refuses it); reports spread over ${TOWNSHIPS} townships.

${table}

**Ratio intake / bare insert: ${fmt(ratio, 2)}** (goal ≥ ${GOAL}: ${met ? "met" : "missed"}).${
      met
        ? ""
        : ` Why: intake makes two D1 round trips where the bare route makes one (one round of reads run concurrently: division check, duplicate candidates, the routing plan's reads; then one batch writing report, event, routing decisions, assignments and delivery jobs in a transaction), plus schema validation, HMAC hashing and trigram comparison in the isolate; and every accepted report queues delivery jobs whose consumer (the same worker, on the same CPUs) runs during the measurement, while the bare route queues nothing. On a machine shared with other jobs the figures also vary by ±20 % between runs. What would close it: answering the division check and duplicate candidates from the routing plan's read (one query fewer), or caching division existence in the isolate.`
    }

Cost of the protections, measured separately (Node, same machine):
- ALTCHA proof of work, solving in the reporter's browser-equivalent: ${fmt(costs.solveMs)} ms per challenge on average (max ${ALTCHA_MAX_NUMBER.toLocaleString("en")} attempts);
- verifying a solution on the server: ${fmt(costs.verifyMs, 3)} ms;
- rate-limit key (two HMAC-SHA256): ${fmt(costs.keyMs, 4)} ms, plus one rate-limiter binding call per token (no-JS submissions use 3).
`);
    console.log("bench:intake: wrote the Intake section of docs/benchmarks.md");
  } finally {
    dev.stop();
  }
}

await main();
