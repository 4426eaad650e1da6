/**
 * `npm run bench:build` (issue #4 item 9): builds the full national portal and, in the same
 * run, a bare Astro site with the same number of trivial pages, then prints and records in
 * docs/benchmarks.md ("## Build") pages/s of both and their ratio, wall time, peak memory,
 * output files and bytes, township page sizes and JS bytes per page type.
 * Builds go to .tmp/bench/ so dist/ (tests, `npm start`) is left alone.
 */
import { spawn } from "node:child_process";
import { cpus } from "node:os";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { countFiles, FILE_BUDGET } from "./build.ts";
import { OFFLINE_ENV } from "./lib/run.ts";

const BENCH_DIR = ".tmp/bench";
const SITE_OUT = join(BENCH_DIR, "site");
const BARE_ROOT = join(BENCH_DIR, "bare");
const DOC = "docs/benchmarks.md";

interface Run {
  wallMs: number;
  peakRssBytes: number;
  /** Milliseconds from the start at which each output line was seen. */
  lines: { at: number; text: string }[];
}

/** Resident memory of a process and all its descendants (Linux /proc), in bytes. */
function treeRss(root: number): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(entry), Number(fields[1]));
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  for (const [pid, bytes] of rss) {
    for (let p: number | undefined = pid; p && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += bytes;
        break;
      }
    }
  }
  return total;
}

/** Runs a command, sampling its process tree's memory every 250 ms and timestamping its output. */
function measure(cmd: string, args: string[], env: Record<string, string>, echo: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...OFFLINE_ENV, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    const lines: Run["lines"] = [];
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 250);
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const parts = buffer.split("\n");
      buffer = parts.pop()!;
      for (const text of parts) {
        lines.push({ at: Date.now() - started, text });
        if (echo) console.log(text);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}`));
      resolve({ wallMs: Date.now() - started, peakRssBytes: peak, lines });
    });
  });
}

/** A bare Astro site of `n` trivial pages: the floor any static build of that size pays. */
function writeBareSite(n: number): void {
  rmSync(BARE_ROOT, { recursive: true, force: true });
  mkdirSync(join(BARE_ROOT, "src/pages/p"), { recursive: true });
  writeFileSync(join(BARE_ROOT, "astro.config.mjs"), `export default { outDir: "./dist", build: { format: "directory" } };\n`);
  writeFileSync(
    join(BARE_ROOT, "src/pages/p/[n].astro"),
    `---\nexport function getStaticPaths() { return Array.from({ length: ${n} }, (_, i) => ({ params: { n: String(i) } })); }\nconst { n } = Astro.params;\n---\n<html lang="en"><head><meta charset="utf-8" /><title>Page {n}</title></head><body><h1>Page {n}</h1></body></html>\n`,
  );
}

/** Every built page (index.html) below `dir`, outside the asset folder. */
export function htmlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "_astro") htmlFiles(p, out);
    } else if (e.name === "index.html") out.push(p);
  }
  return out;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** JavaScript a page loads: inline scripts, island components and renderers, and what they import. */
function jsBytes(site: string, page: string): number {
  const html = readFileSync(join(site, page, "index.html"), "utf8");
  let bytes = 0;
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) bytes += Buffer.byteLength(m[1]!);
  const seen = new Set<string>();
  const queue = [...html.matchAll(/(?:src|component-url|renderer-url)="(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1]!);
  while (queue.length) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const file = join(site, url);
    if (!existsSync(file)) continue;
    const code = readFileSync(file, "utf8");
    bytes += Buffer.byteLength(code);
    for (const m of code.matchAll(/(?:from\s*|import\s*\(?\s*)["'](\.\/[^"']+\.js)["']/g)) queue.push(join(dirname(url), m[1]!));
  }
  return bytes;
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const date = new Date().toISOString().slice(0, 10);
  rmSync(SITE_OUT, { recursive: true, force: true });
  console.log("bench:build: [1/2] full national build");
  // QINGDAN_PROVINCES only for a quick trial of this script; the recorded figures are national.
  const scope = process.env.QINGDAN_PROVINCES ?? "";
  const full = await measure("node", ["scripts/build.ts"], { QINGDAN_OUT: SITE_OUT, QINGDAN_PROVINCES: scope }, true);
  const at = (re: RegExp) => full.lines.find((l) => re.test(l.text))?.at ?? 0;
  const astroMs = full.wallMs - at(/\[3\/3\]/);
  const pages = htmlFiles(SITE_OUT);
  const output = countFiles(SITE_OUT);

  console.log(`bench:build: [2/2] bare Astro build of ${pages.length} trivial pages`);
  writeBareSite(pages.length);
  const bare = await measure("astro", ["build", "--silent", "--root", BARE_ROOT], {}, false);

  const townships = pages.filter((p) => /\/r\/\d{9}\/index\.html$/.test(p));
  const raw = townships.map((p) => statSync(p).size).sort((a, b) => a - b);
  const gz = townships.map((p) => gzipSync(readFileSync(p)).length).sort((a, b) => a - b);
  const pageTypes: [string, string][] = [
    ["home (search type-ahead island)", ""],
    ["province", "r/43"],
    ["county", "r/431027"],
    ["township without list", "r/431027102"],
    ["township with list (check island)", "r/431027100"],
    ["measure index", "measures"],
    ["/check (island)", "check"],
    ["/search/ shell (type-ahead island)", "shell/search"],
    ["data", "data"],
  ];
  const js = pageTypes.map(([name, path]) => [name, jsBytes(SITE_OUT, path)] as const);

  const fullRate = pages.length / (astroMs / 1000);
  const bareRate = pages.length / (bare.wallMs / 1000);
  const ratio = astroMs / bare.wallMs;
  const goals = [
    { goal: "Astro page build ≤ 2× the bare build", ok: ratio <= 2, value: `${ratio.toFixed(2)}×` },
    { goal: "full build ≤ 5 minutes", ok: full.wallMs <= 300_000, value: s(full.wallMs) },
    { goal: "median township page ≤ 20 KB gzip", ok: quantile(gz, 0.5) <= 20 * 1024, value: kb(quantile(gz, 0.5)) },
    {
      goal: "0 bytes of JS on pages without islands",
      ok: js.filter(([n]) => !n.includes("island")).every(([, b]) => b === 0),
      value: js
        .filter(([n]) => !n.includes("island"))
        .map(([n, b]) => `${n} ${b}`)
        .join(", "),
    },
    { goal: `output ≤ ${FILE_BUDGET.toLocaleString("en")} files`, ok: output.files <= FILE_BUDGET, value: output.files.toLocaleString("en") },
  ];

  const section = [
    "## Build",
    "",
    `\`npm run bench:build\`, ${date}: ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? "unknown"}), shared with other work; Node ${process.version}. ${scope ? `**Trial on provinces ${scope} only, not the national figures.**` : "Full national build"} (all ${townships.length.toLocaleString("en")} township-level units) and a bare Astro build of the same number of one-heading pages, in the same run.`,
    "",
    "| figure | value |",
    "| --- | ---: |",
    `| pages (HTML) | ${pages.length.toLocaleString("en")} |`,
    `| full build, wall time (divisions, data check, Astro) | ${s(full.wallMs)} |`,
    `| Astro step of the full build | ${s(astroMs)} (${fullRate.toFixed(0)} pages/s) |`,
    `| bare Astro build, same page count | ${s(bare.wallMs)} (${bareRate.toFixed(0)} pages/s) |`,
    `| **ratio full Astro step / bare** | **${ratio.toFixed(2)}×** |`,
    `| peak memory, full build (process tree RSS) | ${mb(full.peakRssBytes)} |`,
    `| peak memory, bare build | ${mb(bare.peakRssBytes)} |`,
    `| output files / bytes | ${output.files.toLocaleString("en")} / ${mb(output.bytes)} |`,
    `| township page, median raw / gzip | ${kb(quantile(raw, 0.5))} / ${kb(quantile(gz, 0.5))} |`,
    `| township page, p95 raw / gzip | ${kb(quantile(raw, 0.95))} / ${kb(quantile(gz, 0.95))} |`,
    "",
    "JavaScript per page type (inline scripts plus island modules and their imports, uncompressed):",
    "",
    "| page type | JS bytes |",
    "| --- | ---: |",
    ...js.map(([name, bytes]) => `| ${name} | ${bytes.toLocaleString("en")} |`),
    "",
    "| goal | result | met |",
    "| --- | --- | --- |",
    ...goals.map((g) => `| ${g.goal} | ${g.value} | ${g.ok ? "yes" : "**no**"} |`),
    "",
  ];
  const missed = goals.filter((g) => !g.ok);
  if (missed.length) section.push(`Missed: ${missed.map((g) => g.goal).join("; ")}. See the notes below.`, "");
  section.push("<!-- notes: kept across runs -->", "");

  // Replace this section only; hand-written notes after the marker are kept.
  const doc = readFileSync(DOC, "utf8");
  const region = doc.match(/## Build\n[\s\S]*?(?=\n## |$)/)?.[0];
  const marker = "<!-- notes: kept across runs -->";
  const notes = region?.includes(marker) ? region.slice(region.indexOf(marker) + marker.length).trim() : "";
  const next = `${section.join("\n").trimEnd()}\n${notes ? `\n${notes}\n` : ""}`;
  const updated = region ? doc.replace(region, () => next) : `${doc.trimEnd()}\n\n${next}`;
  writeFileSync(DOC, updated);
  console.log(section.join("\n"));
  console.log(`bench:build: figures written to ${DOC}`);
}

if (import.meta.main) await main();
