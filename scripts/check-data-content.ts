/**
 * check:data's content rules: what a record says, beyond its shape (issue 11 item 6). Each rule
 * returns problems by field path; scripts/check-data.ts turns them into `file:line: message`.
 * There is no allow-list: a problem is fixed in the data (a figure's quote rules alone take an
 * `override` with a note).
 *
 * - `english-prose`, `internal-word`: user-facing fields are Chinese and free of the project's
 *   workflow vocabulary (data/schema/zh-text.ts);
 * - `prints-unknown`: no shown field says `unknown` (dates are formatted, never printed);
 * - `undated-measure`: every measure has a date: its own, else a dated source (报道日期 orders the news;
 *   a source may give only the month, `YYYY-MM`);
 * - `duplicate-source`: a source's title is not its publisher again, and no source is cited twice;
 * - `figure-digits`: a figure's value appears as digits in its quote (15万 counts for 150000);
 * - `returned-quote`: a `returned` figure's quote says 收回 and not 取消.
 * A figure's `override: { note }` silences the two figure rules.
 */
import type { MeasureFrontmatter, ReportedFigure, Source } from "../data/schema/index.ts";
import { englishProse, internalWords, printsUnknown } from "../data/schema/index.ts";

export const CONTENT_RULES = [
  "english-prose",
  "internal-word",
  "prints-unknown",
  "undated-measure",
  "duplicate-source",
  "figure-digits",
  "returned-quote",
] as const;
export type ContentRule = (typeof CONTENT_RULES)[number];

export interface ContentProblem {
  path: PropertyKey[];
  rule: ContentRule;
  message: string;
}

/**
 * Fields no reader sees, or that hold codes, dates or links (which are checked by the schemas):
 * everything else a data file holds is shown on a Chinese page.
 */
const NOT_SHOWN = new Set([
  "id",
  "url",
  "area",
  "areas",
  "township",
  "townships",
  "code",
  "successor",
  "kind",
  "level",
  "status",
  "categories",
  "aggregate",
  "part",
  "type",
  "secretName",
  "address",
  "phone",
  "deadlines",
  "joined",
  "demo",
  "channels",
  "date",
  "adopted",
  "published",
  "effective",
  "documentNumber",
  "value",
  "override",
  "fullContent",
]);

/** Every shown string of a record with its path. */
function* shownStrings(value: unknown, path: PropertyKey[] = []): Generator<[PropertyKey[], string]> {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* shownStrings(v, [...path, i]);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (!NOT_SHOWN.has(k)) yield* shownStrings(v, [...path, k]);
  }
}

/** Document numbers anywhere in the record: they may contain Latin letters and are not prose. */
function documentNumbers(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => documentNumbers(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) k === "documentNumber" && typeof v === "string" ? out.push(v) : documentNumbers(v, out);
  }
  return out;
}

const quoteLine = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** Problems of one piece of shown text. */
export function textProblems(path: PropertyKey[], text: string, exempt: readonly string[] = []): ContentProblem[] {
  const out: ContentProblem[] = [];
  for (const run of englishProse(text, exempt)) out.push({ path, rule: "english-prose", message: `English prose on a Chinese page: «${quoteLine(run)}»` });
  for (const word of internalWords(text)) out.push({ path, rule: "internal-word", message: `internal vocabulary on a public page (${word})` });
  if (printsUnknown(text)) out.push({ path, rule: "prints-unknown", message: "prints `unknown`: leave the field out, or say in Chinese what is not known" });
  return out;
}

/** The text rules over every shown field of a record. */
export function recordTextProblems(record: unknown): ContentProblem[] {
  const exempt = documentNumbers(record);
  return [...shownStrings(record)].flatMap(([path, text]) => textProblems(path, text, exempt));
}

/** A source whose title repeats its publisher, and a source cited twice in the same record. */
export function sourceProblems(sources: readonly Source[], at: PropertyKey[]): ContentProblem[] {
  const out: ContentProblem[] = [];
  const seen = new Set<string>();
  sources.forEach((s, i) => {
    if (s.title !== undefined && s.title.trim() === s.publisher.trim()) {
      out.push({
        path: [...at, i, "title"],
        rule: "duplicate-source",
        message: `the title repeats the publisher «${s.publisher}» (shown twice): leave the title out or give the real one`,
      });
    }
    const key = JSON.stringify([s.publisher, s.title ?? "", s.url ?? "", s.documentNumber ?? ""]);
    if (seen.has(key)) out.push({ path: [...at, i], rule: "duplicate-source", message: "the same source is cited twice" });
    seen.add(key);
  });
  return out;
}

/** The ways a value may be written with digits in a Chinese quote: 150000, 150,000, 15万, 1.5亿 (a decrease, −88.22, is quoted as 下降88.22%). */
export function digitForms(signed: number): string[] {
  const value = Math.abs(signed);
  const forms = [String(value), value.toLocaleString("en-US")];
  if (value >= 10_000) forms.push(`${value / 10_000}万`);
  if (value >= 100_000_000) forms.push(`${value / 100_000_000}亿`);
  return [...new Set(forms)];
}

/** The figure rules; `part` only for list figures (reported-figures.ts). */
export function figureProblems(figures: readonly (ReportedFigure & { part?: string })[], at: PropertyKey[]): ContentProblem[] {
  const out: ContentProblem[] = [];
  figures.forEach((f, i) => {
    if (f.override || f.quote === undefined) return;
    // Digits must stand alone: 38 is not found inside 380.
    const found = digitForms(f.value).some((form) => new RegExp(`(?<![\\d.])${form.replace(/[.,]/g, "\\$&")}(?![\\d])`).test(f.quote!));
    if (!found)
      out.push({
        path: [...at, i, "quote"],
        rule: "figure-digits",
        message: `the quote does not contain the value ${f.value} as digits (${digitForms(f.value).join(" / ")}); fix it, or add override: { note } saying why`,
      });
    if (f.part === "returned" && (!f.quote.includes("收回") || f.quote.includes("取消"))) {
      out.push({
        path: [...at, i, "quote"],
        rule: "returned-quote",
        message: "a `returned` figure's quote must say 收回 and not 取消 (cancelled or held powers are other parts); or add override: { note }",
      });
    }
  });
  return out;
}

/**
 * A measure needs a date that orders it: its own (措施日期) or, when that is unknown, a dated
 * source (报道日期), which is what the feeds and listings then show.
 */
export function measureProblems(measure: MeasureFrontmatter): ContentProblem[] {
  const out = [...sourceProblems(measure.sources, ["sources"]), ...figureProblems(measure.figures, ["figures"])];
  if (measure.date === "unknown" && measure.sources.every((s) => s.date === "unknown")) {
    out.push({
      path: ["sources"],
      rule: "undated-measure",
      message: "neither the measure nor any source is dated: cite a dated report of the measure (报道日期)",
    });
  }
  return out;
}
