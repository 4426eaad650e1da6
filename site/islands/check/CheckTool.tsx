/**
 * "Is this my township's job?" island. Server-rendered as a plain GET form to /check/find
 * (the worker answers it without JavaScript); with JavaScript it fetches the county's JSON
 * once (/data/county/<code>.json) and matches as the user types, with the same matcher as
 * the worker (site/lib/check-matcher.ts).
 */
import { createResource, createSignal, For, onMount, Show } from "solid-js";
import { matchTask, type Match } from "../../lib/check-matcher.ts";
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

export default function CheckTool(props: Props) {
  const s = props.strings;
  const [township, setTownship] = createSignal<Candidate | undefined>(props.township ? { code: props.township, name: props.townshipName ?? "", chain: "" } : undefined);
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

  async function findTownship(name: string) {
    const res = await fetch(`/api/search?levels=township,village&q=${encodeURIComponent(name)}`);
    const body = res.ok ? ((await res.json()) as { results: { township: { code: string; name: string } | null; chain: string }[] }) : { results: [] };
    // A village stands for its township; several villages of one township count once.
    const seen = new Map<string, Candidate>();
    for (const r of body.results) if (r.township && !seen.has(r.township.code)) seen.set(r.township.code, { code: r.township.code, name: r.township.name, chain: r.chain });
    const townships = [...seen.values()];
    setCandidates(townships);
    if (townships.length === 1) setTownship(townships[0]);
  }

  const reportHref = () => `${props.paths.report}?township=${township()?.code ?? ""}&category=off_list_tasks&task=${encodeURIComponent(task())}`;

  return (
    <form method="get" action={props.paths.find} class="check-tool" onSubmit={(e) => e.preventDefault()}>
      <Show
        when={!props.township}
        fallback={<input type="hidden" name="township" value={props.township} />}
      >
        <label for="check-township">{s.township_label}</label>
        <p class="hint" id="check-township-hint">{s.township_hint}</p>
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
      <p class="hint" id="check-task-hint">{s.task_hint}</p>
      <input ref={taskInput} id="check-task" name="task" type="search" autocomplete="off" aria-describedby="check-task-hint" onInput={(e) => setTask(e.currentTarget.value)} />
      <button type="submit" formnovalidate onClick={(e) => {
        // Without a township picked by script, let the worker answer (same as without JS).
        if (!list()) (e.currentTarget.form as HTMLFormElement).submit();
      }}>{s.submit}</button>
      <div aria-live="polite" class="check-results">
        <Show when={township() && list.loading}><p>{s.loading}</p></Show>
        <Show when={list.error}><p>{s.load_failed}</p></Show>
        <Show when={township() && list() && !list()!.list}><p>{s.township_no_list}</p></Show>
        <Show when={list()?.list && task().trim()}>
          <Show
            when={matches().length > 0}
            fallback={<p data-result="none">{s.nothing} <a href={reportHref()}>{s.report_off_list}</a></p>}
          >
            <h3>{s.results}</h3>
            <Show when={list()?.list?.status === "illustrative"}><p class="muted">{s.illustrative}</p></Show>
            <ul class="check-matches">
              <For each={matches()}>
                {(m) => (
                  <li data-part={m.part}>
                    <strong>{s[`part.${m.part}`]}</strong>：{m.item.name}
                    <Show when={m.item.leadDepartment}><br />{s.lead}{m.item.leadDepartment}</Show>
                    <Show when={m.item.receivingDepartment}><br />{s.receiving}{m.item.receivingDepartment}</Show>
                  </li>
                )}
              </For>
            </ul>
            <p class="muted">{s.change} <a href={reportHref()}>{s.report_off_list}</a></p>
          </Show>
        </Show>
      </div>
    </form>
  );
}
