/**
 * No-JS "is this my township's job?" (issue #4 item 4): GET /check/find?township=…&task=…
 * answers with the matching townships (D1 `divisions`), then, once one township is known,
 * the matches for the task from its county's JSON (the same static file the island fetches,
 * read through ASSETS) with the shared matcher (site/lib/check-matcher.ts).
 * `format=json` returns the township candidates only, for the island's township picker.
 */
import { factory } from "../env.ts";
import { t } from "../../site/i18n/index.ts";
import { matchTask } from "../../site/lib/check-matcher.ts";
import type { CountyData } from "../../site/lib/open-data.ts";
import { renderShell } from "../ui/shell.ts";
import { CheckResultPage, type Candidate } from "./check-view.tsx";

export const checkRoutes = factory.createApp();

const MAX_CANDIDATES = 30;

/** Townships by code, exact name, village name, or name containing the text (exact first). */
async function findTownships(db: D1Database, query: string): Promise<Candidate[]> {
  const q = query.trim().slice(0, 40);
  if (!q) return [];
  const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const { results } = await db
    .prepare(
      `SELECT t.code, t.name, pr.name AS province, p.name AS prefecture, c.name AS county
         FROM divisions t
         LEFT JOIN divisions pr ON pr.code = substr(t.code, 1, 2)
         LEFT JOIN divisions p ON p.code = substr(t.code, 1, 4)
         LEFT JOIN divisions c ON c.code = substr(t.code, 1, 6)
        WHERE t.level = 'township'
          AND (t.code = ?1 OR t.name = ?1 OR t.name LIKE ?2 ESCAPE '\\'
               OR t.code IN (SELECT parent_code FROM divisions WHERE level = 'village' AND name = ?1))
        ORDER BY (t.code = ?1 OR t.name = ?1) DESC, t.code
        LIMIT ?3`,
    )
    .bind(q, like, MAX_CANDIDATES)
    .all<{ code: string; name: string; province: string | null; prefecture: string | null; county: string | null }>();
  return results.map((r) => ({ code: r.code, name: r.name, chain: [r.province, r.prefecture, r.county].filter(Boolean).join(" › ") }));
}

checkRoutes.get("/check/find", async (c) => {
  const lang = c.get("lang");
  const township = c.req.query("township")?.trim() ?? "";
  const task = (c.req.query("task") ?? "").trim().slice(0, 200);
  const candidates = await findTownships(c.env.DB, township);
  if (c.req.query("format") === "json") return c.json({ townships: candidates });

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
