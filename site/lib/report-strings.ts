/**
 * The strings the report island needs (site/islands/report/ReportEnhancer.tsx), passed as props
 * so that the island ships a few dozen messages instead of the whole catalogue (the CheckTool
 * pattern, ./check-strings.ts). Keys are the catalogue's own; the island fills placeholders with `fill` (site/islands/report/strings.ts).
 */
import { allKeys, t, type Lang } from "../i18n/index.ts";
import type { ReportStrings } from "../islands/report/strings.ts";

/** Message families the island shows: validation errors, picker, duty hint, proof of work, category help. */
const PREFIXES = [
  "report.e.",
  "report.township.",
  "report.duty.",
  "report.pow.",
  "report.reach.heading",
  "report.imposer.person_warning",
  "report.evidence.file_",
];
const wanted = (key: string) => PREFIXES.some((p) => key.startsWith(p)) || (key.startsWith("category.") && key.endsWith(".help"));

export function reportStrings(lang: Lang): ReportStrings {
  return Object.fromEntries(
    allKeys(lang)
      .filter(wanted)
      .map((k) => [k, t(lang, k)]),
  );
}
