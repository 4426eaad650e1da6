/**
 * Counts reported about an area's lists where the items themselves are not available
 * (SOURCES.md §1A): attached to the township they describe, or to a county when they are
 * averages or totals over its townships (as Kunshan's are).
 */
import { z } from "zod";
import { DivisionCode, ReportedFigure, Source } from "./common.ts";

export const FigureAggregate = z.enum(["single", "average", "total"]);

export const ReportedListFigures = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    area: DivisionCode,
    /** The places the figures are about, as the source names them (e.g. "昆山市10个乡镇"). */
    subject: z.string().min(1),
    /** Township codes the figures cover, when they can be keyed (SOURCES.md caveats apply). */
    townships: z.array(z.string().regex(/^\d{9}$/)).default([]),
    aggregate: FigureAggregate,
    figures: z.array(ReportedFigure.extend({ part: z.enum(["basic", "assisting", "returned", "total", "raw"]).optional() }).strict()).default([]),
    /** What the source says when it gives no numbers. */
    summary: z.string().min(1),
    source: Source,
  })
  .strict();
export type ReportedListFigures = z.infer<typeof ReportedListFigures>;
