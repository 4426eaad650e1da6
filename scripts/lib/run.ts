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

/** Runs a SQL query against D1 through wrangler and returns the rows. */
export function d1Query<T>(sql: string, target: D1Target): T[] {
  const out = run("wrangler", ["d1", "execute", "DB", ...d1TargetArgs(target), "--json", "--command", sql], { capture: true });
  const parsed = JSON.parse(out) as { results: T[] }[];
  return parsed[0]?.results ?? [];
}

export function d1File(file: string, target: D1Target): void {
  run("wrangler", ["d1", "execute", "DB", ...d1TargetArgs(target), "--file", file], { capture: true });
}

export function d1Migrate(target: D1Target): void {
  run("wrangler", ["d1", "migrations", "apply", "DB", ...d1TargetArgs(target)], { capture: true });
}

export function targetFromArgv(argv: string[]): D1Target {
  const envIndex = argv.indexOf("--env");
  return { remote: argv.includes("--remote"), env: envIndex >= 0 ? argv[envIndex + 1] : undefined };
}
