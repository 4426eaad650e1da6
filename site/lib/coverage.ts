/**
 * Coverage (issue 12 item 5): for every township-level unit, how far the site has its list —
 * an official list, a repost, only reported counts or a notice, or nothing — summed per
 * province, prefecture and county. Computed once per build from data/ (no worker, no D1).
 * Illustrative lists are examples, not coverage: a township with only an example counts by
 * what else is known about it.
 */
import type { ReportedListFigures } from "../../data/schema/index.ts";
import { divisions, selectedProvinces } from "./divisions.ts";
import { figuresFor, figuresWithin, portalData, type PortalData } from "./portal-data.ts";

export const COVERAGE_STATES = ["official", "repost", "figures", "none"] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];
export type CoverageCounts = Record<CoverageState, number> & { townships: number };

export interface AreaCoverage {
  code: string;
  name: string;
  level: "province" | "prefecture" | "county";
  counts: CoverageCounts;
}

export interface Coverage {
  /** By township code. */
  townships: Map<string, CoverageState>;
  /** By province, prefecture and county code (selected provinces only). */
  areas: Map<string, AreaCoverage>;
  /** Sum over the selected provinces. */
  total: CoverageCounts;
}

export function townshipState(data: PortalData, code: string): CoverageState {
  const status = data.lists.get(code)?.[0]?.status;
  if (status === "official" || status === "repost") return status;
  return figuresFor(data, code).length > 0 ? "figures" : "none";
}

const emptyCounts = (): CoverageCounts => ({ townships: 0, official: 0, repost: 0, figures: 0, none: 0 });

let cache: Promise<Coverage> | undefined;

export function coverage(): Promise<Coverage> {
  return (cache ??= portalData().then(compute));
}

function compute(data: PortalData): Coverage {
  const index = divisions();
  const prefixes = selectedProvinces().map((p) => p.code);
  const townships = new Map<string, CoverageState>();
  const areas = new Map<string, AreaCoverage>();
  const total = emptyCounts();
  const areaOf = (code: string): AreaCoverage | undefined => {
    let area = areas.get(code);
    if (!area) {
      const d = index.get(code);
      if (!d || d.level === "township" || d.level === "village") return undefined;
      area = { code, name: d.name, level: d.level, counts: emptyCounts() };
      areas.set(code, area);
    }
    return area;
  };
  for (const t of index.all("township")) {
    if (!prefixes.includes(t.code.slice(0, 2))) continue;
    const state = townshipState(data, t.code);
    townships.set(t.code, state);
    // A municipality's districts hang directly under the province in some releases: skip missing levels.
    for (const bucket of [total, ...[2, 4, 6].map((n) => areaOf(t.code.slice(0, n))?.counts)]) {
      if (!bucket) continue;
      bucket.townships++;
      bucket[state]++;
    }
  }
  return { townships, areas, total };
}

/**
 * What is known about a county's list publication: reported counts and notices attached to the
 * county or to its townships, each with its source (the county's notice where one is cited).
 */
export const countyNotices = (data: PortalData, county: string): ReportedListFigures[] => figuresWithin(data, county.slice(0, 6));

/** Page of a province's coverage, with the county's anchor. */
export const coveragePath = (code: string) => (code.length <= 2 ? `/coverage/${code}/` : `/coverage/${code.slice(0, 2)}/#c${code.slice(0, 6)}`);
