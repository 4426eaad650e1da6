/**
 * `npm run build`: division data → data check → Astro build, with progress. Search is served by
 * the worker from D1 (worker/db/places.ts), so the build writes no search index.
 * `QINGDAN_PROVINCES=43` builds one province (tests); unset builds the whole country.
 * `QINGDAN_DEPLOY=1` (with `QINGDAN_SITE`) makes a deploy build: no demo content (data/demo-content.ts).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { generateDivisions } from "./gen-divisions.ts";
import { checkData, formatProblems } from "./check-data.ts";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { OFFLINE_ENV } from "./lib/run.ts";
import { isDeployBuild } from "../data/demo-content.ts";
import { unfilledDeploymentFields } from "../data/schema/index.ts";
import { deploymentPath, readDeployment } from "../site/lib/deployment.ts";

export function countFiles(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = countFiles(path);
      files += sub.files;
      bytes += sub.bytes;
    } else {
      files++;
      bytes += statSync(path).size;
    }
  }
  return { files, bytes };
}

export async function build(log: (line: string) => void = console.log): Promise<void> {
  const started = Date.now();
  const scope = process.env.QINGDAN_PROVINCES ? `provinces ${process.env.QINGDAN_PROVINCES}` : "the whole country";
  // A deploy build's canonical links, sitemap and feeds must name the real origin, not localhost.
  if (isDeployBuild() && !process.env.QINGDAN_SITE) throw new Error("build: QINGDAN_DEPLOY=1 needs QINGDAN_SITE=https://your.domain");
  // Every page's footer and the about page name the operator: a deployment must say who it is.
  if (isDeployBuild()) {
    const unfilled = unfilledDeploymentFields(readDeployment());
    if (unfilled.length)
      throw new Error(
        `build: QINGDAN_DEPLOY=1 needs a filled-in ${deploymentPath()} (or QINGDAN_DEPLOYMENT=path): ${unfilled.join(", ")} still placeholder or missing`,
      );
  }
  log(
    isDeployBuild()
      ? `build: deploy build for ${process.env.QINGDAN_SITE}: no demo bodies, rules or accounts, no illustrative lists or measures`
      : "build: local demo build (demo bodies and illustrative lists included, labelled)",
  );
  log(`build: [1/3] division data`);
  await generateDivisions({ log });
  log(`build: [2/3] checking data/`);
  const problems = await checkData();
  if (problems.some((p) => p.severity === "error")) {
    console.error(formatProblems(problems));
    throw new Error(`build: data check failed with ${problems.filter((p) => p.severity === "error").length} error(s)`);
  }
  log(`build: [3/3] building pages for ${scope}`);
  await astroBuild(log);
  const { files, bytes } = countFiles(OUT_DIR);
  log(
    `build: done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${files} files, ${(bytes / 1e6).toFixed(1)} MB in ${OUT_DIR}/ (budget ${FILE_BUDGET.toLocaleString("en")}, limit 100,000 files)`,
  );
  if (files > FILE_BUDGET) log(`build: warning: ${files} files exceed the portal's budget of ${FILE_BUDGET.toLocaleString("en")}`);
  if (files > 100_000) throw new Error(`build: ${files} files exceed the Workers static-assets limit of 100,000`);
}

/**
 * Runs `astro build`, condensing its one-line-per-page output into a progress line every
 * 2,000 pages (a national build writes ~45,000 pages). Warnings and errors pass through.
 */
export function astroBuild(log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("astro", ["build"], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...OFFLINE_ENV } });
    let pages = 0;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (/[├└]─ /.test(line)) {
        if (++pages % 2000 === 0) log(`build:   ${pages} pages written`);
      } else if (/\b(error|warn)/i.test(line)) {
        log(line);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`astro build exited with ${code}`));
      // Astro lists pages only on an interactive-style log (not under CI=true): count when it did.
      if (pages > 0) log(`build:   ${pages} pages written`);
      resolve();
    });
  });
}

/** Where the site is built (astro.config.mjs reads the same variable). */
export const OUT_DIR = process.env.QINGDAN_OUT ?? "dist";

/** Our own budget for dist/ files (issue #4 item 8): well under the hard 100,000. */
export const FILE_BUDGET = 60_000;

if (import.meta.main) {
  await build();
}
