/**
 * The /search/ page (issue 13): the place results, then the section «清单事项和减负措施» (list
 * items and measures), each paged with plain links (works without JavaScript).
 */
import { localePath, translator, formatNumber, type Lang } from "../../../site/i18n/index.ts";
import { MAX_PLACE_RESULTS } from "../../db/places.ts";
import { MAX_CONTENT_RESULTS } from "../../db/content.ts";
import type { ContentResult } from "../../domain/content-search.ts";
import { formatDate } from "../../../site/lib/format.ts";
import { label } from "../../../site/i18n/labels.ts";
import type { SourceDate } from "../../../data/schema/common.ts";
import { MAX_QUERY_CHARS, PAGE_SIZE, type PlaceResult } from "../../domain/place-search.ts";

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
        ? [
            `${r.source}${tr("punct.aside", { text: r.place ?? tr("portal.search.items.national") })}`,
            label(lang, "village_part", r.part ?? ""),
            ...version(r.dated),
          ]
        : [
            r.source,
            r.dateKind && r.dated
              ? tr(r.dateKind === "measure" ? "portal.date.measure" : "portal.date.report", { date: formatDate(r.dated as SourceDate, lang) })
              : tr("portal.date.none"),
          ];
  return parts.filter(Boolean).join(" · ");
}

function ItemResults({ lang, text, placesPage, items }: { lang: Lang; text: string; placesPage: number; items: NonNullable<ViewProps["items"]> }) {
  const tr = translator(lang);
  const self = localePath(lang, "/search/");
  const pages = Math.ceil(items.total / PAGE_SIZE);
  const pageHref = (n: number) =>
    `${self}?q=${encodeURIComponent(text)}${placesPage > 1 ? `&page=${placesPage}` : ""}${n > 1 ? `&ipage=${n}` : ""}#items-heading`;
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
              {r.href ? (
                <a href={r.href} lang="zh-CN">
                  {r.title}
                </a>
              ) : (
                <span lang="zh-CN">{r.title}</span>
              )}
              {r.illustrative && <span class="muted tag"> {tr("portal.search.items.illustrative")}</span>}
              {r.inSummary && <span class="muted tag"> {tr("portal.search.items.in_summary")}</span>}
              <br />
              <span class="muted" lang="zh-CN">
                {contentContext(lang, r)}
              </span>
            </li>
          ))}
        </ol>
      )}
      {pages > 1 && (
        <nav aria-label={tr("portal.search.items.pages")} class="pager">
          {items.page > 1 && (
            <a href={pageHref(items.page - 1)} rel="prev">
              {tr("portal.search.prev")}
            </a>
          )}{" "}
          <span>{tr("portal.search.page_of", { page: items.page, pages })}</span>{" "}
          {items.page < pages && (
            <a href={pageHref(items.page + 1)} rel="next">
              {tr("portal.search.next")}
            </a>
          )}
        </nav>
      )}
    </section>
  );
}

export function SearchPage(p: ViewProps) {
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
        <p class="hint" id="q-hint">
          {tr("portal.search.hint")}
        </p>
        <input id="q" name="q" type="search" value={p.text} aria-describedby="q-hint" lang="zh-CN" maxlength={MAX_QUERY_CHARS} autocomplete="off" />
        <button type="submit">{tr("portal.search.submit")}</button>
      </form>
      {p.message && (
        <p class="notice" role="status">
          {p.message}
        </p>
      )}
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
                      <span lang="zh-CN">{r.name}</span> →{" "}
                      <a href={r.href} lang="zh-CN">
                        {r.township?.name}
                      </a>{" "}
                      <span class="muted" lang="zh-CN">
                        {r.chain}
                      </span>
                    </>
                  ) : (
                    <>
                      <a href={r.href} lang="zh-CN">
                        {r.name}
                      </a>{" "}
                      <span class="muted" lang="zh-CN">
                        {r.chain}
                      </span>
                    </>
                  )}
                  {r.former && <span class="muted"> {tr("portal.search.former")}</span>}
                </li>
              ))}
            </ol>
          )}
          {pages > 1 && (
            <nav aria-label={tr("portal.search.pages")} class="pager">
              {(p.page ?? 1) > 1 && (
                <a href={pageHref((p.page ?? 1) - 1)} rel="prev">
                  {tr("portal.search.prev")}
                </a>
              )}{" "}
              <span>{tr("portal.search.page_of", { page: p.page ?? 1, pages })}</span>{" "}
              {(p.page ?? 1) < pages && (
                <a href={pageHref((p.page ?? 1) + 1)} rel="next">
                  {tr("portal.search.next")}
                </a>
              )}
            </nav>
          )}
        </section>
      )}
      {p.items && <ItemResults lang={p.lang} text={p.text} placesPage={p.page ?? 1} items={p.items} />}
    </article>
  );
}
