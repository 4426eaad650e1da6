/**
 * /coverage/pending (issue 12 item 5): how many handed-in lists wait for an editor, per county,
 * rendered by the worker from D1 (the static /coverage/ pages know only data/). The count only:
 * no URL, file, note or day of a contribution is shown before an editor has decided on it.
 */
import { formatNumber, localePath, translator, type Lang } from "../../../site/i18n/index.ts";
import { placeLabel } from "../../../data/schema/division.ts";
import { factory } from "../../env.ts";
import { html } from "../../ui/shell.ts";
import { pendingListsByCounty, type PendingCounty } from "../../db/contributions.ts";

export const coveragePendingRoutes = factory.createApp();

/** Counts change only when someone hands in or an editor decides: an hour of caching is plenty. */
const MAX_AGE_SECONDS = 3600;

function PendingList({ lang, counties }: { lang: Lang; counties: PendingCounty[] }) {
  const tr = translator(lang);
  const total = counties.reduce((sum, c) => sum + c.pending, 0);
  return (
    <article class="coverage-pending">
      <h1>{tr("coverage.pending.title")}</h1>
      <p class="lead">{tr("coverage.pending.intro")}</p>
      {counties.length === 0 ? (
        <p>{tr("coverage.pending.none")}</p>
      ) : (
        <>
          <p>{tr("coverage.pending.total", { count: formatNumber(lang, total), counties: formatNumber(lang, counties.length) })}</p>
          <ul class="pending-counties">
            {counties.map((c) => (
              <li>
                <a href={`/r/${c.code}/`} lang="zh-CN">{placeLabel([...c.chain, c.name], "path")}</a>
                {tr("coverage.pending.count", { count: formatNumber(lang, c.pending) })}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href="/coverage/">{tr("coverage.pending.back")}</a>
      </p>
    </article>
  );
}

coveragePendingRoutes.get("/coverage/pending", async (c) => {
  const lang = c.get("lang");
  const res = await html(c, <PendingList lang={lang} counties={await pendingListsByCounty(c.env.DB)} />, { title: translator(lang)("coverage.pending.title") });
  res.headers.set("cache-control", `public, max-age=${MAX_AGE_SECONDS}`);
  return res;
});
coveragePendingRoutes.get("/coverage/pending/", (c) => c.redirect(localePath(c.get("lang"), "/coverage/pending"), 301));
