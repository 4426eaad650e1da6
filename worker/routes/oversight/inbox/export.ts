/**
 * Exports of the body's reports with the inbox's current filters: CSV (worker/lib/csv.ts) and
 * JSON, the columns and their labels in the export's language.
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
const LABELLED_COLUMNS = {
  category: "category",
  imposer_level: "level",
  list_status: "list_status",
  status: "status",
  outcome: "outcome",
} as const satisfies Partial<Record<(typeof REPORT_EXPORT_COLUMNS)[number], LabelKind>>;
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
