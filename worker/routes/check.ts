/**
 * No-JS "is this my township's job?" (issue #4 item 4): GET /check/find?township=…&task=…
 * answers with the matching townships (D1 `divisions`), then, once one township is known,
 * the matches for the task from its county's JSON (the same static file the island fetches,
 * read through ASSETS) with the shared matcher (site/lib/check-matcher.ts).
 * The island's township box searches `GET /api/search` (routes/search.tsx), as this page does.
 */
import { factory } from "../env.ts";
import { t } from "../../site/i18n/index.ts";
import { matchTask } from "../../site/lib/check-matcher.ts";
import type { CountyData } from "../../site/lib/open-data.ts";
import { renderShell } from "../ui/shell.ts";
import { CheckResultPage, type Candidate } from "./check-view.tsx";
import { searchPlaces } from "../db/places.ts";
import { parseQuery, placeResult } from "../domain/place-search.ts";
import { placeLabel } from "../../data/schema/division.ts";

export const checkRoutes = factory.createApp();

const MAX_CANDIDATES = 30;

/** Townships by code, or by the place search (a village or community stands for its township). */
async function findTownships(db: D1Database, query: string): Promise<Candidate[]> {
  if (/^\d{9}$/.test(query.trim())) {
    const found = await searchByCode(db, query.trim());
    if (found) return [found];
  }
  const parsed = parseQuery(query);
  if ("problem" in parsed) return [];
  const { results } = await searchPlaces(db, parsed.key, { offset: 0, limit: MAX_CANDIDATES, levels: ["township", "village"] });
  const seen = new Map<string, Candidate>();
  for (const r of results.map(placeResult)) if (r.township && !seen.has(r.township.code)) seen.set(r.township.code, { code: r.township.code, name: r.township.name, chain: r.chain });
  return [...seen.values()];
}

/** The township with this code, its chain formatted by placeLabel. */
async function searchByCode(db: D1Database, code: string): Promise<Candidate | null> {
  const r = await db
    .prepare(
      `SELECT t.name, pr.name AS n2, p.name AS n4, c.name AS n6 FROM divisions t
         LEFT JOIN divisions pr ON pr.code = substr(t.code, 1, 2) LEFT JOIN divisions p ON p.code = substr(t.code, 1, 4)
         LEFT JOIN divisions c ON c.code = substr(t.code, 1, 6) WHERE t.code = ?1 AND t.level = 'township'`,
    )
    .bind(code)
    .first<{ name: string; n2: string | null; n4: string | null; n6: string | null }>();
  if (!r) return null;
  const names = [r.n2, r.n4, r.n6].filter((n): n is string => n !== null);
  return { code, name: r.name, chain: placeLabel([...names, r.name], "chain") };
}

checkRoutes.get("/check/find", async (c) => {
  const lang = c.get("lang");
  const township = c.req.query("township")?.trim() ?? "";
  const task = (c.req.query("task") ?? "").trim().slice(0, 200);
  const candidates = await findTownships(c.env.DB, township);

  // One township when the code was given or only one name matched.
  const chosen = candidates.length === 1 ? candidates[0] : candidates.find((x) => x.code === township);
  let county: CountyData | undefined;
  if (chosen) {
    const res = await c.env.ASSETS.fetch(new Request(new URL(`/data/county/${chosen.code.slice(0, 6)}.json`, c.req.url)));
    if (res.ok) county = (await res.json()) as CountyData;
  }
  const entry = chosen && county?.townships.find((x) => x.code === chosen.code);
  const list = entry?.list ?? undefined;
  const matches = list && task ? matchTask(list, task) : [];
  const body = await CheckResultPage({ lang, query: township, task, candidates, chosen, list, matches }).toString();
  return renderShell(c, { title: t(lang, "portal.check.title"), body, status: candidates.length === 0 && township ? 404 : 200 });
});
