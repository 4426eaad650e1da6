/** The no-JS check result page (hono/jsx escapes every value), filled into the built shell. */
import { localePath, translator, type Lang } from "../../site/i18n/index.ts";
import type { Match } from "../../site/lib/check-matcher.ts";
import type { DutyList } from "../../data/schema/index.ts";

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
}

export function CheckResultPage(props: Props) {
  const { lang, task, chosen, list, matches } = props;
  const tr = translator(lang);
  const findHref = (code: string) => `${localePath(lang, "/check/find")}?township=${code}&task=${encodeURIComponent(task)}`;
  const reportHref = chosen ? `${localePath(lang, "/report")}?township=${chosen.code}&category=off_list_tasks&task=${encodeURIComponent(task)}` : localePath(lang, "/report");
  return (
    <article class="check-result">
      <h1>{tr("portal.check.title")}</h1>
      {!chosen && props.candidates.length === 0 && <p class="notice" role="status">{props.query ? tr("portal.check.township_none") : tr("portal.check.find_prompt")}</p>}
      {!chosen && props.candidates.length > 0 && (
        <section aria-labelledby="candidates-heading">
          <h2 id="candidates-heading">{tr("portal.check.township_pick")}</h2>
          <ul class="candidate-list">
            {props.candidates.map((x) => (
              <li>
                <a href={findHref(x.code)} lang="zh-CN">{x.name}</a> <span class="muted" lang="zh-CN">{x.chain}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {chosen && (
        <p>
          {tr("portal.check.for_township")}<a href={`/r/${chosen.code}/`} lang="zh-CN"><strong>{chosen.name}</strong></a> <span class="muted" lang="zh-CN">{chosen.chain}</span>
        </p>
      )}
      {chosen && !list && <p class="notice">{tr("portal.check.township_no_list")}</p>}
      {list && list.status === "illustrative" && <p class="banner" role="note">{tr("portal.check.illustrative")}</p>}
      {list && task && matches.length === 0 && (
        <p class="notice" data-result="none">{tr("portal.check.nothing")} <a href={reportHref}>{tr("portal.check.report_off_list")}</a></p>
      )}
      {matches.length > 0 && (
        <section aria-labelledby="matches-heading">
          <h2 id="matches-heading">{tr("portal.check.results")}</h2>
          <ul class="check-matches">
            {matches.map((m) => (
              <li data-part={m.part}>
                <strong>{tr(`portal.check.part.${m.part}`)}</strong>：<span lang="zh-CN">{m.item.name}</span>
                {m.item.leadDepartment && <><br />{tr("portal.check.lead")}<span lang="zh-CN">{m.item.leadDepartment}</span></>}
                {m.item.receivingDepartment && <><br />{tr("portal.check.receiving")}<span lang="zh-CN">{m.item.receivingDepartment}</span></>}
              </li>
            ))}
          </ul>
          <p class="muted">{tr("portal.check.change")} <a href={reportHref}>{tr("portal.check.report_off_list")}</a></p>
        </section>
      )}
      <form method="get" action={localePath(lang, "/check/find")} class="check-tool">
        <label for="check-township">{tr("portal.check.township_label")}</label>
        <input id="check-township" name="township" type="text" value={chosen?.code ?? props.query} />
        <label for="check-task">{tr("portal.check.task_label")}</label>
        <p class="hint" id="check-task-hint">{tr("portal.check.task_hint")}</p>
        <input id="check-task" name="task" type="search" value={task} aria-describedby="check-task-hint" />
        <button type="submit">{tr("portal.check.submit")}</button>
      </form>
    </article>
  );
}
