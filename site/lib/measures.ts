/** Measure listings and feeds: which measures belong to a province, the RSS 2.0 feeds. */
import rss, { type RSSFeedItem } from "@astrojs/rss";
import { bestKnownDate, isDay } from "../../data/schema/index.ts";
import { t } from "../i18n/index.ts";
import { divisions } from "./divisions.ts";
import { categoryLabel, measurePath } from "./format.ts";
import { coveringAreas, withinArea, type Measure, type PortalData } from "./portal-data.ts";

/** Measures for an area's listings: national and ancestors' measures, and those inside it (newest first). */
export function measuresOfArea(data: PortalData, code: string): Measure[] {
  const ids = new Set([...coveringAreas(data.measures, (m) => m.data.areas, code), ...withinArea(data.measures, (m) => m.data.areas, code)].map((m) => m.id));
  return data.measures.filter((m) => ids.has(m.id));
}

/** Human name of an area code ("CN" → 全国). */
export const areaName = (code: string) => (code === "CN" ? t("zh-CN", "portal.area.national") : (divisions().get(code)?.name ?? code));

export const ALL_FEED_PATH = "/measures/rss.xml";
/** The feed of the province a code lies in. */
export const provinceFeedPath = (code: string) => `/measures/rss/${code.slice(0, 2)}.xml`;

/**
 * One RSS 2.0 item per dated measure. pubDate is the best known date (the measure's own, else
 * its first report's), at noon Beijing time so that the day survives conversion to GMT; the
 * link is absolute under the site's origin and is the guid (it never changes for a measure).
 * A measure with no dated source cannot be placed in time and is left out (check:data makes
 * that an error, so this only guards the feed); so is one dated only to the month (a source
 * that gives no day): an RFC 822 pubDate needs a day, and none is made up. Its page and the
 * listings still show it, dated «2021年9月».
 */
export function feedItems(measures: Measure[]): RSSFeedItem[] {
  return measures.flatMap((m) => {
    const best = bestKnownDate(m.data);
    if (!best || !isDay(best.date)) return [];
    return [
      {
        title: m.data.title,
        link: measurePath(m.id),
        description: m.data.summary,
        pubDate: new Date(`${best.date}T12:00:00+08:00`),
        categories: m.data.categories.map((c) => categoryLabel(c)),
      },
    ];
  });
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/** A feed at `path` (absolute under `site`), Chinese, pointing at itself with atom:link rel="self". */
export function measureFeed(options: { site: URL; path: string; title: string; measures: Measure[] }) {
  const self = new URL(options.path, options.site).href;
  return rss({
    title: options.title,
    description: t("zh-CN", "portal.feed.description"),
    site: options.site,
    items: feedItems(options.measures),
    xmlns: { atom: "http://www.w3.org/2005/Atom" },
    customData: `<language>zh-cn</language><atom:link href="${escapeXml(self)}" rel="self" type="application/rss+xml"/>`,
  });
}
