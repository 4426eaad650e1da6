/** Measure listings and feeds: which measures belong to a province, the RSS items. */
import type { RSSFeedItem } from "@astrojs/rss";
import { t } from "../i18n/index.ts";
import { divisions } from "./divisions.ts";
import { categoryLabel, measurePath } from "./format.ts";
import { coveringAreas, withinArea, type Measure, type PortalData } from "./portal-data.ts";

/** Measures for an area's listings: national and ancestors' measures, and those inside it. */
export function measuresOfArea(data: PortalData, code: string): Measure[] {
  const ids = new Set([...coveringAreas(data.measures, (m) => m.data.areas, code), ...withinArea(data.measures, (m) => m.data.areas, code)].map((m) => m.id));
  return data.measures.filter((m) => ids.has(m.id));
}

/** Human name of an area code ("CN" → 全国). */
export const areaName = (code: string) => (code === "CN" ? t("zh-CN", "portal.area.national") : (divisions().get(code)?.name ?? code));

/** RSS 2.0 items with the page URL as a stable guid (it never changes for a measure). */
export function feedItems(measures: Measure[]): RSSFeedItem[] {
  return measures.map((m) => ({
    title: m.data.title,
    link: measurePath(m.id),
    description: m.data.summary,
    pubDate: m.data.date === "unknown" ? undefined : new Date(`${m.data.date}T00:00:00+08:00`),
    categories: m.data.categories.map((c) => categoryLabel(c)),
  }));
}
