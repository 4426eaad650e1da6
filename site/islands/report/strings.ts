/**
 * The report island's messages (built by site/lib/report-strings.ts on the server and passed as
 * props). Nothing here imports the catalogue: that is what keeps the island small.
 */
export type ReportStrings = Record<string, string>;

/** `{name}` placeholders filled from `params`, as t() does; an unknown key shows nothing rather than breaking the form. */
export function fill(strings: ReportStrings, key: string, params?: Record<string, string | number>): string {
  const template = strings[key] ?? "";
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
}
