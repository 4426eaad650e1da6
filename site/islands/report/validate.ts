/**
 * Live validation for the report island with the worker's own zod schema (data/schema/report.ts).
 * A chunk of its own, loaded when the reader first focuses the form: zod is most of the island's
 * weight, and nothing before the first field needs it.
 */
import { formValuesToInput, ReportInput, reportIssues } from "../../../data/schema/report.ts";

/** The message code of the first problem with `field` in the form's current values, or null. */
export function fieldIssue(form: HTMLFormElement, field: string): string | null {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === "string") values[name] = value;
  const result = ReportInput.safeParse(formValuesToInput(values));
  return result.success ? null : (reportIssues(result.error).find((i) => i.path === field)?.code ?? null);
}
