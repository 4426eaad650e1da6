/** The strings the check island needs, passed as props so the island ships no catalogue. */
import { REPORT_CATEGORIES, type ReportCategory } from "../../data/schema/report-category.ts";
import { t, type Lang } from "../i18n/index.ts";
import { categoryLabel } from "./format.ts";

const KEYS = [
  "township_label",
  "township_hint",
  "township_find",
  "township_pick",
  "township_none",
  "township_no_list",
  "task_label",
  "task_hint",
  "task_required",
  "submit",
  "loading",
  "load_failed",
  "results",
  "nothing",
  "report_off_list",
  "part.basic",
  "part.assisting",
  "part.returned",
  "lead",
  "receiving",
  "illustrative",
  "change",
  "burden",
  "burden_report",
  "known.figures",
  "known.measures",
  "known.measures_none",
  "known.measures_all",
  "known.village_lists",
  "known.village_lists_link",
  "known.channels",
  "known.report",
  "known.report_help",
] as const;
/** Strings of other areas the answer for a township without a list reuses (same wording as its page). */
const SHARED = {
  channel12388: "portal.channels.12388.name",
  channel12388How: "portal.channels.12388.how",
  phone: "portal.channels.phone",
  figuresIntro: "portal.figures.intro",
  figuresSource: "portal.figures.source",
  average: "portal.figures.average",
  total: "portal.figures.total",
  illustrativeShort: "portal.illustrative.short",
  nationalIntro: "portal.figures.national.intro",
  repost: "portal.source.repost",
  publisherUnknown: "portal.source.publisher_unknown",
} as const;

export type CheckStrings = Record<(typeof KEYS)[number] | keyof typeof SHARED, string> & { categories: Record<ReportCategory, string> };

export function checkStrings(lang: Lang): CheckStrings {
  return {
    ...(Object.fromEntries(KEYS.map((k) => [k, t(lang, `portal.check.${k}`)])) as Record<(typeof KEYS)[number], string>),
    ...(Object.fromEntries(Object.entries(SHARED).map(([k, key]) => [k, t(lang, key)])) as Record<keyof typeof SHARED, string>),
    categories: Object.fromEntries(REPORT_CATEGORIES.map((c) => [c, categoryLabel(c, lang)])) as Record<ReportCategory, string>,
  };
}
