/**
 * Starts the real stack for browser tests: the built site (built here if missing), a local D1 of
 * its own (.tmp/e2e-state, so `npm start`'s data is untouched), the demo data, and
 * `wrangler dev` in its own process group.
 */
import { existsSync, mkdirSync } from "node:fs";
import { build } from "../../scripts/build.ts";
import { loadDivisionsIntoD1 } from "../../scripts/load-divisions.ts";
import { loadContentIntoD1 } from "../../scripts/load-content.ts";
import { isDeployBuild } from "../../data/demo-content.ts";
import { seedDemo } from "../../scripts/seed-demo.ts";
import { freePort, startWranglerDev } from "../../scripts/lib/wrangler-dev.ts";
import { TEST_SECRETS } from "./secrets.ts";

export const E2E_STATE = ".tmp/e2e-state";
/** Hunan (43) holds 沤江镇 and the illustrative lists; small enough to build in seconds. */
export const E2E_PROVINCES = process.env.QINGDAN_PROVINCES ?? "43";

/**
 * The worker's vars of every browser-test server. Secrets as vars: a fresh clone has no .dev.vars,
 * and tests must not depend on a developer's. Every browser comes from 127.0.0.1, the files run one
 * after another on one server and the state persists between runs: no daily no-JS cap for that one
 * source, and a no-JS filing costs one limiter token, not three (worker/domain/abuse.ts `noJsCost`;
 * the worker tests cover the cap and the price).
 */
export const E2E_VARS: Record<string, string> = { ...TEST_SECRETS, ENVIRONMENT: "test", NO_POW_PER_SOURCE: "100000", NO_JS_COST: "1" };

export interface RunningServer {
  origin: string;
  stop(): void;
}

export async function startServer(port?: number): Promise<RunningServer> {
  port ??= Number(process.env.QINGDAN_E2E_PORT) || (await freePort());
  process.env.QINGDAN_PROVINCES = E2E_PROVINCES;
  // `npm test` builds the test provinces before vitest starts (package.json `test:build`).
  if (!existsSync("dist/index.html")) await build(() => {});
  mkdirSync(E2E_STATE, { recursive: true });
  const target = { remote: false, persistTo: E2E_STATE };
  await loadDivisionsIntoD1(target, () => {});
  loadContentIntoD1(target, { demo: !isDeployBuild(), log: () => {} });
  await seedDemo(target);
  const dev = await startWranglerDev({ port, persistTo: E2E_STATE, vars: E2E_VARS });
  return { origin: dev.origin, stop: dev.stop };
}

/**
 * Runs a delivery batch now (security M1: new reports reach bodies only in their batch): the
 * hourly cron, told it is a week later, so every waiting job is due (README "Try it").
 */
export async function runDeliveryBatch(origin: string): Promise<void> {
  // `time` is milliseconds since the epoch (miniflare parses it with parseInt into a Date).
  const time = Date.now() + 7 * 86_400_000;
  const res = await fetch(`${origin}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("0 * * * *")}&time=${time}`);
  if (!res.ok) throw new Error(`scheduled handler answered ${res.status}`);
}
