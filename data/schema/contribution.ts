/**
 * A contribution (issue 12 item 1, 上报官方清单): where a township's official list — or a channel,
 * or a body's published complaint address — is published, handed in without an account. One
 * schema for the no-JS form (worker/routes/contribute/index.tsx). Issue messages are i18n keys
 * `contribute.e.*` (site/i18n/<lang>/contribute.json).
 */
import { z } from "zod";

export const CONTRIBUTION_KINDS = ["list", "channel"] as const;
export const CONTRIBUTION_STATUSES = ["received", "reviewing", "accepted", "declined"] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

/** File types editors can check and the importer reads; .xls and .doc are refused with a hint. */
export const CONTRIBUTION_FILE_TYPES = ["pdf", "docx", "xlsx", "csv"] as const;
export type ContributionFileType = (typeof CONTRIBUTION_FILE_TYPES)[number];

export const CONTRIBUTION_LIMITS = {
  url: 2000,
  note: 2000,
  fileBytes: 20 * 1024 * 1024,
} as const;

const HttpUrl = z
  .string({ message: "contribute.e.url_required" })
  .transform((s) => s.normalize("NFC").trim())
  .pipe(
    z
      .string()
      .min(1, { message: "contribute.e.url_required" })
      .max(CONTRIBUTION_LIMITS.url, { message: "contribute.e.url_long" })
      .refine(
        (s) => {
          try {
            const u = new URL(s);
            return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.includes(".");
          } catch {
            return false;
          }
        },
        { message: "contribute.e.url_format" },
      ),
  );

export const ContributionInput = z
  .object({
    kind: z.enum(CONTRIBUTION_KINDS, { message: "contribute.e.kind" }),
    county: z.string().regex(/^\d{6}$/, { message: "contribute.e.county" }),
    townships: z.array(z.string().regex(/^\d{9}$/, { message: "contribute.e.townships" })).max(100, { message: "contribute.e.townships" }),
    wholeCounty: z.boolean(),
    url: HttpUrl,
    note: z
      .string()
      .transform((s) => s.normalize("NFC").trim())
      .pipe(z.string().max(CONTRIBUTION_LIMITS.note, { message: "contribute.e.note_long" }))
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.wholeCounty && v.townships.length === 0) ctx.addIssue({ code: "custom", path: ["townships"], message: "contribute.e.townships_none" });
    if (v.townships.some((t) => !t.startsWith(v.county))) ctx.addIssue({ code: "custom", path: ["townships"], message: "contribute.e.townships" });
  });
export type ContributionInput = z.infer<typeof ContributionInput>;

/** The form's values (strings, repeated `townships`) as the schema's input. */
export function formToContribution(form: { get(name: string): unknown; getAll(name: string): unknown[] }): unknown {
  const str = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : undefined);
  const note = str("note");
  return {
    kind: str("kind"),
    county: str("county"),
    townships: form.getAll("townships").filter((v): v is string => typeof v === "string"),
    wholeCounty: str("wholeCounty") === "1",
    url: str("url"),
    note: note && note.trim() ? note : undefined,
  };
}

/**
 * The type of an uploaded file from its name and first bytes: a .pdf must start with `%PDF-`,
 * a .docx or .xlsx is a zip (`PK\x03\x04`). .xls and .doc are refused with «请另存为 .xlsx / .docx».
 */
export function contributionFileType(name: string, head: Uint8Array): { ok: true; type: ContributionFileType } | { ok: false; code: string } {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  if (ext === "xls" || ext === "doc") return { ok: false, code: "contribute.e.file_legacy" };
  if (!(CONTRIBUTION_FILE_TYPES as readonly string[]).includes(ext)) return { ok: false, code: "contribute.e.file_type" };
  const starts = (sig: number[]) => sig.every((b, i) => head[i] === b);
  if (ext === "pdf" && !starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return { ok: false, code: "contribute.e.file_mismatch" };
  if ((ext === "docx" || ext === "xlsx") && !starts([0x50, 0x4b, 0x03, 0x04])) return { ok: false, code: "contribute.e.file_mismatch" };
  return { ok: true, type: ext as ContributionFileType };
}

// ---------------------------------------------------------------------------------------------
// The editors' desk (issue 12 item 2): what an import needs, recorded by an editor. Messages are
// i18n keys `editor.e.*` (site/i18n/<lang>/editor.json). Stored in the contributions row
// (migrations/0051) and read by `npm run contributions:pull` (scripts/contributions-pull.ts).

const DeskText = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize("NFC").trim())
    .pipe(z.string().max(max, { message: "editor.e.too_long" }));
const OptionalDay = z
  .union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "editor.e.date" })])
  .refine((s) => s === "" || (!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)), {
    message: "editor.e.date",
  });

/** Where one township's part of a file is: the whole file, or one of a sheet, a heading, a page range «3-7». */
const Where = z.string().trim().min(1, { message: "editor.e.part_where" }).max(100, { message: "editor.e.too_long" });
export const TownshipPart = z
  .object({
    township: z.string().regex(/^\d{9}$/, { message: "editor.e.part_county" }),
    sheet: Where.optional(),
    heading: Where.optional(),
    pages: z
      .string()
      .trim()
      .regex(/^\d{1,4}(-\d{1,4})?$/, { message: "editor.e.pages" })
      .optional(),
  })
  .strict()
  .refine((p) => [p.sheet, p.heading, p.pages].filter((w) => w !== undefined).length <= 1, { message: "editor.e.invalid" });
export type TownshipPart = z.infer<typeof TownshipPart>;
export const TOWNSHIP_PART_KINDS = ["file", "sheet", "heading", "pages"] as const;

/** contributions.township_parts: one entry per township, each township once. */
export const TownshipParts = z
  .array(TownshipPart)
  .max(200)
  .refine((parts) => new Set(parts.map((p) => p.township)).size === parts.length, { message: "editor.e.part_twice" });

/**
 * One township's result of `npm run contributions:pull -- --report` (scripts/contributions-pull.ts),
 * stored as JSON in contributions.preview and shown on the editors' desk: the draft written or why
 * it was refused, the items per part, headings not recognised, rows not placed.
 */
export const ContributionPreviewPart = z.object({
  township: z.string(),
  written: z.string().optional(),
  refused: z.string().optional(),
  counts: z.record(z.string(), z.number()).optional(),
  unmapped: z.array(z.string()).optional(),
  problems: z.array(z.string()).optional(),
});
export type ContributionPreviewPart = z.infer<typeof ContributionPreviewPart>;
export const ContributionPreview = z.array(ContributionPreviewPart);

/** The desk's metadata form. The version names the draft file (data/duty-lists/<code>/<version>.yaml). */
export const ContributionMetadata = z.object({
  issuer: DeskText(200),
  documentNumber: DeskText(100),
  adoptedOn: OptionalDay,
  publishedOn: OptionalDay,
  version: DeskText(40).pipe(z.string().regex(/^([0-9A-Za-z][0-9A-Za-z._-]*)?$/, { message: "editor.e.version" })),
  townshipParts: TownshipParts,
});
export type ContributionMetadata = z.infer<typeof ContributionMetadata>;

/** The desk's outcome form: accepted with the page where the list is shown, or declined with the reason the contributor reads. */
export const ContributionOutcome = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("accepted"),
    path: z
      .string()
      .trim()
      .regex(/^\/[^\s]{0,300}$/, { message: "editor.e.path" }),
  }),
  z.object({ status: z.literal("declined"), reason: DeskText(1000).pipe(z.string().min(1, { message: "editor.e.reason" })) }),
]);
export type ContributionOutcome = z.infer<typeof ContributionOutcome>;
