/** The strings the check island needs, passed as props so the island ships no catalogue. */
import { t, type Lang } from "../i18n/index.ts";

const KEYS = [
  "township_label", "township_hint", "township_find", "township_pick", "township_none", "township_no_list",
  "task_label", "task_hint", "submit", "loading", "load_failed", "results", "nothing", "report_off_list",
  "part.basic", "part.assisting", "part.returned", "lead", "receiving", "illustrative", "change",
] as const;
export type CheckStrings = Record<(typeof KEYS)[number], string>;

export function checkStrings(lang: Lang): CheckStrings {
  return Object.fromEntries(KEYS.map((k) => [k, t(lang, `portal.check.${k}`)])) as CheckStrings;
}
