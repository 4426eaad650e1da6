/**
 * `npm run bench:intake` (issue #5 "Benchmark", issue 16 item 3): starts two `wrangler dev` on free
 * loopback ports, each with its own local state and the local-only switch INTAKE_UNPROTECTED=1
 * (no proof of work, no rate limits: they would throttle the load generator; production
 * refuses the switch): a FRESH state (divisions only) and a LOADED one (LOADED_REPORTS reports
 * and a LOADED_JOBS-job pending delivery backlog, seeded with bulk SQL). Then it loads with
 * autocannon, interleaved over ROUNDS rounds (bare, intake on fresh; bare, intake on loaded) so
 * that contention from other work on the machine falls on both sides alike:
 *   - POST /api/reports            (full intake: validation, division and duplicate checks,
 *                                   receipt hashing, routing plan, one D1 batch)
 *   - POST /api/bench/insert       (a bare Hono route doing one D1 insert)
 * It prints req/s and p50/p99 latency of both and their ratio (goal ≥ 0.7), measures the cost
 * of proof of work and rate-limit keys separately, and writes the "## Intake" section of
 * docs/benchmarks.md.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
// @ts-expect-error autocannon ships no types (its README documents the options used here)
import autocannon from "autocannon";
import { createChallenge, solveChallenge, verifySolution } from "altcha-lib/v1";
import { d1File, d1Migrate, d1Query, type D1Target } from "./lib/run.ts";
import { freePort, startWranglerDev, throwawaySecrets } from "./lib/wrangler-dev.ts";
import { ALTCHA_MAX_NUMBER, rateLimitKey } from "../worker/domain/abuse.ts";
import { signatureKeys } from "../worker/domain/duplicates.ts";
import { createHmac } from "node:crypto";

/** One set of throwaway secrets for both workers, so that seeded signatures use the workers' keys. */
const SECRETS = throwawaySecrets();

const STATES = { fresh: ".tmp/bench-state/fresh", loaded: ".tmp/bench-state/loaded" } as const;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = 10;
const TOWNSHIPS = 200;
const LOADED_REPORTS = 100_000;
const LOADED_JOBS = 10_000;
/** Goals of issue 16: fresh ratio ≥ 0.5 (0.7 the long-term aim); loaded at most 20 % slower than fresh. */
const GOAL = 0.5;
const AIM = 0.7;
const LOADED_SLOWDOWN_MAX = 0.2;
const CATEGORIES = ["forms", "ledgers", "meetings", "documents", "traces", "inspections", "signage", "apps"];

const townshipCode = (i: number) => `990101${String(100 + i).padStart(3, "0")}`;

/** Fresh local D1 with the migrations, TOWNSHIPS test townships (reports spread over them, as in life) and one county body not joined. */
function prepareDatabase(state: string, target: D1Target) {
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  d1Migrate(target);
  const rows = [
    `('990101', '基准测试县', 'county', NULL, 'county')`,
    ...Array.from({ length: TOWNSHIPS }, (_, i) => `('${townshipCode(i)}', '基准${i}镇', 'township', '990101', 'town')`),
  ];
  const file = `${state}/bench-divisions.sql`;
  writeFileSync(
    file,
    `INSERT OR IGNORE INTO divisions (code, name, level, parent_code, type) VALUES ${rows.join(",\n")};
INSERT OR IGNORE INTO oversight_bodies (id, name, kind, level, area_code) VALUES ('bench-body', '基准县纪委监委', 'discipline_commission', 'county', '990101');\n`,
  );
  d1File(file, target);
}

/**
 * The loaded state, in bulk SQL inside SQLite (seconds, not minutes): LOADED_REPORTS reports over
 * the bench townships, eight categories and the last 400 days, mostly about the body the load
 * accuses; and LOADED_JOBS pending delivery jobs for the newest of them. Duplicate signatures
 * (migrations/0014) are seeded too when the table exists: the body keys the workers compute
 * (same secrets), random grams of a usual length (so nothing matches and every candidate is compared).
 */
function seedLoaded(state: string, target: D1Target) {
  const categories = JSON.stringify(CATEGORIES);
  // hashSecret of worker/domain/receipt.ts: HMAC-SHA256 of "purpose:value" under the receipt key.
  const bodyKey = signatureKeys((purpose, value) => createHmac("sha256", SECRETS.RECEIPT_KEY_V1!).update(`${purpose}:${value}`).digest("hex")).bodyKey;
  const hasSignatures = d1Query<{ n: number }>("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'report_signatures'", target)[0]?.n === 1;
  const seq = (n: number) => `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})`;
  const sql = [
    `${seq(LOADED_REPORTS)}
INSERT INTO reports (id, receipt_hash, received_on, township_code, imposer_name, imposer_level, category, title, description)
SELECT printf('seed-%06d', i), printf('seed:%06d', i), date('now', printf('-%d days', i % 400)), printf('990101%03d', 100 + i % ${TOWNSHIPS}),
  CASE WHEN i % 4 = 0 THEN '县统计局' ELSE '县农业农村局' END, 'county', json_extract('${categories}', printf('$[%d]', (i / ${TOWNSHIPS}) % ${CATEGORIES.length})),
  printf('每月重复填报种植面积表 %d', i), printf('同一组种植面积数据每月要向三个部门分别填报，格式各不相同，每次要花两天。种子 %d %s', i, hex(randomblob(8))) FROM n;`,
    `${seq(LOADED_JOBS)}
INSERT INTO delivery_jobs (id, report_id, body_id, channel, channel_index, webhook_id, next_attempt_at)
SELECT printf('seed-job-%06d', i), printf('seed-%06d', i), 'bench-body', 'inbox', 0, printf('msg_seed%06d', i), 0 FROM n;`,
    ...(hasSignatures
      ? [
          `INSERT INTO report_signatures (report_id, township_code, category, body_key, received_on, grams)
SELECT r.id, r.township_code, r.category, CASE r.imposer_name WHEN '县统计局' THEN '${bodyKey("县统计局")}' ELSE '${bodyKey("县农业农村局")}' END, r.received_on, lower(hex(randomblob(${4 * 60}))) FROM reports r WHERE r.id GLOB 'seed-*';`,
        ]
      : []),
  ];
  const file = `${state}/bench-seed.sql`;
  writeFileSync(file, sql.join("\n") + "\n");
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

async function load(url: string, seconds: number): Promise<Figures> {
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
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
    payloads.push(
      Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s!.number, salt: c.salt, signature: c.signature })).toString(
        "base64",
      ),
    );
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

type Side = "fresh" | "loaded";
type Route = "intake" | "bare";
const ROUTES: Record<Route, string> = { intake: "/api/reports", bare: "/api/bench/insert" };

/** Figures of several interleaved loads of one route, combined: req/s averaged, latency the worst round's. */
function combine(runs: Figures[]): Figures {
  const sum = (f: (x: Figures) => number) => runs.reduce((a, x) => a + f(x), 0);
  return {
    rps: sum((x) => x.rps) / runs.length,
    p50: Math.max(...runs.map((x) => x.p50)),
    p99: Math.max(...runs.map((x) => x.p99)),
    errors: sum((x) => x.errors),
    non2xx: sum((x) => x.non2xx),
  };
}

async function main() {
  // A figure from a busy machine says little: the record says how busy it was when the run began.
  const loadAtStart = loadavg()[0]!;
  if (!existsSync("dist/index.html")) throw new Error("build the site first (npm run build, or QINGDAN_PROVINCES=43 npm run build)");
  const targets: Record<Side, D1Target> = { fresh: { remote: false, persistTo: STATES.fresh }, loaded: { remote: false, persistTo: STATES.loaded } };
  console.log("bench:intake: preparing local D1 in", STATES.fresh, "and", STATES.loaded);
  prepareDatabase(STATES.fresh, targets.fresh);
  prepareDatabase(STATES.loaded, targets.loaded);
  const seedStart = performance.now();
  seedLoaded(STATES.loaded, targets.loaded);
  const seedS = (performance.now() - seedStart) / 1000;
  console.log(`bench:intake: seeded ${LOADED_REPORTS} reports and ${LOADED_JOBS} jobs in ${fmt(seedS, 1)} s`);
  const devs = {} as Record<Side, Awaited<ReturnType<typeof startWranglerDev>>>;
  for (const side of ["fresh", "loaded"] as const) {
    devs[side] = await startWranglerDev({
      port: await freePort(),
      persistTo: STATES[side],
      vars: { ...SECRETS, INTAKE_UNPROTECTED: "1", ENVIRONMENT: "local" },
    });
  }
  process.on("exit", () => Object.values(devs).forEach((d) => d.stop()));
  try {
    // Warm both paths of both workers (module load, D1 file open) before measuring.
    for (const side of ["fresh", "loaded"] as const)
      for (const path of Object.values(ROUTES)) {
        const res = await fetch(`${devs[side].origin}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: reportBody() });
        if (res.status !== 201) throw new Error(`${side} ${path} answered ${res.status}: ${await res.text()}`);
      }
    console.log(`bench:intake: ${ROUNDS} rounds × ${DURATION_S}s × ${CONNECTIONS} connections per route and state`);
    const runs: Record<Side, Record<Route, Figures[]>> = { fresh: { intake: [], bare: [] }, loaded: { intake: [], bare: [] } };
    for (let round = 0; round < ROUNDS; round++)
      for (const side of ["fresh", "loaded"] as const)
        for (const route of ["bare", "intake"] as const) runs[side][route].push(await load(`${devs[side].origin}${ROUTES[route]}`, DURATION_S));
    const fig = {
      fresh: { intake: combine(runs.fresh.intake), bare: combine(runs.fresh.bare) },
      loaded: { intake: combine(runs.loaded.intake), bare: combine(runs.loaded.bare) },
    };
    const ratio = { fresh: fig.fresh.intake.rps / fig.fresh.bare.rps, loaded: fig.loaded.intake.rps / fig.loaded.bare.rps };
    // "Slower" compares the ratios, so that contention common to both states cancels out.
    const slowdown = 1 - ratio.loaded / ratio.fresh;
    const costs = await protectionCosts();
    const row = (side: Side, route: Route, label: string) => {
      const f = fig[side][route];
      return `| ${side} | ${label} | ${fmt(f.rps)} | ${f.p50} | ${f.p99} | ${f.errors} | ${f.non2xx} |`;
    };
    const table = [
      "| state | route | req/s | p50 ms | p99 ms | errors | non-2xx |",
      "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
      row("fresh", "intake", "`POST /api/reports` (full intake)"),
      row("fresh", "bare", "`POST /api/bench/insert` (bare Hono + one D1 insert)"),
      row("loaded", "intake", "`POST /api/reports` (full intake)"),
      row("loaded", "bare", "`POST /api/bench/insert` (bare Hono + one D1 insert)"),
    ].join("\n");
    console.log(table);
    console.log(
      `ratio fresh = ${fmt(ratio.fresh, 2)} (goal ≥ ${GOAL}), loaded = ${fmt(ratio.loaded, 2)}, loaded slower by ${fmt(slowdown * 100)} % (goal ≤ ${LOADED_SLOWDOWN_MAX * 100} %)`,
    );
    const goals = [
      `| intake / bare, fresh state ≥ ${GOAL} (long-term aim ${AIM}) | ${fmt(ratio.fresh, 2)} | ${ratio.fresh >= GOAL ? "yes" : "**no**"} |`,
      `| intake / bare, loaded state | ${fmt(ratio.loaded, 2)} | – |`,
      `| loaded ratio at most ${LOADED_SLOWDOWN_MAX * 100} % below the fresh ratio | ${fmt(Math.abs(slowdown) * 100)} % ${slowdown >= 0 ? "slower" : "faster"} | ${slowdown <= LOADED_SLOWDOWN_MAX ? "yes" : "**no**"} |`,
      `| (for reference) intake req/s, loaded / fresh | ${fmt(fig.loaded.intake.rps / fig.fresh.intake.rps, 2)} | – |`,
    ].join("\n");
    writeSection(`## Intake

\`npm run bench:intake\`, ${new Date().toISOString().slice(0, 10)}: two \`wrangler dev\` (local workerd and D1/SQLite) on loopback, one per state, autocannon ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds × ${DURATION_S} s per route and state (fresh bare, fresh intake, loaded bare, loaded intake), ${cpus().length} CPU(s) (${cpus()[0]?.model ?? "unknown"}), load average ${fmt(loadAtStart, 1)} at the start (${loadAtStart < 1 ? "an idle machine" : "**a busy machine: absolute req/s vary between runs**"}); the ratios (same process, interleaved) are what counts. Proof of work and rate limiting off through the local-only \`INTAKE_UNPROTECTED=1\` (production refuses it); reports spread over ${TOWNSHIPS} townships. Fresh state: the migrations, the townships, one county body not joined. Loaded state: the same plus ${LOADED_REPORTS.toLocaleString("en")} reports (${CATEGORIES.length} categories, the last 400 days, two bodies) and ${LOADED_JOBS.toLocaleString("en")} pending delivery jobs, seeded in bulk SQL in ${fmt(seedS, 1)} s.

${table}

| goal | result | met |
| --- | --- | ---: |
${goals}

Cost of the protections, measured separately (Node, same machine):
- ALTCHA proof of work, solving in the reporter's browser-equivalent: ${fmt(costs.solveMs)} ms per challenge on average (max ${ALTCHA_MAX_NUMBER.toLocaleString("en")} attempts);
- verifying a solution on the server: ${fmt(costs.verifyMs, 3)} ms;
- rate-limit key (two HMAC-SHA256): ${fmt(costs.keyMs, 4)} ms, plus one rate-limiter binding call per token (no-JS submissions use 3).

<!-- intake notes: kept across runs -->
${keptNotes()}
`);
    console.log("bench:intake: wrote the Intake section of docs/benchmarks.md");
  } finally {
    Object.values(devs).forEach((d) => d.stop());
  }
}

/** The hand-written notes below the marker of the Intake section, kept by every run. */
function keptNotes(): string {
  const doc = readFileSync("docs/benchmarks.md", "utf8");
  const start = doc.indexOf("## Intake");
  const end = doc.indexOf("\n## ", start + 1);
  const section = doc.slice(start, end >= 0 ? end : undefined);
  const marker = section.indexOf("<!-- intake notes: kept across runs -->");
  return marker >= 0 ? section.slice(marker + "<!-- intake notes: kept across runs -->".length).trim() : "";
}

await main();
