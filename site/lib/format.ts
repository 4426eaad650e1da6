/** Small formatting helpers shared by the portal pages (Chinese pages). */
import type { DivisionType, MeasureFrontmatter, SourceDate } from "../../data/schema/index.ts";
import { bestKnownDate } from "../../data/schema/index.ts";
import { t } from "../i18n/index.ts";
import { label } from "../i18n/labels.ts";

export { measurePath } from "../../data/schema/measure.ts";
export const countyDataPath = (code: string) => `/data/county/${code.slice(0, 6)}.json`;
export const reportPath = (township: string) => `/report?township=${township}`;

/** "2025-06-30" → "2025年6月30日"; a source's month "2021-09" → "2021年9月" (no day is made up); `unknown` → "日期未注明". */
export function formatDate(date: SourceDate, lang: "zh-CN" | "en" = "zh-CN"): string {
  if (date === "unknown") return t(lang, "portal.date.unknown");
  const [y, m, d] = date.split("-").map(Number);
  if (lang === "en") return date;
  return d === undefined ? `${y}年${m}月` : `${y}年${m}月${d}日`;
}

/** A measure's best known date with what it is: «措施日期 2024年8月6日», «报道日期 …», or «日期未注明». */
export function measureDateLabel(measure: Pick<MeasureFrontmatter, "date" | "sources">, lang: "zh-CN" | "en" = "zh-CN"): string {
  const best = bestKnownDate(measure);
  return best ? t(lang, `portal.date.${best.kind}`, { date: formatDate(best.date, lang) }) : t(lang, "portal.date.none");
}

export const typeLabel = (type: DivisionType) => t("zh-CN", `portal.type.${type}`);

/** Label of a burden category (labels.json); throws on an unknown id. */
export const categoryLabel = (id: string, lang: "zh-CN" | "en" = "zh-CN") => label(lang, "category", id);
