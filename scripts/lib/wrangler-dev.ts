/**
 * Starting and stopping `wrangler dev` for `npm start`, the browser tests and the benchmarks.
 * workerd is started in its own process group (detached) and stopped as a group, or it stays
 * behind after wrangler exits.
 */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { OFFLINE_ENV } from "./run.ts";

/**
 * Throwaway values for the worker's secrets, for a benchmark's `wrangler dev`: it must not depend
 * on (or touch) a developer's .dev.vars.
 */
export const throwawaySecrets = (): Record<string, string> =>
  Object.fromEntries(["RECEIPT_KEY_V1", "SESSION_KEY", "RATE_KEY", "ALTCHA_KEY"].map((name) => [name, randomBytes(32).toString("base64url")]));

/** A free loopback port, so parallel runs (and a running `npm start`) never collide. */
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

/** Polls `url` until it answers 2xx; throws after `timeoutMs`. */
export async function waitForOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}

export interface WranglerDevOptions {
  port: number;
  /** Local state directory other than .wrangler/state. */
  persistTo?: string;
  /** `--var NAME:VALUE` overrides. */
  vars?: Record<string, string>;
  /** Static assets other than wrangler.toml's `[assets] directory` (dist/), e.g. a build of a copy of data/. */
  assetsDir?: string;
  logLevel?: "error" | "warn" | "info";
  stdio?: StdioOptions;
}

export interface WranglerDev {
  origin: string;
  child: ChildProcess;
  stop(): void;
}

/**
 * wrangler dev (4.x) records every request (full URL, millisecond time, SQL text) in a local
 * trace store, `<state>/v3/observability/`, and serves it in its "local explorer", whatever
 * `[observability]` in wrangler.toml says (security L8). `X_LOCAL_OBSERVABILITY=false` turns
 * the collector off and `X_LOCAL_EXPLORER=false` the explorer; a store left by an older run is
 * deleted on start and on stop as well.
 */
export const NO_LOCAL_TRACES: Record<string, string> = { X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" };

export const traceStoreDir = (persistTo = join(".wrangler", "state")) => join(persistTo, "v3", "observability");

const removeTraceStore = (persistTo?: string) => rmSync(traceStoreDir(persistTo), { recursive: true, force: true });

/** Starts `wrangler dev` on 127.0.0.1 and resolves once /api/health answers. */
export async function startWranglerDev(options: WranglerDevOptions): Promise<WranglerDev> {
  const args = ["dev", "--port", String(options.port), "--ip", "127.0.0.1", "--log-level", options.logLevel ?? "error"];
  if (options.persistTo) args.push("--persist-to", options.persistTo);
  if (options.assetsDir) args.push("--assets", options.assetsDir);
  for (const [name, value] of Object.entries(options.vars ?? {})) args.push("--var", `${name}:${value}`);
  removeTraceStore(options.persistTo);
  const child = spawn("wrangler", args, { stdio: options.stdio ?? "ignore", detached: true, env: { ...process.env, ...OFFLINE_ENV, ...NO_LOCAL_TRACES } });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already stopped
    }
    removeTraceStore(options.persistTo);
  };
  const origin = `http://127.0.0.1:${options.port}`;
  try {
    await waitForOk(`${origin}/api/health`, 90_000);
  } catch (err) {
    stop();
    throw err;
  }
  return { origin, child, stop };
}
