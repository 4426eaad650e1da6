/**
 * Exports of the body's reports with the inbox's current filters: CSV (UTF-8 with a BOM, so
 * Excel opens Chinese text correctly) and JSON; and of the audit log for body admins.
 */
import type { AssignedReport } from "../../../db/oversight.ts";
import type { Lang } from "../../../../site/i18n/index.ts";
import { label, type LabelKind } from "../../../../site/i18n/labels.ts";

export const REPORT_EXPORT_COLUMNS = [
  "id",
  "received_on",
  "township_code",
  "village_code",
  "category",
  "imposer_name",
  "imposer_level",
  "title",
  "description",
  "list_status",
  "duty_item_ref",
  "status",
  "outcome",
  "duplicate_group",
  "reporter_count",
  "transfer_count",
  "first_delivered_on",
  "acknowledged_on",
  "concluded_on",
  "ack_due_on",
  "conclude_due_on",
] as const satisfies readonly (keyof AssignedReport)[];

/** Code columns of the report export that get a `<column>_label` column beside them, in the export's language. */
const LABELLED_COLUMNS = { category: "category", imposer_level: "level", list_status: "list_status", status: "status", outcome: "outcome" } as const satisfies Partial<Record<(typeof REPORT_EXPORT_COLUMNS)[number], LabelKind>>;
type LabelledColumn = keyof typeof LABELLED_COLUMNS;

/** The CSV columns of the report export: every code column, each labelled one followed by its `_label`. */
export const REPORT_CSV_COLUMNS = REPORT_EXPORT_COLUMNS.flatMap((col) => (col in LABELLED_COLUMNS ? [col, `${col}_label` as const] : [col]));

/** A report row with the labels of its codes in `lang` (an empty label for an empty code). */
export function withLabels(lang: Lang, row: AssignedReport): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const [col, kind] of Object.entries(LABELLED_COLUMNS) as [LabelledColumn, LabelKind][]) {
    const code = row[col];
    out[`${col}_label`] = code ? label(lang, kind, String(code)) : "";
  }
  return out;
}

/** The audit log export: codes plus the action's label in the export's language. */
export const AUDIT_CSV_COLUMNS = ["id", "at", "user_id", "display_name", "action", "action_label", "report_id", "detail"] as const;

/** One CSV field (RFC 4180). Cells starting with = + - @ are prefixed with ' so spreadsheets do not run them as formulas. */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV text with a BOM and CRLF line ends. */
export function toCsv<T extends Record<string, unknown>>(columns: readonly (keyof T & string)[], rows: T[]): string {
  const lines = [columns.join(","), ...rows.map((r) => columns.map((col) => csvCell(r[col])).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function downloadHeaders(filename: string, type: string): Record<string, string> {
  return { "content-type": type, "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" };
}
