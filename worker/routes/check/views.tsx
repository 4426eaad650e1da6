/** The no-JS check result page (hono/jsx escapes every value), filled into the built shell. */
import { localePath, translator, type Lang } from "../../../site/i18n/index.ts";
import type { Burden, Match } from "../../../site/lib/check-matcher.ts";
import { reportHandOff, type KnownForTownship } from "../../../site/lib/check-known.ts";
import { categoryLabel, measurePath } from "../../../site/lib/format.ts";
import type { DutyList } from "../../../data/schema/index.ts";
import type { ReportCategory } from "../../../data/schema/report-category.ts";

export interface Candidate {
  code: string;
  name: string;
  chain: string;
}

interface Props {
  lang: Lang;
  query: string;
  task: string;
  candidates: Candidate[];
  chosen?: Candidate;
  list?: DutyList;
  matches: Match[];
  burden?: Burden;
  /** The task's burden category: the burden it names, else an off-list task. */
  category: ReportCategory;
  /** What is known about a chosen township without a list. */
  known?: KnownForTownship;
  /** The task field was submitted empty. */
  taskMissing: boolean;
}

export function CheckResultPage(props: Props) {
  const { lang, task, chosen, list, matches } = props;
  const tr = translator(lang);
  const findHref = (code: string) => `${localePath(lang, "/check/find")}?township=${code}${task ? `&task=${encodeURIComponent(task)}` : ""}`;
  const reportHref = reportHandOff(localePath(lang, "/report"), { township: chosen?.code, task, category: props.category, offList: matches.length === 0 });
  const burden = props.burden;
  return (
    <article class="check-result">
      <h1>{tr("portal.check.title")}</h1>
      {!chosen && props.candidates.length === 0 && (
        <p class="notice" role="status">
          {props.query ? tr("portal.check.township_none") : tr("portal.check.find_prompt")}
        </p>
      )}
      {!chosen && props.candidates.length > 0 && (
        <section aria-labelledby="candidates-heading">
          <h2 id="candidates-heading">{tr("portal.check.township_pick")}</h2>
          <ul class="candidate-list">
            {props.candidates.map((x) => (
              <li>
                <a href={findHref(x.code)} lang="zh-CN">
                  {x.name}
                </a>{" "}
                <span class="muted" lang="zh-CN">
                  {x.chain}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {chosen && (
        <p>
          {tr("portal.check.for_township")}
          <a href={`/r/${chosen.code}/`} lang="zh-CN">
            <strong>{chosen.name}</strong>
          </a>{" "}
          <span class="muted" lang="zh-CN">
            {chosen.chain}
          </span>
        </p>
      )}
      {chosen && !list && (
        <p class="notice" data-result="no-list">
          {tr("portal.check.township_no_list")}
        </p>
      )}
      {burden && (
        <p class="notice" data-result="burden">
          <span>{tr("portal.check.burden", { word: burden.word, category: categoryLabel(burden.category, lang) })}</span>{" "}
          {list && (
            <a href={reportHandOff(localePath(lang, "/report"), { township: chosen?.code, task, category: burden.category, offList: false })}>
              {tr("portal.check.burden_report")}
            </a>
          )}
        </p>
      )}
      {chosen && props.known && <KnownSection lang={lang} township={chosen.code} category={props.category} known={props.known} reportHref={reportHref} />}
      {list && list.status === "illustrative" && (
        <p class="banner" role="note">
          {tr("portal.check.illustrative")}
        </p>
      )}
      {list && task && matches.length === 0 && (
        <p class="notice" data-result="none">
          {tr("portal.check.nothing")} <a href={reportHref}>{tr("portal.check.report_off_list")}</a>
        </p>
      )}
      {matches.length > 0 && (
        <section aria-labelledby="matches-heading">
          <h2 id="matches-heading">{tr("portal.check.results")}</h2>
          <ul class="check-matches">
            {matches.map((m) => (
              <li data-part={m.part}>
                <strong>{tr(`portal.check.part.${m.part}`)}</strong>：<span lang="zh-CN">{m.item.name}</span>
                {m.item.leadDepartment && (
                  <>
                    <br />
                    {tr("portal.check.lead")}
                    <span lang="zh-CN">{m.item.leadDepartment}</span>
                  </>
                )}
                {m.item.receivingDepartment && (
                  <>
                    <br />
                    {tr("portal.check.receiving")}
                    <span lang="zh-CN">{m.item.receivingDepartment}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
          <p class="muted">
            {tr("portal.check.change")} <a href={reportHref}>{tr("portal.check.report_off_list")}</a>
          </p>
        </section>
      )}
      <form method="get" action={localePath(lang, "/check/find")} class="check-tool">
        <label for="check-township">{tr("portal.check.township_label")}</label>
        <input id="check-township" name="township" type="text" value={chosen?.code ?? props.query} />
        <label for="check-task">{tr("portal.check.task_label")}</label>
        <p class="hint" id="check-task-hint">
          {tr("portal.check.task_hint")}
        </p>
        {props.taskMissing && (
          <p class="field-error" id="check-task-error">
            {tr("portal.check.task_required")}
          </p>
        )}
        <input
          id="check-task"
          name="task"
          type="search"
          value={task}
          aria-describedby={props.taskMissing ? "check-task-hint check-task-error" : "check-task-hint"}
          aria-invalid={props.taskMissing ? "true" : undefined}
        />
        <button type="submit">{tr("portal.check.submit")}</button>
      </form>
    </article>
  );
}

interface KnownProps {
  lang: Lang;
  township: string;
  category: ReportCategory;
  known: KnownForTownship;
  reportHref: string;
}

/** A township without a list: the report link, then the figures, measures, village lists and channels known for it. */
function KnownSection({ lang, township, category, known, reportHref }: KnownProps) {
  const tr = translator(lang);
  const page = `/r/${township}/`;
  return (
    <div class="check-known" data-result="known">
      <p>
        <a class="button" href={reportHref} data-report-link>
          {tr("portal.check.known.report")}
        </a>
      </p>
      <p class="muted">{tr("portal.check.known.report_help")}</p>
      {known.figures.length > 0 && (
        <section aria-labelledby="known-figures-heading">
          <h2 id="known-figures-heading">{tr("portal.check.known.figures")}</h2>
          {known.figures.map((f) => (
            <div class="reported-figures">
              {f.area === "CN" && <p>{tr("portal.figures.national.intro")}</p>}
              <p lang="zh-CN">
                {tr("portal.figures.intro", { subject: f.subject })}
                {f.aggregate !== "single" && tr("punct.aside", { text: tr(`portal.figures.${f.aggregate}`) })}
              </p>
              {f.figures.length > 0 ? (
                <ul lang="zh-CN">
                  {f.figures.map((x) => (
                    <li>
                      {x.label}：{x.value} {x.unit}
                    </li>
                  ))}
                </ul>
              ) : (
                <p lang="zh-CN">{f.summary}</p>
              )}
              <p class="muted">
                {tr("portal.figures.source")}
                <span lang="zh-CN">
                  {f.source.url ? (
                    <a href={f.source.url} rel="noopener">
                      {f.source.title ?? f.source.publisher}
                    </a>
                  ) : (
                    (f.source.title ?? f.source.publisher)
                  )}
                  {f.source.title && `，${f.source.publisher}`}
                </span>
                {f.source.repostOf !== undefined && (
                  <>
                    ，
                    <strong class="repost-label">
                      {tr("portal.source.repost", { publisher: f.source.repostOf ?? tr("portal.source.publisher_unknown") })}
                    </strong>
                  </>
                )}
              </p>
            </div>
          ))}
        </section>
      )}
      <section aria-labelledby="known-measures-heading">
        <h2 id="known-measures-heading">{tr("portal.check.known.measures", { category: categoryLabel(category, lang) })}</h2>
        {known.measures.length === 0 ? (
          <p>{tr("portal.check.known.measures_none", { category: categoryLabel(category, lang) })}</p>
        ) : (
          <ul class="measure-list">
            {known.measures.map((m) => (
              <li lang="zh-CN">
                <a href={measurePath(m.id)}>{m.title}</a>{" "}
                <span class="muted">
                  （{m.issuer}，{m.date}
                  {m.illustrative ? `，${tr("portal.illustrative.short")}` : ""}）
                </span>
              </li>
            ))}
          </ul>
        )}
        {known.measuresAll > 0 && (
          <p>
            <a href={`${page}#measures-heading`}>{tr("portal.check.known.measures_all", { n: known.measuresAll })}</a>
          </p>
        )}
      </section>
      {known.villageLists.length > 0 && (
        <section aria-labelledby="known-village-lists-heading">
          <h2 id="known-village-lists-heading">{tr("portal.check.known.village_lists")}</h2>
          <ul>
            {known.villageLists.map((v) => (
              <li lang="zh-CN">
                {v.title}（{[v.issuer, v.version].filter(Boolean).join(" ")}）{v.illustrative ? `，${tr("portal.illustrative.short")}` : ""}
              </li>
            ))}
          </ul>
          <p>
            <a href={`${page}#village-lists-heading`}>{tr("portal.check.known.village_lists_link")}</a>
          </p>
        </section>
      )}
      <section aria-labelledby="known-channels-heading">
        <h2 id="known-channels-heading">{tr("portal.check.known.channels")}</h2>
        <ul class="channel-list">
          {!known.channels.some((ch) => ch.kind === "12388") && (
            <li>
              <strong>{tr("portal.channels.12388.name")}</strong>：{tr("portal.channels.12388.how")}{" "}
              <a href="https://www.12388.gov.cn/" rel="noopener">
                www.12388.gov.cn
              </a>
            </li>
          )}
          {known.channels.map((ch) => (
            <li lang="zh-CN">
              <strong>
                {ch.url ? (
                  <a href={ch.url} rel="noopener">
                    {ch.name}
                  </a>
                ) : (
                  ch.name
                )}
              </strong>
              （{ch.operator}）：{ch.howTo}
              {ch.phone && (
                <>
                  {" "}
                  {tr("portal.channels.phone")}
                  {ch.phone}
                </>
              )}
              <br />
              <span class="muted">{ch.scope}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
