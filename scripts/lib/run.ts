/** Small process helpers for the npm scripts: run a command, run wrangler offline. */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";

/** Environment that keeps every tool offline and quiet (no telemetry, no Cloudflare fetches). */
export const OFFLINE_ENV: Record<string, string> = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  ASTRO_TELEMETRY_DISABLED: "1",
};

export class CommandFailedError extends Error {
  override readonly name = "CommandFailedError";
}

/** Runs a command, inheriting stdio unless `capture` is set; throws on a non-zero exit. */
export function run(cmd: string, args: string[], options: SpawnSyncOptions & { capture?: boolean } = {}): string {
  const result = spawnSync(cmd, args, {
    stdio: options.capture ? ["ignore", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
    ...options,
    env: { ...process.env, ...OFFLINE_ENV, ...options.env },
  });
  if (result.status !== 0) {
    const detail = options.capture ? `\n${result.stdout ?? ""}${result.stderr ?? ""}` : "";
    throw new CommandFailedError(`${cmd} ${args.join(" ")} exited with ${result.status ?? result.signal}${detail}`);
  }
  return (result.stdout as string | null) ?? "";
}

/** Where a wrangler D1 command acts: the local emulator, or a deployed database. */
export interface D1Target {
  remote: boolean;
  env?: string;
  /** Local state directory other than .wrangler/state (tests use their own). */
  persistTo?: string;
}

export const d1TargetArgs = (t: D1Target) => [
  t.remote ? "--remote" : "--local",
  ...(t.env ? ["--env", t.env] : []),
  ...(t.persistTo && !t.remote ? ["--persist-to", t.persistTo] : []),
];

/**
 * Runs a wrangler D1 command. The local emulator's SQLite file may be held for a moment by a running
 * `wrangler dev` on the same state (tests seed while the server runs): SQLITE_BUSY is retried a few
 * times there, never against a deployed database.
 */
function wranglerD1(args: string[], target: D1Target): string {
  for (let attempt = 1; ; attempt++) {
    try {
      return run("wrangler", ["d1", ...args, ...d1TargetArgs(target)], { capture: true });
    } catch (err) {
      if (target.remote || attempt >= 5 || !(err instanceof CommandFailedError && err.message.includes("SQLITE_BUSY"))) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500 * attempt);
    }
  }
}

/** Runs a SQL query against D1 through wrangler and returns the rows. */
export function d1Query<T>(sql: string, target: D1Target): T[] {
  const out = wranglerD1(["execute", "DB", "--json", "--command", sql], target);
  const parsed = JSON.parse(out) as { results: T[] }[];
  return parsed[0]?.results ?? [];
}

export function d1File(file: string, target: D1Target): void {
  wranglerD1(["execute", "DB", "--file", file], target);
}

export function d1Migrate(target: D1Target): void {
  run("wrangler", ["d1", "migrations", "apply", "DB", ...d1TargetArgs(target)], { capture: true });
}

/** `--remote`, `--env NAME` and, locally, `--persist-to DIR` (another state, e.g. the browser tests' .tmp/e2e-state). */
export function targetFromArgv(argv: string[]): D1Target {
  return { remote: argv.includes("--remote"), env: option(argv, "env"), persistTo: option(argv, "persist-to") };
}

/** The value after `--<name>` on a script's command line, if it is there. */
export function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
