/**
 * The 16 burden-report categories of DOMAIN.md. Identifiers are stable (stored in D1,
 * used in URLs and routing rules); their labels and one-line explanations are in the
 * i18n catalogue as `category.<id>.label` and `category.<id>.help`.
 */
import { z } from "zod";

export const REPORT_CATEGORIES = [
  "forms",
  "ledgers",
  "meetings",
  "documents",
  "traces",
  "inspections",
  "signage",
  "apps",
  "certificates",
  "off_list_tasks",
  "pledges_veto",
  "campaigns",
  "mechanisms_posts",
  "secondment",
  "visits",
  "other",
] as const;
export const ReportCategory = z.enum(REPORT_CATEGORIES);
export type ReportCategory = z.infer<typeof ReportCategory>;

/** Levels of the body that imposes a burden (DOMAIN.md "who imposes it"). */
export const IMPOSER_LEVELS = ["township", "county", "prefecture", "province", "central", "unknown"] as const;
export const ImposerLevel = z.enum(IMPOSER_LEVELS);
export type ImposerLevel = z.infer<typeof ImposerLevel>;
