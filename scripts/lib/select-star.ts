/**
 * `SELECT *` (or `SELECT t.*`) from a table, which scripts/check-sql-placement.ts refuses in
 * worker/db/: such a read takes every column the table has or will ever have (a secret added later
 * included) into its row, and the row's type no longer says what is read. `SELECT *` from a
 * subquery or a CTE is fine: its columns are named right there.
 */

/** The tables the migrations create or rename to, lower-cased. */
export function tablesOf(migrations: string[]): Set<string> {
  const created = /\b(?:CREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?|RENAME\s+TO\s+)["`]?(\w+)/gi;
  return new Set(migrations.flatMap((sql) => [...sql.matchAll(created)].map((m) => m[1]!.toLowerCase())));
}

export interface SelectStar {
  file: string;
  line: number;
  table: string;
}

/**
 * Each `SELECT *` or `SELECT t.*` in `files` whose FROM names one of `tables` (the first FROM after
 * the star: `SELECT * FROM (SELECT … FROM t)` reads from its subquery, not from t).
 */
export function selectStars(files: string[], read: (file: string) => string, tables: Set<string>): SelectStar[] {
  const star = /\bSELECT\s+(?:DISTINCT\s+)?(?:\w+\.)?\*[\s\S]*?\bFROM\s+(\(|\w+)/gi;
  return files.flatMap((file) => {
    const text = read(file);
    return [...text.matchAll(star)]
      .filter((m) => tables.has(m[1]!.toLowerCase()))
      .map((m) => ({ file, line: text.slice(0, m.index).split("\n").length, table: m[1]! }));
  });
}
