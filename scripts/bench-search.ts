/**
 * `npm run bench:search` (issue 13 item 2): loads every division into a local D1 of its own
 * (.tmp/bench-search, with load:divisions, so the search tables are built as in a deployment),
 * samples 1,000 villages with a fixed seed and queries each in its spoken form (村民委员会/村委会/
 * 居民委员会/居委会 removed). Quality: for names unique in that form, the share whose village is the
 * first result; for names shared by 2–4 places, the share where every one of them is on the first
 * page. Latency: inside the worker (`wrangler dev` on the same D1, POST /api/bench/search) and
 * through wrangler's platform proxy, next to `SELECT 1` and the former prefix query. Also the
 * n-gram table's rows and size. The item search (load:content, worker/db/content.ts) gets a small
 * sample too: 4-character pieces of item names and measure titles. Writes docs/benchmarks.md ("## Search"). Goals: unique ≥ 99 %,
 * shared 100 %, p95 ≤ 50 ms in the worker. Options: --sample N (1000), --runs N (200), --no-write.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import os from "node:os";
import { DatabaseSync } from "node:sqlite";
import { getPlatformProxy } from "wrangler";
import { GENERATED_DIR } from "../data/divisions.ts";
import { placeKey, spokenName } from "../data/schema/division.ts";
import { searchPlaces } from "../worker/db/places.ts";
import { time, type Percentiles } from "../worker/lib/timing.ts";
import { loadDivisionsIntoD1 } from "./load-divisions.ts";
import { loadContentIntoD1, readContent } from "./load-content.ts";
import { contentEntries } from "../worker/db/content-rows.ts";
import { freePort, startWranglerDev, throwawaySecrets } from "./lib/wrangler-dev.ts";
import { seededRandom } from "./lib/seeded-random.ts";

const argv = process.argv.slice(2);
const num = (name: string, fallback: number) => Number(argv[argv.indexOf(`--${name}`) + 1]) || fallback;
const SAMPLE = num("sample", 1000);
const RUNS = num("runs", 200);
const PERSIST = ".tmp/bench-search";

const t0 = performance.now();
await loadDivisionsIntoD1({ remote: false, persistTo: PERSIST }, (line) => console.log(`bench:search: ${line}`));
const loadSeconds = (performance.now() - t0) / 1000;
loadContentIntoD1({ remote: false, persistTo: PERSIST }, { demo: true, log: (line) => console.log(`bench:search: ${line}`) });

// Every village, and how many villages share each spoken form.
const villages: { code: string; spoken: string }[] = [];
for (const file of readdirSync(join(GENERATED_DIR, "villages")).sort()) {
  const groups = JSON.parse(readFileSync(join(GENERATED_DIR, "villages", file), "utf8")) as Record<string, [string, string][]>;
  for (const list of Object.values(groups)) for (const [code, name] of list) villages.push({ code, spoken: spokenName(name) });
}
const byKey = new Map<string, string[]>();
for (const v of villages) (byKey.get(placeKey(v.spoken)) ?? byKey.set(placeKey(v.spoken), []).get(placeKey(v.spoken))!).push(v.code);
const rand = seededRandom(13);
const sample = Array.from({ length: SAMPLE }, () => villages[Math.floor(rand() * villages.length)]!);
// Item queries: a 4-character piece of a random item name or measure title, as people type a word of it.
const entries = contentEntries(readContent(true));
const ITEM_SAMPLE = 200;
const itemQueries = Array.from({ length: ITEM_SAMPLE }, () => {
  const chars = [...entries[Math.floor(rand() * entries.length)]!.title.replace(/[^\p{L}\p{N}]/gu, "")];
  const at = Math.floor(rand() * Math.max(1, chars.length - 3));
  return chars.slice(at, at + 4).join("");
});

interface WorkerAnswer {
  found: { total: number; codes: string[] }[];
  samples: number[];
  former: Percentiles;
  roundTrip: Percentiles;
  itemSamples: number[];
  itemsFound: number[];
}
const dev = await startWranglerDev({
  port: await freePort(),
  persistTo: PERSIST,
  vars: { ...throwawaySecrets(), INTAKE_UNPROTECTED: "1", ENVIRONMENT: "local" },
});
let answer: WorkerAnswer;
try {
  const res = await fetch(`${dev.origin}/api/bench/search`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ queries: sample.map((v) => v.spoken), items: itemQueries }),
  });
  if (!res.ok) throw new Error(`/api/bench/search answered ${res.status}: ${await res.text()}`);
  answer = (await res.json()) as WorkerAnswer;
} finally {
  dev.stop();
}

const percentiles = (xs: number[]): Percentiles => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99) };
};
const inWorker = percentiles(answer.samples);
const itemsInWorker = percentiles(answer.itemSamples);
const itemsWithHits = answer.itemsFound.filter((n) => n > 0).length;

let unique = 0,
  uniqueFirst = 0,
  shared = 0,
  sharedAll = 0;
const misses: string[] = [];
sample.forEach((v, i) => {
  const same = byKey.get(placeKey(v.spoken))!;
  const codes = answer.found[i]!.codes;
  if (same.length === 1) {
    unique++;
    if (codes[0] === v.code) uniqueFirst++;
    else if (misses.length < 5) misses.push(`${v.spoken} (${v.code}): first ${codes[0] ?? "none"}`);
  } else if (same.length <= 4) {
    shared++;
    if (same.every((c) => codes.includes(c))) sharedAll++;
  }
});

// Through the proxy, from Node: each query pays a loopback round trip.
const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: "wrangler.toml", persist: { path: `${PERSIST}/v3` }, remoteBindings: false });
let viaProxy: Percentiles, proxyRoundTrip: Percentiles;
try {
  let i = 0;
  viaProxy = await time(() => searchPlaces(proxy.env.DB, placeKey(sample[i++ % sample.length]!.spoken), { offset: 0, limit: 20 }), RUNS);
  proxyRoundTrip = await time(() => proxy.env.DB.prepare("SELECT 1").all(), RUNS);
} finally {
  await proxy.dispose();
}

// Table sizes, read from the local D1 file (dbstat).
const d1Dir = join(PERSIST, "v3", "d1", "miniflare-D1DatabaseObject");
const file = readdirSync(d1Dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite")!;
const sqlite = new DatabaseSync(join(d1Dir, file), { readOnly: true });
const size = (name: string) => Number((sqlite.prepare("SELECT sum(pgsize) AS b FROM dbstat WHERE name = ?").get(name) as { b: number }).b);
const rows = (table: string) => Number((sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
const stats = {
  ngramRows: rows("place_ngrams"),
  ngramBytes: size("place_ngrams"),
  nameRows: rows("place_names"),
  nameBytes: size("place_names") + size("place_names_code"),
  divisionRows: rows("divisions"),
};
sqlite.close();

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : "–");
const ms = (p: Percentiles) => `${p.p50.toFixed(1)} | ${p.p95.toFixed(1)} | ${p.p99.toFixed(1)}`;
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
const section = [
  "## Search",
  "",
  `\`npm run bench:search\` on ${new Date().toISOString().slice(0, 10)}: place search (worker/db/places.ts) over the full division table (${stats.divisionRows.toLocaleString("en")} rows, ${stats.nameRows.toLocaleString("en")} search keys) in local D1 (${PERSIST}); ${SAMPLE.toLocaleString("en")} villages sampled with seed 13, each queried once in its spoken form (村民委员会/村委会/居民委员会/居委会 removed); ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, shared with other work. This run's load:divisions step took ${loadSeconds.toFixed(0)} s (nothing to load when the tables were already current; a fresh load of the search tables took 84 s on 2026-12-01: 665,267 keys in 12 files, then the bigrams computed inside D1 per province).`,
  "",
  `Quality: of the ${unique} sampled names unique in their spoken form, ${uniqueFirst} (${pct(uniqueFirst, unique)} %) have their village as the first result (goal ≥ 99 %); of the ${shared} names shared by 2–4 places, ${sharedAll} (${pct(sharedAll, shared)} %) list every one of those places on the first page of 20 (goal 100 %). The other ${SAMPLE - unique - shared} names are shared by more than 4 places; each result names its township and chain.${misses.length ? ` First misses: ${misses.join("; ")}.` : ""}`,
  "",
  "| query | p50 ms | p95 ms | p99 ms |",
  "|---|---|---|---|",
  `| place search, in the worker (${SAMPLE} sampled names) | ${ms(inWorker)} |`,
  `| former prefix query (villages by NBS name), in the worker | ${ms(answer.former)} |`,
  `| \`SELECT 1\`, in the worker | ${ms(answer.roundTrip)} |`,
  `| item and measure search, in the worker (${ITEM_SAMPLE} pieces of ${entries.length} item names and measure titles) | ${ms(itemsInWorker)} |`,
  `| place search, through the proxy (${RUNS} runs) | ${ms(viaProxy)} |`,
  `| \`SELECT 1\`, through the proxy | ${ms(proxyRoundTrip)} |`,
  "",
  `Goal p95 ≤ 50 ms in the worker: ${inWorker.p95 <= 50 ? "met" : "missed"} (${inWorker.p95.toFixed(1)} ms; workerd's clock counts whole milliseconds). Each search is one statement (exact, prefix and substring tiers, ranking, count and page; tests/worker/place-search.test.ts checks an index for each tier).`,
  "",
  `Item and measure search (the section «清单事项和减负措施», worker/db/content.ts): ${itemsWithHits} of ${ITEM_SAMPLE} sampled pieces found their entry or another (each piece comes from an entry, so all should); the same three tiers in one statement over content_keys and content_ngrams, loaded by load:content.`,
  "",
  `Tables: place_ngrams ${stats.ngramRows.toLocaleString("en")} rows, ${mb(stats.ngramBytes)} MB; place_names with its code index ${mb(stats.nameBytes)} MB (dbstat on the local D1 file).`,
  "",
].join("\n");
console.log(section);
if (!argv.includes("--no-write")) {
  const doc = readFileSync("docs/benchmarks.md", "utf8");
  const next = /## Search\n/.test(doc) ? doc.replace(/## Search\n[\s\S]*?(?=\n## |$)/, section.trimEnd() + "\n") : doc.trimEnd() + "\n\n" + section;
  writeFileSync("docs/benchmarks.md", next);
  console.log("bench:search: wrote docs/benchmarks.md (## Search)");
}
