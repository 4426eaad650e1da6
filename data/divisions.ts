/**
 * Read access to the generated division data (Node only: the site build, scripts, tests).
 * Lookups by code are O(1) through maps built once; villages are read per county on demand,
 * so a build never holds all 620k villages at once. The worker uses D1 instead.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Division, DivisionChange, DivisionDataset, DivisionLevel, DivisionType } from "./schema/division.ts";
import { DivisionChange as DivisionChangeSchema, levelOfCode } from "./schema/division.ts";

/** The project's data/ folder. npm scripts, Astro and vitest all run from the project root; the
 * module path is not used because Astro bundles this file into dist/ before running it. */
export const DATA_DIR = join(process.env.QINGDAN_ROOT ?? process.cwd(), "data");
export const GENERATED_DIR = join(DATA_DIR, "generated", "divisions");
export const CHANGES_FILE = join(DATA_DIR, "division-changes.yaml");

type Row = [code: string, name: string, parent: string | null, type: DivisionType];
type VillageRow = [code: string, name: string, type: DivisionType];

export interface DivisionIndex {
  dataset: DivisionDataset;
  get(code: string): Division | undefined;
  /** Direct children in code order (villages included for a township). */
  children(code: string): Division[];
  /** The chain from province down to `code` itself. */
  chain(code: string): Division[];
  provinces(): Division[];
  all(level: Exclude<DivisionLevel, "village">): Division[];
  villagesOf(townshipCode: string): Division[];
  /** A retired code and its successor, when data/division-changes.yaml knows it. */
  change(code: string): DivisionChange | undefined;
  /** Resolves a code, following retired codes to their successor. */
  resolve(code: string): { division?: Division; change?: DivisionChange };
}

export class DivisionsNotGeneratedError extends Error {
  override readonly name = "DivisionsNotGeneratedError";
}

export function loadDivisionChanges(file = CHANGES_FILE): DivisionChange[] {
  if (!existsSync(file)) return [];
  const doc = parseYaml(readFileSync(file, "utf8")) as { changes?: unknown[] } | null;
  return (doc?.changes ?? []).map((c) => DivisionChangeSchema.parse(c));
}

/** Loads the generated tables (run `npm run gen:divisions` first). */
export function loadDivisions(dir = GENERATED_DIR): DivisionIndex {
  const metaPath = join(dir, "meta.json");
  if (!existsSync(metaPath)) throw new DivisionsNotGeneratedError(`No division data in ${dir}: run \`npm run gen:divisions\`.`);
  const dataset = JSON.parse(readFileSync(metaPath, "utf8")) as DivisionDataset;
  const rows = JSON.parse(readFileSync(join(dir, "divisions.json"), "utf8")) as Row[];

  const byCode = new Map<string, Division>();
  const childrenOf = new Map<string, Division[]>();
  const byLevel = new Map<DivisionLevel, Division[]>();
  for (const [code, name, parent, type] of rows) {
    const level = levelOfCode(code)!;
    const d: Division = { code, name, level, parent, type };
    byCode.set(code, d);
    if (parent) (childrenOf.get(parent) ?? childrenOf.set(parent, []).get(parent)!).push(d);
    (byLevel.get(level) ?? byLevel.set(level, []).get(level)!).push(d);
  }

  // One county's villages at a time: builds walk townships in code order, so this stays small.
  let villageCache: { county: string; groups: Record<string, VillageRow[]> } | undefined;
  const villagesOf = (township: string): Division[] => {
    const county = township.slice(0, 6);
    if (villageCache?.county !== county) {
      const file = join(dir, "villages", `${county}.json`);
      villageCache = { county, groups: existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, VillageRow[]>) : {} };
    }
    return (villageCache.groups[township] ?? []).map(([code, name, type]) => ({ code, name, level: "village", parent: township, type }));
  };

  const changes = new Map(loadDivisionChanges().map((c) => [c.code, c]));
  const get = (code: string): Division | undefined => {
    if (code.length === 12) return villagesOf(code.slice(0, 9)).find((v) => v.code === code);
    return byCode.get(code);
  };

  return {
    dataset,
    get,
    children: (code) => (code.length === 9 ? villagesOf(code) : (childrenOf.get(code) ?? [])),
    chain(code) {
      const out: Division[] = [];
      for (let d = get(code); d; d = d.parent ? get(d.parent) : undefined) out.unshift(d);
      return out;
    },
    provinces: () => byLevel.get("province") ?? [],
    all: (level) => byLevel.get(level) ?? [],
    villagesOf,
    change: (code) => changes.get(code),
    resolve(code) {
      const division = get(code);
      if (division) return { division };
      const change = changes.get(code);
      return { change, division: change?.successor ? get(change.successor) : undefined };
    },
  };
}
