/** Building blocks shared by every data schema: dates, codes, sources, provenance. */
import { z } from "zod";

/** A calendar date `YYYY-MM-DD` that exists, or `unknown` when the source does not give one (never guessed). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "e.date_format", abort: true })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: "e.date_invalid" },
  );
export const DateOrUnknown = z.union([IsoDate, z.literal("unknown")]);
export type DateOrUnknown = z.infer<typeof DateOrUnknown>;

/** A month `YYYY-MM`: for a source that gives only the month it appeared (a notice filed under «202109», no day); the day is never guessed. */
export const IsoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "e.date_format" });
/** A source's date: the day, else the month when the source gives only that, else `unknown`. */
export const SourceDate = z.union([IsoDate, IsoMonth, z.literal("unknown")]);
export type SourceDate = z.infer<typeof SourceDate>;
/** Whether a date gives the day (`YYYY-MM-DD`), not only the month. */
export const isDay = (date: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(date);

/** NBS division code of any level: 2 (province), 4, 6, 9 or 12 (village) digits. */
export const DivisionCode = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, { message: "e.division_code" });
export const TownshipCode = z.string().regex(/^\d{9}$/, { message: "e.township_code" });
/** An area a record applies to: a division code, or `CN` for the whole country. */
export const AreaCode = z.union([DivisionCode, z.literal("CN")]);
export type AreaCode = z.infer<typeof AreaCode>;

const HttpUrl = z.url({ protocol: /^https?$/, message: "e.url" });

/**
 * Where a fact comes from. A repost says so and names the original publisher where known;
 * seed articles without a URL are cited by outlet, title and date.
 */
export const Source = z
  .object({
    publisher: z.string().min(1),
    title: z.string().min(1).optional(),
    url: HttpUrl.optional(),
    documentNumber: z.string().min(1).optional(),
    date: SourceDate,
    repost: z
      .object({
        originalPublisher: z.string().min(1).optional(),
        note: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    note: z.string().min(1).optional(),
  })
  .strict()
  .refine((s) => s.url !== undefined || s.documentNumber !== undefined || s.title !== undefined, {
    message: "e.source_unidentifiable",
  });
export type Source = z.infer<typeof Source>;

/** A figure as reported by a source ("平均梳理140项"), kept with its verbatim quote. */
export const ReportedFigure = z
  .object({
    label: z.string().min(1),
    value: z.number(),
    unit: z.string().min(1),
    quote: z.string().min(1).optional(),
    /**
     * Silences check:data's quote rules for this figure (its value written out in the quote, 收回
     * in a returned figure's quote), with a note saying why the quote is right as it is. Not shown.
     */
    override: z
      .object({ note: z.string().trim().min(1) })
      .strict()
      .optional(),
  })
  .strict();
export type ReportedFigure = z.infer<typeof ReportedFigure>;

/** Orders versions and dates given as strings that sort («2025» > «2024», «2025-06-30» > «2024-01-01»), newest first, `unknown` last. */
export const newestFirst = (a: string, b: string): number => (a === b ? 0 : a === "unknown" ? 1 : b === "unknown" ? -1 : a < b ? 1 : -1);
