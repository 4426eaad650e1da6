/**
 * The rows of the place search tables (migrations 0003, 0004) as SQL text, for
 * scripts/load-divisions.ts and the tests (no D1 binding needed: plain SQL).
 */
import { placeKey } from "../../data/schema/division.ts";
import { sql } from "./sql-literal.ts";

/** Bump when placeKey or the row rules change: load:divisions then reloads the search tables. */
export const PLACE_KEY_FORMAT = 1;

/** The place_names rows of a division: its key (NBS committee forms in their spoken form). */
export const placeNameRow = (code: string, name: string, former = false): [key: string, code: string, former: 0 | 1] => [placeKey(name), code, former ? 1 : 0];

/** Statements inserting place_names rows (500 a statement), as SQL text for the loader's files. */
export function placeNamesSql(rows: [string, string, 0 | 1][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map(([key, code, former]) => `(${sql(key)},${sql(code)},${former})`);
    out.push(`INSERT OR IGNORE INTO place_names (key, code, former) VALUES\n${values.join(",\n")};`);
  }
  return out;
}

/**
 * Fills place_ngrams from place_names for the codes under one prefix (a province, so that each
 * statement stays short on a remote D1): every bigram substr(key, i, 2), i = 1 … length − 1.
 * Keys hold letters and digits only (placeKey), so these are exactly keyBigrams(key).
 */
export const placeNgramsSql = (codePrefix: string): string => `INSERT OR IGNORE INTO place_ngrams (gram, code)
  WITH RECURSIVE pos(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM pos WHERE i < 64)
  SELECT substr(p.key, pos.i, 2), p.code FROM place_names p JOIN pos ON pos.i < length(p.key)
   WHERE p.code >= ${sql(codePrefix)} AND p.code < ${sql(codePrefix + ":")};`;
