/** The /coverage/pending page: handed-in lists waiting for an editor, the count per county only. */
import { formatNumber, translator, type Lang } from "../../../site/i18n/index.ts";
import { placeLabel } from "../../../data/schema/division.ts";
import type { PendingCounty } from "../../db/contributions.ts";

export function PendingList({ lang, counties }: { lang: Lang; counties: PendingCounty[] }) {
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
                <a href={`/r/${c.code}/`} lang="zh-CN">
                  {placeLabel([...c.chain, c.name], "path")}
                </a>
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
