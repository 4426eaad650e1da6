/**
 * Site search over the Pagefind index (built by scripts/build.ts). Pagefind's own script is
 * loaded at run time from /pagefind/; the index holds names, region chains, village names and
 * duty item names, so results show the chain to tell the many same-named townships apart.
 */
import { createSignal, For, onMount, Show } from "solid-js";

interface Props {
  strings: { searching: string; none: string; count: string; failed: string };
}

interface Result {
  url: string;
  title: string;
  chain: string;
  excerpt: string;
}

interface Pagefind {
  init(): Promise<void>;
  search(q: string): Promise<{ results: { data(): Promise<{ url: string; excerpt: string; meta: Record<string, string> }> }[] }>;
}

export default function SearchResults(props: Props) {
  const [query, setQuery] = createSignal("");
  const [results, setResults] = createSignal<Result[] | undefined>();
  const [total, setTotal] = createSignal(0);
  const [failed, setFailed] = createSignal(false);

  onMount(async () => {
    const q = new URLSearchParams(location.search).get("q")?.trim() ?? "";
    setQuery(q);
    // The static page cannot know the query: show it in the search box again.
    const box = document.getElementById("q") as HTMLInputElement | null;
    if (box && !box.value) box.value = q;
    if (!q) return;
    try {
      const url = "/pagefind/pagefind.js";
      const pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
      await pagefind.init();
      const found = await pagefind.search(q);
      setTotal(found.results.length);
      const page = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
      setResults(page.map((d) => ({ url: d.url, title: d.meta.title ?? d.url, chain: d.meta.chain ?? "", excerpt: d.excerpt })));
    } catch {
      setFailed(true);
    }
  });

  return (
    <div aria-live="polite" class="search-results">
      <Show when={query() && !results() && !failed()}><p>{props.strings.searching}</p></Show>
      <Show when={failed()}><p>{props.strings.failed}</p></Show>
      <Show when={results()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p>{props.strings.none}</p>}>
            <p>{props.strings.count.replace("{n}", String(total()))}</p>
            <ol class="result-list">
              <For each={list()}>
                {(r) => (
                  <li>
                    <a href={r.url}>{r.title}</a> <span class="muted">{r.chain}</span>
                  </li>
                )}
              </For>
            </ol>
          </Show>
        )}
      </Show>
    </div>
  );
}
