/**
 * A reduction measure (减负措施): a dated, sourced announcement of who changed what where.
 * Stored as Markdown with this frontmatter in data/measures/; the body holds the facts in prose.
 *
 * Two dates are kept apart: the measure's own date (措施日期, `date`: when it was issued,
 * adopted or took effect) and the date of each report that describes it (报道日期, each
 * source's `date`). Listings and feeds use `bestKnownDate`, and say which of the two it is.
 */
import { z } from "zod";
import { AreaCode, DateOrUnknown, ReportedFigure, Source } from "./common.ts";
import { ReportCategory } from "./report-category.ts";

export const MeasureFrontmatter = z
  .object({
    title: z.string().trim().min(1).max(200),
    /** 措施日期: the measure's own date (issued, adopted, in force) as a source gives it; `unknown` if none does. Never a report's date. */
    date: DateOrUnknown,
    issuer: z.string().trim().min(1),
    /** Areas it covers (division codes; `CN` for national). */
    areas: z.array(AreaCode).min(1),
    /** Which burden categories it addresses. */
    categories: z.array(ReportCategory).min(1),
    summary: z.string().trim().min(1).max(300),
    figures: z.array(ReportedFigure).default([]),
    /** `sourced`: reported by the cited source; `illustrative`: an example, shown with a banner. */
    status: z.enum(["sourced", "illustrative"]),
    sources: z.array(Source).min(1),
  })
  .strict();
export type MeasureFrontmatter = z.infer<typeof MeasureFrontmatter>;

/** Which date a listing shows: the measure's own (措施日期) or that of the report describing it (报道日期). */
export type MeasureDateKind = "measure" | "report";
export interface MeasureDate {
  date: string;
  kind: MeasureDateKind;
}

/** The earliest dated source: the first report of the measure (报道日期). */
export function reportDate(measure: Pick<MeasureFrontmatter, "sources">): string | undefined {
  return measure.sources
    .map((s) => s.date)
    .filter((d) => d !== "unknown")
    .sort()[0];
}

/** The measure's own date when known, else its first report's; undefined when no source is dated. */
export function bestKnownDate(measure: Pick<MeasureFrontmatter, "date" | "sources">): MeasureDate | undefined {
  if (measure.date !== "unknown") return { date: measure.date, kind: "measure" };
  const reported = reportDate(measure);
  return reported ? { date: reported, kind: "report" } : undefined;
}

/** The page of a measure. */
export const measurePath = (id: string): string => `/measures/${id}/`;
