/** The /stats page: the same figures as /api/stats, as tables with denominators. */
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { translator } from "../../site/i18n/index.ts";
import { renderShell } from "../ui/shell.ts";
import { UNASSIGNED, type Rate, type UnitFigures } from "../domain/stats.ts";
import type { PublishedTable } from "../domain/suppression.ts";
import type { StatsWithNames } from "./stats-data.ts";
import { Table } from "./oversight/ui.tsx";

type T = ReturnType<typeof translator>;

const RateCell = ({ rate, t }: { rate: Rate; t: T }) => (
  <td>{rate.denominator === 0 ? "—" : t("stats.rate", { pct: Math.round((100 * rate.numerator) / rate.denominator), n: rate.numerator, d: rate.denominator })}</td>
);

function UnitTable({ id, caption, units, label, t }: { id: string; caption: string; units: UnitFigures[]; label: (key: string) => string; t: T }) {
  return (
    <Table id={id} caption={caption} headers={["unit", "received", "ack_in_time", "median_days", "substantiated", "resolved", "reopened", "rating"].map((k) => t(`stats.col.${k}`))}>
          {units.map((u) => (
            <tr>
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

function CountTable({ id, caption, table, label, t }: { id: string; caption: string; table: PublishedTable; label: (key: string) => string; t: T }) {
  return (
    <Table id={id} caption={caption} headers={[t("stats.col.unit"), t("stats.col.received")]}>
          {table.cells.map((cell) => (
            <tr>
              <th scope="row">{label(cell.key)}</th>
              <td>{cell.count ?? t("stats.suppressed")}</td>
            </tr>
          ))}
    </Table>
  );
}

export async function statsPage(c: Context<AppEnv>, stats: StatsWithNames): Promise<Response> {
  const t = translator(c.get("lang"));
  const body = (
    <div class="stats">
      <h1>{t("stats.title")}</h1>
      <p class="lead">{t("stats.lead", { min: stats.minCell, rated: stats.minRated })}</p>
      <p>
        {t("stats.total")}: {stats.total ?? t("stats.suppressed")} · <a href={`${c.get("lang") === "en" ? "/en" : ""}/api/stats`}>JSON</a>
      </p>
      <h2>{t("stats.by_body")}</h2>
      <UnitTable id="by-body" caption={t("stats.by_body")} units={stats.byBody} label={(k) => (k === UNASSIGNED ? t("stats.unassigned") : (stats.bodyNames[k] ?? k))} t={t} />
      <h2>{t("stats.by_area")}</h2>
      <UnitTable id="by-area" caption={t("stats.by_area")} units={stats.byArea} label={(k) => k} t={t} />
      <h2>{t("stats.by_category")}</h2>
      <CountTable id="by-category" caption={t("stats.by_category")} table={stats.byCategory} label={(k) => t(`triage.category.${k}`)} t={t} />
      <h2>{t("stats.by_month")}</h2>
      <CountTable id="by-month" caption={t("stats.by_month")} table={stats.byMonth} label={(k) => k} t={t} />
      <p class="muted">{t("stats.notes")}</p>
    </div>
  );
  const res = await renderShell(c, { title: t("stats.title"), body: String(body) });
  res.headers.set("cache-control", "public, max-age=600");
  return res;
}
