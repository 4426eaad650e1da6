/**
 * A value as an SQL literal, for SQL text that runs without bindings (`wrangler d1 execute` from
 * the scripts, the body loader's files): strings quoted with '' escaping, numbers as they are,
 * null and undefined as NULL. Code with a D1 binding binds parameters instead.
 */
export const sql = (value: string | number | null | undefined): string =>
  value == null ? "NULL" : typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`;

/** `statement` with its ?n placeholders replaced by SQL literals, in one pass (a value's own text is never rescanned). */
export const inline = (statement: string, values: readonly (string | number | null)[]) =>
  statement.replace(/\?(\d+)/g, (_, n: string) => sql(values[Number(n) - 1]));
