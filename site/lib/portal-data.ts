/**
 * Everything the portal pages need from data/, computed once per build and shared by every
 * page (issue #4 item 8: no per-page loading, no villages in props). Pages ask by code.
 */
import { getCollection, type CollectionEntry } from "astro:content";
import type { DutyList, DutyPart, MeasureFrontmatter, OfficialChannel, OversightBody, ReportedListFigures, VillageList } from "../../data/schema/index.ts";
import { areaChain, bestKnownDate, byCurrentFirst, DUTY_PARTS, newestFirst } from "../../data/schema/index.ts";
import { forBuild } from "../../data/demo-content.ts";

export type Measure = { id: string; data: MeasureFrontmatter; body: string; entry: CollectionEntry<"measures"> };

export interface PortalData {
  /** Every version of a township's list, newest first (index 0 is the current list). */
  lists: Map<string, DutyList[]>;
  /** Newest first by best known date (措施日期, else 报道日期); undated last. */
  measures: Measure[];
  figures: ReportedListFigures[];
  villageLists: VillageList[];
  channels: OfficialChannel[];
  bodies: OversightBody[];
}

let cache: Promise<PortalData> | undefined;

export function portalData(): Promise<PortalData> {
  return (cache ??= load());
}

/** A deploy build (QINGDAN_DEPLOY=1) leaves out demo bodies and illustrative lists and measures (data/demo-content.ts). */
async function load(): Promise<PortalData> {
  const data = <T extends { data: unknown }>(entries: T[]) => forBuild(entries, undefined, (e) => e.data as { demo?: boolean; status?: string });
  const [dutyLists, measures, figures, villageLists, channels, bodies] = await Promise.all([
    getCollection("dutyLists").then(data),
    getCollection("measures").then(data),
    getCollection("figures"),
    getCollection("villageLists").then(data),
    getCollection("channels"),
    getCollection("oversightBodies").then(data),
  ]);
  const lists = new Map<string, DutyList[]>();
  for (const { data } of dutyLists) (lists.get(data.township) ?? lists.set(data.township, []).get(data.township)!).push(data);
  for (const versions of lists.values()) versions.sort(byCurrentFirst);
  return {
    lists,
    measures: measures
      .map((entry) => ({ id: entry.id, data: entry.data, body: entry.body ?? "", entry }))
      .sort((a, b) => newestFirst(bestKnownDate(a.data)?.date ?? "unknown", bestKnownDate(b.data)?.date ?? "unknown") || a.id.localeCompare(b.id)),
    figures: figures.map((f) => f.data),
    villageLists: villageLists.map((v) => v.data),
    channels: channels.map((c) => c.data),
    bodies: bodies.map((b) => b.data),
  };
}

export { areaChain };

/** Whether this build shows any illustrative content (never in a deploy build), for the notes that say so. */
export function hasIllustrative(data: PortalData): boolean {
  const illustrative = (r: { status: string }) => r.status === "illustrative";
  return (
    [...data.lists.values()].some((versions) => versions.some(illustrative)) ||
    data.measures.some((m) => illustrative(m.data)) ||
    data.villageLists.some(illustrative)
  );
}

/** Records whose `areas` cover `code` (its own area or any ancestor, or national). */
export function coveringAreas<T>(records: T[], areasOf: (r: T) => string[], code: string): T[] {
  const chain = new Set(areaChain(code));
  return records.filter((r) => areasOf(r).some((a) => chain.has(a)));
}

/** Records about `code` or anything inside it (for listings on higher-level pages). */
export function withinArea<T>(records: T[], areasOf: (r: T) => string[], code: string): T[] {
  return records.filter((r) => areasOf(r).some((a) => a !== "CN" && a.startsWith(code)));
}

export const measuresFor = (data: PortalData, code: string) => coveringAreas(data.measures, (m) => m.data.areas, code);

export type PartCounts = Record<DutyPart, number> & { total: number };

export function partCounts(list: DutyList): PartCounts {
  const counts = { total: 0 } as PartCounts;
  for (const part of DUTY_PARTS) {
    counts[part] = list.parts[part].length;
    counts.total += counts[part];
  }
  return counts;
}

/**
 * Official lists loaded and their items per part under an area (all townships whose code starts
 * with `prefix`). Illustrative lists are never added into these figures (data A3): they are only
 * counted apart, so a page can say how many examples it also shows.
 */
export function listStats(data: PortalData, prefix = ""): PartCounts & { lists: number; illustrative: number } {
  const sum = { lists: 0, illustrative: 0, total: 0, basic: 0, assisting: 0, returned: 0 };
  for (const [code, versions] of data.lists) {
    if (!code.startsWith(prefix)) continue;
    const current = versions[0]!;
    if (current.status === "illustrative") {
      sum.illustrative++;
      continue;
    }
    if (current.status !== "official") continue;
    const c = partCounts(current);
    sum.lists++;
    for (const k of ["total", ...DUTY_PARTS] as const) sum[k] += c[k];
  }
  return sum;
}

/** Reported counts about a township (its own, or its county's averages and totals); national figures apart. */
export function figuresFor(data: PortalData, township: string): ReportedListFigures[] {
  return data.figures.filter(
    (f) => f.area !== "CN" && (f.townships.includes(township) || f.area === township || (f.townships.length === 0 && township.startsWith(f.area))),
  );
}

/** Reported counts about an area above township level: records attached to it or to a place inside it. */
export function figuresWithin(data: PortalData, code: string): ReportedListFigures[] {
  return data.figures.filter((f) => f.area !== "CN" && f.area.startsWith(code));
}

/** The national averages of the townships' lists (中央编办), shown where no list is loaded. */
export function nationalFigures(data: PortalData): ReportedListFigures[] {
  return data.figures.filter((f) => f.area === "CN");
}

/**
 * Village lists that apply to a township: catalogues of it or an ancestor, and its villages' own
 * lists. Given the township's unit types, a list about villages only (or communities only) is left
 * out where there are none of them.
 */
export function villageListsFor(data: PortalData, township: string, unitTypes?: Set<string>): VillageList[] {
  const chain = new Set(areaChain(township));
  const fits = (v: VillageList) =>
    !unitTypes || unitTypes.size === 0 || v.appliesTo === "both" || unitTypes.has(v.appliesTo === "villages" ? "village" : "community");
  return data.villageLists.filter((v) => (chain.has(v.area) || (v.area.length === 12 && v.area.startsWith(township))) && fits(v));
}

/** Official channels and joined oversight bodies for an area (its own and every ancestor). */
export function channelsFor(data: PortalData, code: string) {
  return {
    channels: coveringAreas(data.channels, (c) => c.areas, code),
    bodies: coveringAreas(data.bodies, (b) => [b.area], code),
  };
}
