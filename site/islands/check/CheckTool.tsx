/**
 * "Is this my township's job?" island. Server-rendered as a plain GET form to /check/find
 * (the worker answers it without JavaScript); with JavaScript it fetches the county's JSON
 * once (/data/county/<code>.json) and matches as the user types, with the same matcher as
 * the worker (site/lib/check-matcher.ts). For a township without a list it fetches its
 * province's /check/known/<pp>.json and shows what is known, as the worker does.
 */
import { createResource, createSignal, For, onMount, Show } from "solid-js";
import { placeLabel } from "../../../data/schema/division.ts";
import { fill } from "../../i18n/fill.ts";
import { knownFor, knownPath, reportHandOff, type KnownData } from "../../lib/check-known.ts";
import { burdenIn, matchTask, type Match } from "../../lib/check-matcher.ts";
import type { CheckStrings } from "../../lib/check-strings.ts";
import type { CountyData } from "../../lib/open-data.ts";

interface Props {
  /** Preset township (on its own page); otherwise the user picks one first. */
  township?: string;
  townshipName?: string;
  strings: CheckStrings;
  /** The pages it links to, in the page's language (localePath). */
  paths: { find: string; report: string };
}

interface Candidate {
  code: string;
  name: string;
  chain: string;
}

const countyCache = new Map<string, Promise<CountyData>>();
function loadCounty(code: string): Promise<CountyData> {
  const county = code.slice(0, 6);
  let p = countyCache.get(county);
  if (!p) {
    p = fetch(`/data/county/${county}.json`).then((r) => (r.ok ? (r.json() as Promise<CountyData>) : Promise.reject(new Error(String(r.status)))));
    countyCache.set(county, p);
  }
  return p;
}

const knownCache = new Map<string, Promise<KnownData>>();
function loadKnown(township: string): Promise<KnownData> {
  const path = knownPath(township);
  let p = knownCache.get(path);
  if (!p) {
    p = fetch(path).then((r) => (r.ok ? (r.json() as Promise<KnownData>) : Promise.reject(new Error(String(r.status)))));
    knownCache.set(path, p);
  }
  return p;
}

export default function CheckTool(props: Props) {
  const s = props.strings;
  const [township, setTownship] = createSignal<Candidate | undefined>(
    props.township ? { code: props.township, name: props.townshipName ?? "", chain: "" } : undefined,
  );
  const [candidates, setCandidates] = createSignal<Candidate[] | undefined>();
  const [task, setTask] = createSignal("");
  // Fetch only in the browser: the server render is the plain no-JS form.
  const [mounted, setMounted] = createSignal(false);
  let taskInput: HTMLInputElement | undefined;
  let townshipInput: HTMLInputElement | undefined;
  onMount(() => {
    setMounted(true);
    // Keep what was typed before the island hydrated.
    if (taskInput?.value) setTask(taskInput.value);
    if (townshipInput?.value && !props.township) void findTownship(townshipInput.value);
  });
  const [list] = createResource(
    () => (mounted() ? township()?.code : undefined),
    async (code) => (await loadCounty(code)).townships.find((t) => t.code === code),
  );
  const matches = (): Match[] => {
    const entry = list();
    return entry?.list && task().trim() ? matchTask(entry.list, task()) : [];
  };
  const [taskMissing, setTaskMissing] = createSignal(false);
  const burden = () => (task().trim() ? burdenIn(task()) : undefined);
  const category = () => burden()?.category ?? "off_list_tasks";
  // Only for a township whose list is known to be missing.
  const [knownFile] = createResource(
    () => (list() && !list()!.list ? township()?.code : undefined),
    (code) => loadKnown(code),
  );
  const known = () => {
    const file = knownFile();
    const code = township()?.code;
    return file && code && task().trim() ? knownFor(file, code, category()) : undefined;
  };

  async function findTownship(name: string) {
    // A 9-digit code (the hint offers it) is looked up in its county's file: /api/search takes names only.
    const code = name.trim();
    if (/^\d{9}$/.test(code)) {
      const county = await loadCounty(code).catch(() => undefined);
      const found = county?.townships.find((t) => t.code === code);
      const townships = found && county ? [{ code, name: found.name, chain: placeLabel([...county.county.chain, found.name], "chain") }] : [];
      setCandidates(townships);
      if (townships.length === 1) setTownship(townships[0]);
      return;
    }
    const res = await fetch(`/api/search?levels=township,village&q=${encodeURIComponent(name)}`);
    const body = res.ok ? ((await res.json()) as { results: { township: { code: string; name: string } | null; chain: string }[] }) : { results: [] };
    // A village stands for its township; several villages of one township count once.
    const seen = new Map<string, Candidate>();
    for (const r of body.results)
      if (r.township && !seen.has(r.township.code)) seen.set(r.township.code, { code: r.township.code, name: r.township.name, chain: r.chain });
    const townships = [...seen.values()];
    setCandidates(townships);
    if (townships.length === 1) setTownship(townships[0]);
  }

  const reportPath = props.paths.report;
  const reportHref = () =>
    reportHandOff(reportPath, { township: township()?.code, task: task().trim(), category: category(), offList: matches().length === 0 });

  return (
    <form method="get" action={props.paths.find} class="check-tool" onSubmit={(e) => e.preventDefault()}>
      <Show when={!props.township} fallback={<input type="hidden" name="township" value={props.township} />}>
        <label for="check-township">{s.township_label}</label>
        <p class="hint" id="check-township-hint">
          {s.township_hint}
        </p>
        <input
          ref={townshipInput}
          id="check-township"
          name="township"
          type="text"
          autocomplete="off"
          aria-describedby="check-township-hint"
          onChange={(e) => void findTownship(e.currentTarget.value)}
        />
        <Show when={candidates()}>
          {(found) => (
            <Show when={found().length > 0} fallback={<p role="status">{s.township_none}</p>}>
              <fieldset class="candidates">
                <legend>{s.township_pick}</legend>
                <For each={found()}>
                  {(c) => (
                    <label class="choice">
                      <input type="radio" name="pick" value={c.code} checked={township()?.code === c.code} onChange={() => setTownship(c)} />
                      {c.name} <span class="muted">{c.chain}</span>
                    </label>
                  )}
                </For>
              </fieldset>
            </Show>
          )}
        </Show>
      </Show>
      <label for="check-task">{s.task_label}</label>
      <p class="hint" id="check-task-hint">
        {s.task_hint}
      </p>
      <Show when={taskMissing()}>
        <p class="field-error" id="check-task-error">
          {s.task_required}
        </p>
      </Show>
      <input
        ref={taskInput}
        id="check-task"
        name="task"
        type="search"
        autocomplete="off"
        aria-describedby={taskMissing() ? "check-task-hint check-task-error" : "check-task-hint"}
        aria-invalid={taskMissing() ? "true" : undefined}
        onInput={(e) => {
          setTask(e.currentTarget.value);
          if (e.currentTarget.value.trim()) setTaskMissing(false);
        }}
      />
      <button
        type="submit"
        formnovalidate
        onClick={(e) => {
          // An empty task is an error here as on the server (UX 14).
          if (!task().trim()) {
            e.preventDefault();
            setTaskMissing(true);
            taskInput?.focus();
            return;
          }
          // Without a township picked by script, let the worker answer (same as without JS).
          if (!list()) (e.currentTarget.form as HTMLFormElement).submit();
        }}
      >
        {s.submit}
      </button>
      <div aria-live="polite" class="check-results">
        <Show when={township() && list.loading}>
          <p>{s.loading}</p>
        </Show>
        <Show when={list.error}>
          <p>{s.load_failed}</p>
        </Show>
        <Show when={township() && list() && !list()!.list}>
          <p class="notice" data-result="no-list">
            {s.township_no_list}
          </p>
        </Show>
        <Show when={burden()}>
          {(b) => (
            <p class="notice" data-result="burden">
              {fill(s.burden, { word: b().word, category: s.categories[b().category] })}{" "}
              <Show when={list()?.list}>
                <a href={reportHandOff(reportPath, { township: township()?.code, task: task().trim(), category: b().category, offList: false })}>
                  {s.burden_report}
                </a>
              </Show>
            </p>
          )}
        </Show>
        <Show when={known()}>{(k) => <Known strings={s} known={k()} township={township()!.code} category={category()} reportHref={reportHref()} />}</Show>
        <Show when={list()?.list && task().trim()}>
          <Show
            when={matches().length > 0}
            fallback={
              <p data-result="none">
                {s.nothing} <a href={reportHref()}>{s.report_off_list}</a>
              </p>
            }
          >
            <h3>{s.results}</h3>
            <Show when={list()?.list?.status === "illustrative"}>
              <p class="muted">{s.illustrative}</p>
            </Show>
            <ul class="check-matches">
              <For each={matches()}>
                {(m) => (
                  <li data-part={m.part}>
                    <strong>{s[`part.${m.part}`]}</strong>：{m.item.name}
                    <Show when={m.item.leadDepartment}>
                      <br />
                      {s.lead}
                      {m.item.leadDepartment}
                    </Show>
                    <Show when={m.item.receivingDepartment}>
                      <br />
                      {s.receiving}
                      {m.item.receivingDepartment}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <p class="muted">
              {s.change} <a href={reportHref()}>{s.report_off_list}</a>
            </p>
          </Show>
        </Show>
      </div>
    </form>
  );
}

interface KnownProps {
  strings: CheckStrings;
  known: ReturnType<typeof knownFor>;
  township: string;
  category: keyof CheckStrings["categories"];
  reportHref: string;
}

/** What is known for a township without a list: the same sections as the worker's answer (worker/routes/check/views.tsx). */
function Known(props: KnownProps) {
  const s = props.strings;
  const page = () => `/r/${props.township}/`;
  const label = () => s.categories[props.category];
  return (
    <div class="check-known" data-result="known">
      <p>
        <a class="button" href={props.reportHref} data-report-link>
          {s["known.report"]}
        </a>
      </p>
      <p class="muted">{s["known.report_help"]}</p>
      <Show when={props.known.figures.length > 0}>
        <h3>{s["known.figures"]}</h3>
        <For each={props.known.figures}>
          {(f) => (
            <div class="reported-figures">
              <Show when={f.area === "CN"}>
                <p>{s.nationalIntro}</p>
              </Show>
              <p lang="zh-CN">
                {fill(s.figuresIntro, { subject: f.subject })}
                {f.aggregate !== "single" ? `（${f.aggregate === "average" ? s.average : s.total}）` : ""}
              </p>
              <Show when={f.figures.length > 0} fallback={<p lang="zh-CN">{f.summary}</p>}>
                <ul lang="zh-CN">
                  <For each={f.figures}>
                    {(x) => (
                      <li>
                        {x.label}：{x.value} {x.unit}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <p class="muted">
                {s.figuresSource}
                <span lang="zh-CN">
                  {f.source.url ? (
                    <a href={f.source.url} rel="noopener">
                      {f.source.title ?? f.source.publisher}
                    </a>
                  ) : (
                    (f.source.title ?? f.source.publisher)
                  )}
                  {f.source.title ? `，${f.source.publisher}` : ""}
                </span>
                <Show when={f.source.repostOf !== undefined}>
                  ，<strong class="repost-label">{fill(s.repost, { publisher: f.source.repostOf ?? s.publisherUnknown })}</strong>
                </Show>
              </p>
            </div>
          )}
        </For>
      </Show>
      <h3>{fill(s["known.measures"], { category: label() })}</h3>
      <Show when={props.known.measures.length > 0} fallback={<p>{fill(s["known.measures_none"], { category: label() })}</p>}>
        <ul class="measure-list">
          <For each={props.known.measures}>
            {(m) => (
              <li lang="zh-CN">
                <a href={`/measures/${m.id}/`}>{m.title}</a>{" "}
                <span class="muted">
                  （{m.issuer}，{m.date}
                  {m.illustrative ? `，${s.illustrativeShort}` : ""}）
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.known.measuresAll > 0}>
        <p>
          <a href={`${page()}#measures-heading`}>{fill(s["known.measures_all"], { n: props.known.measuresAll })}</a>
        </p>
      </Show>
      <Show when={props.known.villageLists.length > 0}>
        <h3>{s["known.village_lists"]}</h3>
        <ul>
          <For each={props.known.villageLists}>
            {(v) => (
              <li lang="zh-CN">
                {v.title}（{[v.issuer, v.version].filter(Boolean).join(" ")}）{v.illustrative ? `，${s.illustrativeShort}` : ""}
              </li>
            )}
          </For>
        </ul>
        <p>
          <a href={`${page()}#village-lists-heading`}>{s["known.village_lists_link"]}</a>
        </p>
      </Show>
      <h3>{s["known.channels"]}</h3>
      <ul class="channel-list">
        <Show when={!props.known.channels.some((c) => c.kind === "12388")}>
          <li>
            <strong>{s.channel12388}</strong>：{s.channel12388How}{" "}
            <a href="https://www.12388.gov.cn/" rel="noopener">
              www.12388.gov.cn
            </a>
          </li>
        </Show>
        <For each={props.known.channels}>
          {(c) => (
            <li lang="zh-CN">
              <strong>
                {c.url ? (
                  <a href={c.url} rel="noopener">
                    {c.name}
                  </a>
                ) : (
                  c.name
                )}
              </strong>
              （{c.operator}）：{c.howTo}
              <Show when={c.phone}>
                {" "}
                {s.phone}
                {c.phone}
              </Show>
              <br />
              <span class="muted">{c.scope}</span>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
