/**
 * Loads oversight bodies (data/oversight-bodies/*.yaml) and official channels (data/channels/*.yaml)
 * into D1, validated by their schemas. Idempotent (upserts by id); the day a body's `joined` flips
 * to true is recorded (joined_on, kept on reloads, cleared when it leaves). Demo bodies (`demo: true`) go
 * only into local databases outside a deploy build (data/demo-content.ts), the same filter as the
 * site build's:
 *   npm run load:bodies                                  local D1: every body (the demo's too) and channel
 *   QINGDAN_DEPLOY=1 npm run load:bodies                 local D1 as a deployment has it: no demo body
 *   npm run load:bodies -- --remote --env production     a deployed database: never a demo body (docs/delivery.md)
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { OfficialChannel, OversightBody } from "../data/schema/oversight-body.ts";
import { bodyUpsertSql, channelUpsertSql } from "../worker/db/body-sql.ts";
import { d1File, d1Migrate, targetFromArgv, type D1Target } from "./lib/run.ts";
import { forBuild, isDeployBuild } from "../data/demo-content.ts";
import { beijingToday } from "../worker/domain/working-days.ts";

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort()
    .map((f) => join(dir, f));

function uniqueById<T extends { id: string }>(items: T[], what: string): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new Error(`load-bodies: two ${what} with id "${item.id}"`);
    seen.add(item.id);
  }
  return items;
}

export function readBodies(dir = "data/oversight-bodies"): OversightBody[] {
  return uniqueById(
    yamlFiles(dir).map((file) => {
      const parsed = OversightBody.safeParse(parse(readFileSync(file, "utf8")));
      if (!parsed.success) throw new Error(`load-bodies: ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return parsed.data;
    }),
    "oversight bodies",
  );
}

/** One channel per file (a list of channels in one file is accepted too). */
export function readChannels(dir = "data/channels"): OfficialChannel[] {
  return uniqueById(
    yamlFiles(dir).flatMap((file) => {
      const doc = parse(readFileSync(file, "utf8")) as unknown;
      return (Array.isArray(doc) ? doc : [doc]).map((c) => {
        const parsed = OfficialChannel.safeParse(c);
        if (!parsed.success) throw new Error(`load-bodies: ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
        return parsed.data;
      });
    }),
    "official channels",
  );
}

export interface LoadBodiesOptions {
  /** Load the demo bodies too: local databases only. */
  demo: boolean;
  log?: (line: string) => void;
}

export function loadBodiesIntoD1(target: D1Target, { demo, log = console.log }: LoadBodiesOptions): void {
  if (demo && target.remote) throw new Error("load-bodies: demo bodies are for local databases only");
  const bodies = forBuild(readBodies(), !demo);
  const channels = readChannels();
  d1Migrate(target);
  const file = join(mkdtempSync(join(tmpdir(), "qingdan-bodies-")), "bodies.sql");
  // A body whose `joined` flips to true today gets today's Beijing day as joined_on (migration 0044).
  const today = beijingToday();
  writeFileSync(file, [...bodies.map((b) => bodyUpsertSql(b, today)), ...channels.map(channelUpsertSql)].join("\n"));
  d1File(file, target);
  const joined = bodies.filter((b) => b.joined).length;
  const demoCount = bodies.filter((b) => b.demo).length;
  log(`bodies: ${bodies.length} oversight bodies (${demoCount} of them demo, ${joined} joined) and ${channels.length} official channels loaded`);
}

if (import.meta.main) {
  const target = targetFromArgv(process.argv);
  loadBodiesIntoD1(target, { demo: !target.remote && !isDeployBuild() });
}
