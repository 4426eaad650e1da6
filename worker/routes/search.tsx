/**
 * Place search (issue 13): `GET /search/` renders the results on the server inside the page shell
 * (works without JavaScript; site/islands/search/suggest.ts adds type-ahead), `GET /api/search`
 * answers the same search as JSON for the islands (home box, report picker, /check's township
 * box). `GET /api/divisions/search` answers 308 to it for one release.
 */
import type { Context } from "hono";
import { factory, type AppEnv } from "../env.ts";
import { AppError } from "../lib/errors.ts";
import { renderShell } from "../ui/shell.ts";
import { localePath, translator, formatNumber, type Lang } from "../../site/i18n/index.ts";
import { DIVISION_LEVELS, type DivisionLevel } from "../../data/schema/division.ts";
import { searchPlaces, MAX_PLACE_RESULTS } from "../db/places.ts";
import { MAX_PAGE_SIZE, MAX_QUERY_CHARS, PAGE_SIZE, parseQuery, placeResult, type PlaceResult, type QueryProblem } from "../domain/place-search.ts";

export const searchRoutes = factory.createApp();

const pageNumber = (raw: string | undefined) => Math.max(1, Math.min(1000, Number.parseInt(raw ?? "1", 10) || 1));

function levelsOf(raw: string | undefined): DivisionLevel[] | undefined {
  const levels = (raw ?? "").split(",").filter((l): l is DivisionLevel => (DIVISION_LEVELS as readonly string[]).includes(l));
  return levels.length ? levels : undefined;
}

const problemText = (lang: Lang, problem: QueryProblem) =>
  translator(lang)(problem === "empty" ? "portal.search.empty" : "portal.search.too_long", { max: MAX_QUERY_CHARS });

searchRoutes.get("/api/search", async (c) => {
  const lang = c.get("lang");
  const parsed = parseQuery(c.req.query("q"));
  if ("problem" in parsed) {
    throw new AppError("validation_failed", { fields: [{ path: "q", code: `search.${parsed.problem}`, message: problemText(lang, parsed.problem) }] });
  }
  const page = pageNumber(c.req.query("page"));
  const size = Math.max(1, Math.min(MAX_PAGE_SIZE, Number.parseInt(c.req.query("limit") ?? "", 10) || PAGE_SIZE));
  const found = await searchPlaces(c.env.DB, parsed.key, { offset: (page - 1) * size, limit: size, levels: levelsOf(c.req.query("levels")) });
  c.header("cache-control", "public, max-age=3600");
  return c.json({ query: parsed.text, total: found.total, capped: found.capped, page, pageSize: size, results: found.results.map(placeResult) });
});

// One release of grace for the former picker endpoint (issue 13): same query, new address.
searchRoutes.get("/api/divisions/search", (c) => {
  const target = new URLSearchParams({ q: c.req.query("q") ?? "", levels: c.req.query("villages") === "1" ? "township,village" : "township" });
  return c.redirect(`/api/search?${target}`, 308);
});

interface ViewProps {
  lang: Lang;
  text: string;
  message?: string;
  total?: number;
  capped?: boolean;
  page?: number;
  results?: PlaceResult[];
}

function SearchPage(p: ViewProps) {
  const tr = translator(p.lang);
  const self = localePath(p.lang, "/search/");
  const pages = p.total ? Math.ceil(p.total / PAGE_SIZE) : 0;
  const pageHref = (n: number) => `${self}?q=${encodeURIComponent(p.text)}${n > 1 ? `&page=${n}` : ""}`;
  return (
    <article class="place-search">
      <h1>{tr("portal.search.title")}</h1>
      <form method="get" action={self} role="search" class="search-form" data-place-suggest data-suggest-label={tr("portal.search.suggestions")}>
        <label for="q">{tr("portal.search.label")}</label>
        <p class="hint" id="q-hint">{tr("portal.search.hint")}</p>
        <input id="q" name="q" type="search" value={p.text} aria-describedby="q-hint" lang="zh-CN" maxlength={MAX_QUERY_CHARS} autocomplete="off" />
        <button type="submit">{tr("portal.search.submit")}</button>
      </form>
      {p.message && <p class="notice" role="status">{p.message}</p>}
      {p.results && (
        <section aria-labelledby="results-heading" class="search-results">
          <h2 id="results-heading" role="status">
            {p.total === 0
              ? tr("portal.search.none")
              : p.capped
                ? tr("portal.search.capped", { n: formatNumber(p.lang, MAX_PLACE_RESULTS) })
                : tr("portal.search.count", { n: formatNumber(p.lang, p.total ?? 0) })}
          </h2>
          {p.results.length > 0 && (
            <ol class="result-list" start={((p.page ?? 1) - 1) * PAGE_SIZE + 1}>
              {p.results.map((r) => (
                <li data-code={r.code}>
                  {r.level === "village" ? (
                    <>
                      <span lang="zh-CN">{r.name}</span> → <a href={r.href} lang="zh-CN">{r.township?.name}</a>{" "}
                      <span class="muted" lang="zh-CN">{r.chain}</span>
                    </>
                  ) : (
                    <>
                      <a href={r.href} lang="zh-CN">{r.name}</a> <span class="muted" lang="zh-CN">{r.chain}</span>
                    </>
                  )}
                  {r.former && <span class="muted"> {tr("portal.search.former")}</span>}
                </li>
              ))}
            </ol>
          )}
          {pages > 1 && (
            <nav aria-label={tr("portal.search.pages")} class="pager">
              {(p.page ?? 1) > 1 && <a href={pageHref((p.page ?? 1) - 1)} rel="prev">{tr("portal.search.prev")}</a>}{" "}
              <span>{tr("portal.search.page_of", { page: p.page ?? 1, pages })}</span>{" "}
              {(p.page ?? 1) < pages && <a href={pageHref((p.page ?? 1) + 1)} rel="next">{tr("portal.search.next")}</a>}
            </nav>
          )}
        </section>
      )}
    </article>
  );
}

const searchPage = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  const title = translator(lang)("portal.search.title");
  const raw = c.req.query("q");
  const parsed = parseQuery(raw);
  if ("problem" in parsed) {
    // No query yet is the page's first visit, not an error; an over-long one is.
    const message = raw === undefined ? undefined : problemText(lang, parsed.problem);
    const body = await SearchPage({ lang, text: parsed.text, message }).toString();
    return renderShell(c, { title, body, status: parsed.problem === "too_long" ? 400 : 200, variant: "search" });
  }
  const page = pageNumber(c.req.query("page"));
  const found = await searchPlaces(c.env.DB, parsed.key, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  const body = await SearchPage({ lang, text: parsed.text, total: found.total, capped: found.capped, page, results: found.results.map(placeResult) }).toString();
  return renderShell(c, { title: `${parsed.text} · ${title}`, body, variant: "search" });
};
searchRoutes.get("/search", searchPage);
searchRoutes.get("/search/", searchPage);
