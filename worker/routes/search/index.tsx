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
import { localePath, translator, formatNumber, type Lang } from "../../../site/i18n/index.ts";
import { DIVISION_LEVELS, textKey, type DivisionLevel } from "../../../data/schema/division.ts";
import { searchPlaces, MAX_PLACE_RESULTS } from "../../db/places.ts";
import { searchContent, MAX_CONTENT_RESULTS } from "../../db/content.ts";
import { contentResult, type ContentResult } from "../../domain/content-search.ts";
import { formatDate } from "../../../site/lib/format.ts";
import { label } from "../../../site/i18n/labels.ts";
import type { SourceDate } from "../../../data/schema/common.ts";
import { MAX_PAGE_SIZE, MAX_QUERY_CHARS, PAGE_SIZE, parseQuery, placeResult, type PlaceResult, type QueryProblem } from "../../domain/place-search.ts";

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
  items?: { total: number; capped: boolean; page: number; results: ContentResult[] };
}

/** What a list item or measure result says besides its title: where it belongs, and its date or version. */
function contentContext(lang: Lang, r: ContentResult): string {
  const tr = translator(lang);
  const version = (v: string | null) => (v === null || v === "unknown" ? [] : [tr("portal.search.items.version", { version: v })]);
  const parts =
    r.kind === "duty_item"
      ? [r.place ?? "", label(lang, "duty_part", r.part ?? ""), ...version(r.dated)]
      : r.kind === "village_item"
        ? [`${r.source}（${r.place ?? tr("portal.search.items.national")}）`, label(lang, "village_part", r.part ?? ""), ...version(r.dated)]
        : [r.source, r.dateKind && r.dated ? tr(r.dateKind === "measure" ? "portal.date.measure" : "portal.date.report", { date: formatDate(r.dated as SourceDate, lang) }) : tr("portal.date.none")];
  return parts.filter(Boolean).join(" · ");
}

function ItemResults({ lang, text, placesPage, items }: { lang: Lang; text: string; placesPage: number; items: NonNullable<ViewProps["items"]> }) {
  const tr = translator(lang);
  const self = localePath(lang, "/search/");
  const pages = Math.ceil(items.total / PAGE_SIZE);
  const pageHref = (n: number) => `${self}?q=${encodeURIComponent(text)}${placesPage > 1 ? `&page=${placesPage}` : ""}${n > 1 ? `&ipage=${n}` : ""}#items-heading`;
  return (
    <section aria-labelledby="items-heading" class="search-results item-results">
      <h2 id="items-heading">{tr("portal.search.items.heading")}</h2>
      <p role="status">
        {items.total === 0
          ? tr("portal.search.items.none")
          : items.capped
            ? tr("portal.search.items.capped", { n: formatNumber(lang, MAX_CONTENT_RESULTS) })
            : tr("portal.search.items.count", { n: formatNumber(lang, items.total) })}
      </p>
      {items.results.length > 0 && (
        <ol class="result-list" start={(items.page - 1) * PAGE_SIZE + 1}>
          {items.results.map((r) => (
            <li data-id={r.id} data-kind={r.kind}>
              <span class="muted">{label(lang, "content_kind", r.kind)}</span>{" "}
              {r.href ? <a href={r.href} lang="zh-CN">{r.title}</a> : <span lang="zh-CN">{r.title}</span>}
              {r.illustrative && <span class="muted tag"> {tr("portal.search.items.illustrative")}</span>}
              {r.inSummary && <span class="muted tag"> {tr("portal.search.items.in_summary")}</span>}
              <br />
              <span class="muted" lang="zh-CN">{contentContext(lang, r)}</span>
            </li>
          ))}
        </ol>
      )}
      {pages > 1 && (
        <nav aria-label={tr("portal.search.items.pages")} class="pager">
          {items.page > 1 && <a href={pageHref(items.page - 1)} rel="prev">{tr("portal.search.prev")}</a>}{" "}
          <span>{tr("portal.search.page_of", { page: items.page, pages })}</span>{" "}
          {items.page < pages && <a href={pageHref(items.page + 1)} rel="next">{tr("portal.search.next")}</a>}
        </nav>
      )}
    </section>
  );
}

function SearchPage(p: ViewProps) {
  const tr = translator(p.lang);
  const self = localePath(p.lang, "/search/");
  const pages = p.total ? Math.ceil(p.total / PAGE_SIZE) : 0;
  const itemsPage = p.items && p.items.page > 1 ? `&ipage=${p.items.page}` : "";
  const pageHref = (n: number) => `${self}?q=${encodeURIComponent(p.text)}${n > 1 ? `&page=${n}` : ""}${itemsPage}`;
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
      {p.items && <ItemResults lang={p.lang} text={p.text} placesPage={p.page ?? 1} items={p.items} />}
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
    return html(c, <SearchPage lang={lang} text={parsed.text} message={message} />, { title, status: parsed.problem === "too_long" ? 400 : 200, variant: "search" });
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
