/** Divisions for the place search tests, with their place_names and place_ngrams rows made as load:divisions makes them. */
import { env } from "cloudflare:workers";
import { placeNameRow, placeNamesSql, placeNgramsSql } from "../../worker/db/place-rows.ts";

export type DivisionRow = [code: string, name: string, level: string, parent: string | null, type: string];

export async function insertPlaces(rows: DivisionRow[]): Promise<void> {
  await env.DB.batch(
    rows.map((r) => env.DB.prepare("INSERT OR REPLACE INTO divisions (code, name, level, parent_code, type) VALUES (?1, ?2, ?3, ?4, ?5)").bind(...r)),
  );
  const names = placeNamesSql(rows.filter((r) => r[1] !== "市辖区").map(([code, name]) => placeNameRow(code, name)));
  const provinces = [...new Set(rows.map((r) => r[0].slice(0, 2)))];
  await env.DB.batch([...names, ...provinces.map(placeNgramsSql)].map((s) => env.DB.prepare(s)));
}
