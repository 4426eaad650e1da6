/**
 * What is known about a township without a list (issue 13 item 3, UX 11), for /check: the
 * reported list figures (national averages among them), the measures of the task's burden
 * category in its county, prefecture and province (and national ones), the village lists that
 * apply and the official channels. One file per province, `/check/known/<pp>.json` (built by
 * site/pages/check/known/[province].json.ts), read by the island and by the worker's no-JS
 * /check/find alike, so both show the same.
 */
import { areaChain } from "../../data/schema/division.ts";
import type { OfficialChannel, ReportedListFigures, VillageList } from "../../data/schema/index.ts";
import type { ReportCategory } from "../../data/schema/report-category.ts";

export const knownPath = (township: string) => `/check/known/${township.slice(0, 2)}.json`;

export interface KnownMeasure {
  id: string;
  title: string;
  issuer: string;
  /** The date as Chinese pages show it («2024年5月1日», «未注明»); the measures are Chinese. */
  date: string;
  areas: string[];
  categories: ReportCategory[];
  illustrative: boolean;
}
export type KnownFigures = Pick<ReportedListFigures, "id" | "area" | "subject" | "townships" | "aggregate" | "summary"> & {
  figures: { label: string; value: number; unit: string }[];
  /** `repostOf`: the source is a repost (labelled as one, DOMAIN.md), with the original publisher when known. */
  source: { publisher: string; title?: string; url?: string; repostOf?: string | null };
};
export type KnownVillageList = Pick<VillageList, "id" | "title" | "version" | "area"> & { issuer?: string; illustrative: boolean };
export type KnownChannel = Pick<OfficialChannel, "id" | "kind" | "name" | "operator" | "areas" | "url" | "phone" | "howTo" | "scope">;

export interface KnownData {
  format: "qingdan-known/1";
  figures: KnownFigures[];
  measures: KnownMeasure[];
  villageLists: KnownVillageList[];
  channels: KnownChannel[];
}

export interface KnownForTownship {
  figures: KnownFigures[];
  /** Measures of the category covering the township, the nearest area first. */
  measures: KnownMeasure[];
  /** Measures of any category covering the township (for the link to its page). */
  measuresAll: number;
  villageLists: KnownVillageList[];
  channels: KnownChannel[];
}

/** Most specific area first: a county's measure before the province's, national last. */
const specificity = (areas: string[], chain: string[]) => Math.max(...areas.map((a) => chain.indexOf(a)));

export function knownFor(known: KnownData, township: string, category: ReportCategory, limit = 5): KnownForTownship {
  const chain = areaChain(township);
  const covers = (areas: string[]) => areas.some((a) => chain.includes(a));
  const covering = known.measures.filter((m) => covers(m.areas));
  return {
    // The same rule as the township page (portal-data figuresFor), plus national figures.
    figures: known.figures.filter(
      (f) => f.townships.includes(township) || f.area === township || (f.townships.length === 0 && (f.area === "CN" || township.startsWith(f.area))),
    ),
    measures: covering
      .filter((m) => m.categories.includes(category))
      .sort((a, b) => specificity(b.areas, chain) - specificity(a.areas, chain))
      .slice(0, limit),
    measuresAll: covering.length,
    villageLists: known.villageLists.filter((v) => chain.includes(v.area) || (v.area.length === 12 && v.area.startsWith(township))),
    channels: known.channels.filter((c) => covers(c.areas)),
  };
}

/**
 * The /report link /check hands off (UX 13): the township, the burden category, the task as
 * the title and, when the task is not on the list, «不在清单上» (worker/routes/report/form.tsx).
 */
export function reportHandOff(reportPath: string, o: { township?: string; task: string; category: ReportCategory; offList: boolean }): string {
  const params = new URLSearchParams();
  if (o.township) params.set("township", o.township);
  params.set("category", o.category);
  if (o.task) params.set("task", o.task);
  if (o.offList) params.set("list", "off_list");
  return `${reportPath}?${params}`;
}
