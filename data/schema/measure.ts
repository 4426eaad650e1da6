/**
 * A reduction measure (减负措施): a dated, sourced announcement of who changed what where.
 * Stored as Markdown with this frontmatter in data/measures/; the body holds the facts in prose.
 */
import { z } from "zod";
import { AreaCode, DateOrUnknown, ReportedFigure, Source } from "./common.ts";
import { ReportCategory } from "./report-category.ts";

export const MeasureFrontmatter = z
  .object({
    title: z.string().trim().min(1).max(200),
    /** Date of the measure or announcement as the source gives it; `unknown` if not given. */
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
