/**
 * Counts reported about an area's lists where the items themselves are not available
 * (SOURCES.md §1A): attached to the township they describe, or to a county when they are
 * averages or totals over its townships (as Kunshan's are).
 */
import { z } from "zod";
import { AreaCode, ReportedFigure, Source } from "./common.ts";

/**
 * Which part of a list a figure counts. `cancelled`: powers taken back and abolished, not handed to an
 * upper department (象山); `held_powers`: powers a township itself exercises (周庄 674→278); `raw`: a
 * draft inventory before the lists were merged (its unit may be `%` when the source gives shares).
 */
export const FigurePart = z.enum(["basic", "assisting", "returned", "cancelled", "held_powers", "total", "raw"]);

export const FigureAggregate = z.enum(["single", "average", "total"]);

export const ReportedListFigures = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** A division code, or `CN` for national figures (shown on the home page and on townships without a list). */
    area: AreaCode,
    /** The places the figures are about, as the source names them (e.g. "昆山市10个乡镇"). */
    subject: z.string().min(1),
    /** Township codes the figures cover, when they can be keyed (SOURCES.md caveats apply). */
    townships: z.array(z.string().regex(/^\d{9}$/)).default([]),
    aggregate: FigureAggregate,
    figures: z.array(ReportedFigure.extend({ part: FigurePart.optional() }).strict()).default([]),
    /** What the source says when it gives no numbers. */
    summary: z.string().min(1),
    source: Source,
  })
  .strict();
export type ReportedListFigures = z.infer<typeof ReportedListFigures>;
