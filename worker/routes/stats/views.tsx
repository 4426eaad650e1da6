/** The /stats page: the same figures as /api/stats, as tables with denominators. */
import type { Context } from "hono";
import type { AppEnv } from "../../env.ts";
import { localePath, translator, type Lang } from "../../../site/i18n/index.ts";
import { labeller, type Label } from "../../../site/i18n/labels.ts";
import { shownBodyName } from "../../../site/i18n/body-name.ts";
import { html } from "../../ui/shell.ts";
import { UNASSIGNED, type Rate, type UnitFigures } from "../../domain/stats.ts";
import type { PublishedTable } from "../../domain/suppression.ts";
import type { PublishedSummary } from "../../db/summaries.ts";
import { BELOW_COUNTY, type StatsView } from "./data.ts";
import { Table } from "../../ui/components.tsx";

type T = ReturnType<typeof translator>;

const RateCell = ({ rate, t }: { rate: Rate; t: T }) => (
  <td>
    {rate.denominator === 0 ? "—" : t("stats.rate", { pct: Math.round((100 * rate.numerator) / rate.denominator), n: rate.numerator, d: rate.denominator })}
  </td>
);

function UnitTable({
  id,
  caption,
  first,
  units,
  label,
  t,
  none = "stats.units_none",
}: {
  id: string;
  caption: string;
  first: "body" | "area";
  units: UnitFigures[];
  label: (key: string) => string;
  t: T;
  /** What stands instead of a table without rows. */
  none?: "stats.units_none" | "stats.area_none";
}) {
  if (units.length === 0) return <p>{t(none)}</p>;
  return (
    <Table
      id={id}
      caption={caption}
      hideCaption
      headers={([first, "received", "ack_in_time", "median_days", "substantiated", "resolved", "reopened", "rating"] as const).map((k) => t(`stats.col.${k}`))}
    >
      {units.map((u) => (
        <tr id={`${id}-${u.key}`}>
          <th scope="row">{label(u.key)}</th>
          <td>{u.received ?? t("stats.suppressed")}</td>
          {u.rates ? (
            <>
              <RateCell rate={u.rates.acknowledgedInTime} t={t} />
              <td>{u.rates.medianWorkingDaysToConclusion ?? "—"}</td>
              <RateCell rate={u.rates.substantiated} t={t} />
              <RateCell rate={u.rates.resolved} t={t} />
              <RateCell rate={u.rates.reopened} t={t} />
              <td>{u.rates.rating ? t("stats.rating", { mean: u.rates.rating.mean, n: u.rates.rating.count }) : "—"}</td>
            </>
          ) : (
            <td colspan={6}>{t("stats.too_few")}</td>
          )}
        </tr>
      ))}
    </Table>
  );
}

function CountTable({
  id,
  caption,
  first,
  table,
  label,
  t,
}: {
  id: string;
  caption: string;
  first: "category" | "month";
  table: PublishedTable;
  label: (key: string) => string;
  t: T;
}) {
  if (table.cells.length === 0) return <p>{t("stats.units_none")}</p>;
  return (
    <Table id={id} caption={caption} hideCaption headers={[t(`stats.col.${first}`), t("stats.col.received")]}>
      {table.cells.map((cell) => (
        <tr>
          <th scope="row">{label(cell.key)}</th>
          <td>{cell.count ?? t("stats.suppressed")}</td>
        </tr>
      ))}
    </Table>
  );
}

/**
 * Reports that reached no body, for an area of county level or above (never a township): the
 * area's figure and, when it spans several county-level areas, one row for each.
 */
function Unreached({ stats, areaLabel, areaName, lang, t }: { stats: StatsView; areaLabel: string; areaName: (key: string) => string; lang: Lang; t: T }) {
  const table = stats.unreachedByArea;
  // The total, or why there is none: no report in the period, too few in all, or a hidden cell.
  const line =
    table.cells.length === 0
      ? t("stats.unreached_none")
      : table.total !== null
        ? stats.area
          ? t("stats.unreached_area", { area: areaLabel, n: table.total })
          : t("stats.unreached_national", { n: table.total })
        : table.cells.every((c) => c.suppressed === "primary")
          ? t("stats.unreached_few", { min: stats.minCell })
          : t("stats.unreached_total_hidden", { min: stats.minCell });
  return (
    <section id="unreached" aria-labelledby="unreached-heading">
      <h2 id="unreached-heading">{t("stats.unreached")}</h2>
      <p>{t("stats.unreached_lead")}</p>
      <p id="unreached-total">{line}</p>
      {table.cells.length > 1 && (
        <Table id="unreached-by-area" caption={t("stats.unreached_by_area")} headers={[t("stats.col.area"), t("stats.col.unreached")]}>
          {table.cells.map((cell) => (
            <tr id={`unreached-${cell.key}`}>
              <th scope="row">{areaName(cell.key)}</th>
              <td>{cell.count ?? t("stats.suppressed")}</td>
            </tr>
          ))}
        </Table>
      )}
      <p>
        {t("stats.unreached_join")}
        <a href={localePath(lang, "/join")}>{t("stats.join_link")}</a>
        {t("stats.sentence_end")}
      </p>
    </section>
  );
}

function Summaries({ summaries, bodyName, t, l }: { summaries: PublishedSummary[]; bodyName: (id: string) => string; t: T; l: Label }) {
  return (
    <section id="summaries" aria-labelledby="summaries-heading">
      <h2 id="summaries-heading">{t("stats.summaries")}</h2>
      <p class="hint">{t("stats.summaries_lead")}</p>
      {summaries.length === 0 ? (
        <p>{t("stats.summaries_none")}</p>
      ) : (
        <ul class="summary-list">
          {summaries.map((s) => (
            <li>
              <p class="muted">
                {t("stats.summary_meta", { body: bodyName(s.body), category: l("category", s.category), outcome: l("outcome", s.outcome), month: s.month })}
              </p>
              <p>{s.text}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export async function statsPage(c: Context<AppEnv>, stats: StatsView): Promise<Response> {
  const lang = c.get("lang");
  const t = translator(lang);
  const l = labeller(lang);
  // A demo body's stored name says so already (worker/db/body-sql.ts storedBodyName), in the page's language here.
  const bodyName = (k: string) => (k === UNASSIGNED ? t("stats.unassigned") : shownBodyName(lang, stats.bodyNames[k] ?? k));
  const areaName = (k: string) => (stats.areaNames[k] ? `${stats.areaNames[k]}${t("punct.aside", { text: k })}` : k);
  const query = new URLSearchParams({ ...(stats.period !== "all" ? { year: stats.period } : {}), ...(stats.area ? { area: stats.area } : {}) }).toString();
  const areaLabel = stats.areaName ? `${stats.areaName}${t("punct.aside", { text: stats.area! })}` : (stats.area ?? "");
  const title = stats.area ? t("stats.area_title", { area: areaLabel }) : t("stats.title");
  const body = (
    <div class="stats">
      <h1>{title}</h1>
      <p class="lead">{t("stats.lead", { min: stats.minCell, rated: stats.minRated })}</p>
      <p>{t("stats.as_of", { day: stats.asOf })}</p>
      {stats.area ? (
        <p>
          {t("stats.area_lead", { area: areaLabel })}
          <a href={localePath(lang, "/stats")}>{t("stats.area_all")}</a>
          {t("stats.sentence_end")}
        </p>
      ) : (
        <p>{t("stats.total_line", { n: stats.total ?? t("stats.suppressed") })}</p>
      )}
      <p>
        {/* The API has no /en copy: the figures are the same in either language. */}
        <a href={`/api/stats${query ? `?${query}` : ""}`}>{t("stats.json")}</a>
      </p>
      <h2>{t("stats.by_body")}</h2>
      <UnitTable
        id="by-body"
        caption={t("stats.by_body")}
        first="body"
        units={stats.byBody}
        label={bodyName}
        t={t}
        none={stats.area ? "stats.area_none" : "stats.units_none"}
      />
      <h2>{t("stats.by_area")}</h2>
      <UnitTable id="by-area" caption={t("stats.by_area")} first="area" units={stats.byArea} label={areaName} t={t} />
      {!(stats.area && BELOW_COUNTY.test(stats.area)) && <Unreached stats={stats} areaLabel={areaLabel} areaName={areaName} lang={lang} t={t} />}
      {!stats.area && (
        <>
          <h2>{t("stats.by_category")}</h2>
          <CountTable id="by-category" caption={t("stats.by_category")} first="category" table={stats.byCategory} label={(k) => l("category", k)} t={t} />
          <h2>{t("stats.by_month")}</h2>
          <CountTable id="by-month" caption={t("stats.by_month")} first="month" table={stats.byMonth} label={(k) => k} t={t} />
        </>
      )}
      <Summaries summaries={stats.summaries} bodyName={bodyName} t={t} l={l} />
      <p class="muted">{t("stats.notes")}</p>
    </div>
  );
  return html(c, body, { title });
}
