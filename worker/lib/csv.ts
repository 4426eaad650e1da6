/**
 * CSV downloads of the oversight pages (reports, audit log): UTF-8 with a BOM, so Excel opens
 * Chinese text correctly, CRLF line ends, never cached.
 */

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
