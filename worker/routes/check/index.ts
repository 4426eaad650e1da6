/**
 * No-JS "is this my township's job?" (issue #4 item 4): GET /check/find?township=…&task=…
 * answers with the matching townships (D1 `divisions`), then, once one township is known,
 * the matches for the task from its county's JSON (the same static file the island fetches,
 * read through ASSETS) with the shared matcher (site/lib/check-matcher.ts).
 * The island's township box searches `GET /api/search` (routes/search/index.tsx), as this page does.
 * For a township without a list it shows what is known instead (site/lib/check-known.ts).
 */
import { factory } from "../../env.ts";
import { t } from "../../../site/i18n/index.ts";
import { burdenIn, matchTask } from "../../../site/lib/check-matcher.ts";
import { knownFor, knownPath, type KnownData } from "../../../site/lib/check-known.ts";
import type { CountyData } from "../../../site/lib/open-data.ts";
import { html } from "../../ui/shell.ts";
import { CheckResultPage, type Candidate } from "./views.tsx";
import { searchPlaces, townshipNames } from "../../db/places.ts";
import { parseQuery, placeResult } from "../../domain/place-search.ts";
import { areaOf, placeLabel } from "../../../data/schema/division.ts";

export const checkRoutes = factory.createApp();

const MAX_CANDIDATES = 30;

/** Townships by code, or by the place search (a village or community stands for its township). */
async function findTownships(db: D1Database, query: string): Promise<Candidate[]> {
  if (/^\d{9}$/.test(query.trim())) {
    const names = await townshipNames(db, query.trim());
    if (names) return [{ code: query.trim(), name: names.at(-1)!, chain: placeLabel(names, "chain") }];
  }
  const parsed = parseQuery(query);
  if ("problem" in parsed) return [];
  const { results } = await searchPlaces(db, parsed.key, { offset: 0, limit: MAX_CANDIDATES, levels: ["township", "village"] });
  const seen = new Map<string, Candidate>();
  for (const r of results.map(placeResult))
    if (r.township && !seen.has(r.township.code)) seen.set(r.township.code, { code: r.township.code, name: r.township.name, chain: r.chain });
  return [...seen.values()];
}

/** A built JSON file of the site, or undefined when it is not there. */
async function asset<T>(assets: Fetcher, base: string, path: string): Promise<T | undefined> {
  const res = await assets.fetch(new Request(new URL(path, base)));
  return res.ok ? ((await res.json()) as T) : undefined;
}

checkRoutes.get("/check/find", async (c) => {
  const lang = c.get("lang");
  const township = c.req.query("township")?.trim() ?? "";
  const taskParam = c.req.query("task");
  const task = (taskParam ?? "").trim().slice(0, 200);
  const candidates = await findTownships(c.env.DB, township);

  // One township when the code was given or only one name matched.
  const chosen = candidates.length === 1 ? candidates[0] : candidates.find((x) => x.code === township);
  const county = chosen && (await asset<CountyData>(c.env.ASSETS, c.req.url, `/data/county/${areaOf(chosen.code, "county")}.json`));
  const entry = chosen && county?.townships.find((x) => x.code === chosen.code);
  const list = entry?.list ?? undefined;
  const matches = list && task ? matchTask(list, task) : [];
  const burden = task ? burdenIn(task) : undefined;
  const category = burden?.category ?? "off_list_tasks";
  const knownFile = chosen && !list && task ? await asset<KnownData>(c.env.ASSETS, c.req.url, knownPath(chosen.code)) : undefined;
  const known = chosen && knownFile ? knownFor(knownFile, chosen.code, category) : undefined;
  // A submitted form with an empty task field is bad input (UX 14); a link without `task` is not.
  const taskMissing = Boolean(chosen) && taskParam !== undefined && !task;
  const status = candidates.length === 0 && township ? 404 : taskMissing ? 400 : 200;
  return html(c, CheckResultPage({ lang, query: township, task, candidates, chosen, list, matches, burden, category, known, taskMissing }), {
    title: t(lang, "portal.check.title"),
    status,
  });
});
