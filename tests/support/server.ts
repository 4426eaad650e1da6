/**
 * Starts the real stack for browser tests: the built site (built here if missing), a local D1 of
 * its own (.tmp/e2e-state, so `npm start`'s data is untouched), the demo data, and
 * `wrangler dev` in its own process group.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { build } from "../../scripts/build.ts";
import { loadDivisionsIntoD1 } from "../../scripts/load-divisions.ts";
import { seedDemo } from "../../scripts/seed-demo.ts";
import { OFFLINE_ENV } from "../../scripts/lib/run.ts";

export const E2E_STATE = ".tmp/e2e-state";
/** Hunan (43) holds 沤江镇 and the illustrative lists; small enough to build in seconds. */
export const E2E_PROVINCES = process.env.QINGDAN_PROVINCES ?? "43";

export interface RunningServer {
  origin: string;
  stop(): void;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms`);
}

/** A free loopback port, so parallel test runs (and a running `npm start`) never collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startServer(port?: number): Promise<RunningServer> {
  port ??= Number(process.env.QINGDAN_E2E_PORT) || (await freePort());
  process.env.QINGDAN_PROVINCES = E2E_PROVINCES;
  // `npm test` builds the test provinces before vitest starts (package.json `test:build`).
  if (!existsSync("dist/index.html")) await build(() => {});
  mkdirSync(E2E_STATE, { recursive: true });
  const target = { remote: false, persistTo: E2E_STATE };
  await loadDivisionsIntoD1(target, () => {});
  await seedDemo(target);
  const child: ChildProcess = spawn(
    "wrangler",
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", E2E_STATE, "--log-level", "error", "--var", "ENVIRONMENT:test"],
    { stdio: "ignore", detached: true, env: { ...process.env, ...OFFLINE_ENV } },
  );
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already stopped
    }
  };
  try {
    await waitFor(`http://127.0.0.1:${port}/api/health`, 90_000);
  } catch (err) {
    stop();
    throw err;
  }
  return { origin: `http://127.0.0.1:${port}`, stop };
}
