/**
 * Place search (issue 13): `GET /search/` renders the results on the server inside the page shell
 * (works without JavaScript; site/islands/search/suggest.ts adds type-ahead), `GET /api/search`
 * answers the same search as JSON for the islands (home box, report picker, /check's township
 * box). `GET /api/divisions/search` answers 308 to it for one release. Below the places, the page
 * has a section «清单事项和减负措施» (list items and measures, worker/db/content.ts), which
 * `/api/search?kind=items` answers as JSON.
 */
import type { Context } from "hono";
import { factory, type AppEnv } from "../../env.ts";
import { AppError } from "../../lib/errors.ts";
import { html } from "../../ui/shell.ts";
import { translator, type Lang } from "../../../site/i18n/index.ts";
import { DIVISION_LEVELS, textKey, type DivisionLevel } from "../../../data/schema/division.ts";
import { searchPlaces } from "../../db/places.ts";
import { searchContent } from "../../db/content.ts";
import { contentResult } from "../../domain/content-search.ts";
import { MAX_PAGE_SIZE, MAX_QUERY_CHARS, PAGE_SIZE, parseQuery, placeResult, type QueryProblem } from "../../domain/place-search.ts";
import { SearchPage } from "./views.tsx";

/** The page, mounted at "" and "/en": /search/. */
export const searchRoutes = factory.createApp();
/** The JSON search for the islands, mounted once: /api/search (and its former address). */
export const searchApi = factory.createApp();

const pageNumber = (raw: string | undefined) => Math.max(1, Math.min(1000, Number.parseInt(raw ?? "1", 10) || 1));

function levelsOf(raw: string | undefined): DivisionLevel[] | undefined {
  const levels = (raw ?? "").split(",").filter((l): l is DivisionLevel => (DIVISION_LEVELS as readonly string[]).includes(l));
  return levels.length ? levels : undefined;
}

const problemText = (lang: Lang, problem: QueryProblem) =>
  translator(lang)(problem === "empty" ? "portal.search.empty" : "portal.search.too_long", { max: MAX_QUERY_CHARS });

searchApi.get("/api/search", async (c) => {
  const lang = c.get("lang");
  const parsed = parseQuery(c.req.query("q"));
  if ("problem" in parsed) {
    throw new AppError("validation_failed", { fields: [{ path: "q", code: `search.${parsed.problem}`, message: problemText(lang, parsed.problem) }] });
  }
  const kind = c.req.query("kind") ?? "places";
  if (kind !== "places" && kind !== "items") {
    throw new AppError("validation_failed", { fields: [{ path: "kind", code: "search.kind", message: translator(lang)("portal.search.bad_kind") }] });
  }
  const page = pageNumber(c.req.query("page"));
  const size = Math.max(1, Math.min(MAX_PAGE_SIZE, Number.parseInt(c.req.query("limit") ?? "", 10) || PAGE_SIZE));
  const window = { offset: (page - 1) * size, limit: size };
  c.header("cache-control", "public, max-age=3600");
  if (kind === "items") {
    const found = await searchContent(c.env.DB, textKey(parsed.text), window);
    return c.json({ query: parsed.text, kind, total: found.total, capped: found.capped, page, pageSize: size, results: found.results.map(contentResult) });
  }
  const found = await searchPlaces(c.env.DB, parsed.key, { ...window, levels: levelsOf(c.req.query("levels")) });
  return c.json({ query: parsed.text, kind, total: found.total, capped: found.capped, page, pageSize: size, results: found.results.map(placeResult) });
});

// One release of grace for the former picker endpoint (issue 13): same query, new address.
searchApi.get("/api/divisions/search", (c) => {
  const target = new URLSearchParams({ q: c.req.query("q") ?? "", levels: c.req.query("villages") === "1" ? "township,village" : "township" });
  return c.redirect(`/api/search?${target}`, 308);
});

const searchPage = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  const title = translator(lang)("portal.search.title");
  const raw = c.req.query("q");
  const parsed = parseQuery(raw);
  if ("problem" in parsed) {
    // No query yet is the page's first visit, not an error; an over-long one is.
    const message = raw === undefined ? undefined : problemText(lang, parsed.problem);
    return html(c, <SearchPage lang={lang} text={parsed.text} message={message} />, {
      title,
      status: parsed.problem === "too_long" ? 400 : 200,
      variant: "search",
    });
  }
  const page = pageNumber(c.req.query("page"));
  const itemsPage = pageNumber(c.req.query("ipage"));
  const [found, items] = await Promise.all([
    searchPlaces(c.env.DB, parsed.key, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    searchContent(c.env.DB, textKey(parsed.text), { offset: (itemsPage - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
  ]);
  const view = (
    <SearchPage
      lang={lang}
      text={parsed.text}
      total={found.total}
      capped={found.capped}
      page={page}
      results={found.results.map(placeResult)}
      items={{ total: items.total, capped: items.capped, page: itemsPage, results: items.results.map(contentResult) }}
    />
  );
  return html(c, view, { title: `${parsed.text} · ${title}`, variant: "search" });
};
searchRoutes.get("/search", searchPage);
searchRoutes.get("/search/", searchPage);
