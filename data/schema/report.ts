/**
 * The one intake schema for a burden report (issue #5): used by the no-JS form (worker),
 * the JSON API (`POST /api/reports`) and the island's live validation. Field names are the
 * form's input names. Every issue carries a message code `report.e.*` that the UI translates
 * (site/i18n/<lang>/report.json), so errors come back field by field in the request's language.
 */
import { z } from "zod";
import { ImposerLevel, ReportCategory } from "./report-category.ts";
import { cleanText, displayable } from "./text.ts";

// The limits live in a module without zod, so that the report island can check files before upload (UX 26).
export { EVIDENCE_MEDIA_TYPES, REPORT_LIMITS, type EvidenceMediaType } from "./report-limits.ts";
import { REPORT_LIMITS } from "./report-limits.ts";

export const LIST_STATUSES = ["on_list", "off_list", "unknown"] as const;

/** Fields of the form and the API, in the order the form shows them (error summary order). */
export const REPORT_FIELDS = [
  "townshipCode",
  "villageCode",
  "imposerName",
  "imposerLevel",
  "category",
  "title",
  "description",
  "sinceMonth",
  "hoursPerMonth",
  "listStatus",
  "dutyItemRef",
  "evidence",
  "publishConsent",
  "forwardConsent",
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

const text = (limits: { min: number; max: number }, short: string, long: string) =>
  z
    .string({ message: "report.e.required" })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(1, { message: "report.e.required" })
        .min(limits.min, { message: short })
        .max(limits.max, { message: long })
        .refine(displayable, { message: "report.e.control_chars" }),
    );

/** Missing → "required"; anything outside the list → "choose one of the options". */
const choice = (issue: { input?: unknown }) => (issue.input === undefined ? "report.e.required" : "report.e.choose");

/** A month `YYYY-MM` between 1990-01 and the current month. */
const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "report.e.month_format" })
  .refine((m) => m >= "1990-01" && m <= new Date().toISOString().slice(0, 7), { message: "report.e.month_range" });

/** Duty-list item reference: part and number within the township's current list, e.g. `basic:12`. */
export const DutyItemRef = z.string().regex(/^(basic|assisting|returned):\d{1,4}$/, { message: "report.e.duty_item" });

/** Opaque upload token returned by `POST /api/evidence` (256 bits, base64url). */
export const EvidenceToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: "report.e.evidence_token" });

export const ReportInput = z
  .strictObject({
    townshipCode: z.string({ message: "report.e.township_required" }).regex(/^\d{9}$/, { message: "report.e.township_code" }),
    villageCode: z
      .string()
      .regex(/^\d{12}$/, { message: "report.e.village_code" })
      .optional(),
    imposerName: text(REPORT_LIMITS.imposerName, "report.e.imposer_short", "report.e.imposer_long"),
    imposerLevel: z.enum(ImposerLevel.options, { error: choice }),
    category: z.enum(ReportCategory.options, { error: choice }),
    title: text(REPORT_LIMITS.title, "report.e.title_short", "report.e.title_long"),
    description: text(REPORT_LIMITS.description, "report.e.description_short", "report.e.description_long"),
    sinceMonth: Month.optional(),
    hoursPerMonth: z
      .number({ message: "report.e.hours" })
      .int({ message: "report.e.hours" })
      .min(REPORT_LIMITS.hoursPerMonth.min, { message: "report.e.hours" })
      .max(REPORT_LIMITS.hoursPerMonth.max, { message: "report.e.hours" })
      .optional(),
    listStatus: z.enum(LIST_STATUSES, { error: choice }).default("unknown"),
    dutyItemRef: DutyItemRef.optional(),
    evidence: z.array(EvidenceToken).max(REPORT_LIMITS.evidenceFiles, { message: "report.e.evidence_count" }).default([]),
    publishConsent: z.boolean({ message: "report.e.invalid" }).default(false),
    /** Consent to forwarding to a body that joins later, when the report reached no body (worker/services/forwarding.ts). */
    forwardConsent: z.boolean({ message: "report.e.invalid" }).default(false),
    /**
     * Client-generated random key (≥ 128 random bits: 32–128 base64url characters, at least 8
     * of them different, which a random key meets and "aaaa…" does not; security L2): a double
     * submit of the same key with the same proof of work is one report, and its retry gets the
     * same receipt code back (the code is derived from both).
     */
    idempotencyKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{32,128}$/, { message: "report.e.idempotency_key" })
      .refine((k) => new Set(k).size >= 8, { message: "report.e.idempotency_key" })
      .optional(),
    /** ALTCHA proof-of-work payload (base64 JSON); required on the API, waived for the no-JS form. */
    altcha: z.string().max(4096, { message: "report.e.altcha" }).optional(),
    /** Honeypot: invisible to people, filled by naive bots. Checked by intake, never stored. */
    website: z.string().max(2000).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.villageCode !== undefined && !r.villageCode.startsWith(r.townshipCode)) {
      ctx.addIssue({ code: "custom", path: ["villageCode"], message: "report.e.village_outside" });
    }
    if (r.listStatus === "on_list" && r.dutyItemRef === undefined) {
      ctx.addIssue({ code: "custom", path: ["dutyItemRef"], message: "report.e.duty_item_required" });
    }
    if (r.listStatus !== "on_list" && r.dutyItemRef !== undefined) {
      ctx.addIssue({ code: "custom", path: ["dutyItemRef"], message: "report.e.duty_item_unexpected" });
    }
  });
export type ReportInput = z.infer<typeof ReportInput>;

/** A single field problem: the dotted path (`evidence.2`), a machine code (`report.e.title_long`). */
export interface ReportIssue {
  path: string;
  code: string;
}

/** Maps zod issues to stable message codes (the catalogue has a message for each). */
export function reportIssues(error: z.ZodError): ReportIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".") || "body";
    if (issue.message.startsWith("report.e.")) return { path, code: issue.message };
    if (issue.code === "unrecognized_keys") return { path: issue.keys.join(","), code: "report.e.unknown_field" };
    if (issue.code === "invalid_value") return { path, code: "report.e.choose" };
    if (issue.code === "invalid_type" && issue.input === undefined) return { path, code: "report.e.required" };
    return { path, code: "report.e.invalid" };
  });
}

/**
 * Turns form values (all strings) into an input candidate for `ReportInput`: empty optional
 * fields are absent, numbers are numbers, the consent checkboxes are booleans. Unknown names
 * are kept so the schema reports them.
 */
export function formValuesToInput(values: Record<string, string | string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(values)) {
    const value = Array.isArray(raw) ? raw : raw.trim();
    if (value === "" || (Array.isArray(value) && value.length === 0)) continue;
    if (name === "hoursPerMonth" && typeof value === "string") out[name] = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    else if (name === "publishConsent" || name === "forwardConsent") out[name] = value === "yes" || value === "on" || value === "true";
    else if (name === "evidence") out[name] = Array.isArray(value) ? value : [value];
    else out[name] = value;
  }
  // An item chosen from the township's list (the no-JS list has no second step) says the task is on it.
  if (out.dutyItemRef !== undefined && (out.listStatus === undefined || out.listStatus === "unknown")) out.listStatus = "on_list";
  return out;
}
