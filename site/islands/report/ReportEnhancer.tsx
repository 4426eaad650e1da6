/**
 * Enhances the plain report form (site/pages/report/_ReportForm.astro) when JavaScript runs;
 * without it the form works as is (STYLE.md §9). It adds, on top of the server-rendered markup:
 *  - a township picker over real division and village names (GET /api/search);
 *  - the help text of the chosen category next to the select;
 *  - live validation with the same zod schema the worker uses (data/schema/report.ts, in the
 *    chunk ./validate.ts loaded on the first focus), writing into the inline error slots the server fills;
 *  - its strings come as props (site/lib/report-strings.ts): the island ships no catalogue;
 *  - the ALTCHA proof of work (solved here, sent in the hidden `altcha` field) and an
 *    idempotency key, so a double submit is one report.
 *  - the duty-list hint: the title is matched against the township's current list (the
 *    portal's per-county JSON /data/county/<code>.json and site/lib/check-matcher.ts, the same
 *    matcher as the "is this my job?" tool); one click links the report to the item or marks
 *    the task as off-list; where the worker drew the township's list as a select (no-JS, UX 23),
 *    the select follows a township chosen here;
 *  - the gentle warning when the imposer looks like a person («王局长»), as one types;
 *  - each chosen evidence file's type and size checked before upload, with the server's limits
 *    (data/schema/report-limits.ts), naming the file and the reason (UX 26).
 */
import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { Portal } from "solid-js/web";
import { matchTask, type Match, type MatchList } from "../../lib/check-matcher.ts";
import { solveProofOfWork } from "../pow.ts";
import type { ReportField } from "../../../data/schema/report.ts";
import { EVIDENCE_MEDIA_TYPES, REPORT_LIMITS } from "../../../data/schema/report-limits.ts";
import { looksLikePersonName } from "../../../data/schema/person-name.ts";
import { DUTY_PARTS } from "../../../data/schema/duty-parts.ts";
import type { Lang } from "../../i18n/index.ts";
import { fill, type ReportStrings } from "./strings.ts";
import { errorForSelector, slotSelector } from "../../lib/form-slots.ts";

interface Division {
  code: string;
  name: string;
  level: "township" | "village";
  context: string[];
}

/** The township picker's one call to the server (/api/search): townships and villages matching `q`; a village names its township, then the chain (placeLabel on the worker). */
async function findPlaces(q: string): Promise<Division[]> {
  const res = await fetch(`/api/search?levels=township,village&q=${encodeURIComponent(q)}`);
  if (!res.ok) return [];
  const { results } = (await res.json()) as {
    results: { code: string; name: string; level: Division["level"]; chain: string; township: { name: string } | null }[];
  };
  return results.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    context: r.level === "village" && r.township ? [r.township.name, r.chain] : [r.chain],
  }));
}

const LIVE_FIELDS: ReportField[] = ["townshipCode", "villageCode", "imposerName", "title", "description", "sinceMonth", "hoursPerMonth", "dutyItemRef"];

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The validation chunk (./validate.ts, with zod), fetched once when the form is first focused. */
let validator: Promise<typeof import("./validate.ts")> | null = null;
const loadValidator = () => (validator ??= import("./validate.ts"));

function showError(form: HTMLFormElement, field: string, message: string | null) {
  const slot = form.querySelector<HTMLElement>(errorForSelector(field));
  const input = form.querySelector<HTMLElement>(`#field-${field}`);
  if (!slot) return;
  slot.textContent = message ?? "";
  slot.hidden = message === null;
  if (input) {
    if (message === null) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", "true");
  }
}

/** What is wrong with the chosen evidence files, one message per file (type, then size), or the count; none when all fit. */
function fileProblems(
  files: readonly { name: string; type: string; size: number }[],
  t: (key: string, params?: Record<string, string | number>) => string,
): string[] {
  if (files.length > REPORT_LIMITS.evidenceFiles) return [t("report.evidence.file_count", { count: REPORT_LIMITS.evidenceFiles, n: files.length })];
  const mb = REPORT_LIMITS.evidenceBytes / 1024 / 1024;
  return files.flatMap((f) => {
    if (!(EVIDENCE_MEDIA_TYPES as readonly string[]).includes(f.type)) return [t("report.evidence.file_type", { name: f.name })];
    if (f.size > REPORT_LIMITS.evidenceBytes) return [t("report.evidence.file_size", { name: f.name, size: (f.size / 1024 / 1024).toFixed(1), mb })];
    return [];
  });
}

/** The worker's no-JS select of duty items (worker/routes/report/duty-choices.tsx), rebuilt for another township's list. */
function syncDutyChoices(form: HTMLFormElement, township: string, list: MatchList | null, t: (key: string) => string) {
  const select = form.querySelector<HTMLSelectElement>("select#field-dutyItemRef");
  if (!select || select.dataset.township === township) return;
  select.dataset.township = township;
  const first = select.options[0]!;
  const groups = DUTY_PARTS.flatMap((part) => {
    const items = (list?.parts[part] ?? []).filter((item) => /^\d{1,4}$/.test(item.no));
    if (!items.length) return [];
    const group = document.createElement("optgroup");
    group.label = t(`report.duty.part.${part}`);
    group.append(...items.map((item) => new Option(`${item.no}. ${item.name}`, `${part}:${item.no}`)));
    return [group];
  });
  select.replaceChildren(first, ...groups);
  select.value = "";
}

/** `lang`: the page's language, asked of GET /api/reach (the API is mounted once), so its sentence is the page's. */
export default function ReportEnhancer(props: { strings: ReportStrings; lang: Lang }) {
  const t = (key: string, params?: Record<string, string | number>) => fill(props.strings, key, params);
  const [query, setQuery] = createSignal("");
  const [results, setResults] = createSignal<Division[]>([]);
  const [ready, setReady] = createSignal(false);
  const [dutyHint, setDutyHint] = createSignal<{ match: Match | null; noList: boolean } | null>(null);
  const [hintSlot, setHintSlot] = createSignal<HTMLElement | null>(null);
  const counties = new Map<string, Promise<{ townships: { code: string; list: MatchList | null }[] } | null>>();
  let hintTimer: ReturnType<typeof setTimeout> | undefined;
  let form: HTMLFormElement | null = null;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  // Resolves true once the hidden `altcha` field holds a solution, false when the challenge could not be fetched or solved (UX 20).
  let solving: Promise<boolean> | null = null;

  const search = (q: string) => {
    setQuery(q);
    clearTimeout(searchTimer);
    if (!q.trim()) return setResults([]);
    searchTimer = setTimeout(async () => setResults(await findPlaces(q.trim())), 200);
  };

  const choose = (d: Division) => {
    if (!form) return;
    const township = form.querySelector<HTMLInputElement>("#field-townshipCode")!;
    const village = form.querySelector<HTMLInputElement>("#field-villageCode")!;
    township.value = d.level === "village" ? d.code.slice(0, 9) : d.code;
    village.value = d.level === "village" ? d.code : "";
    const label = document.querySelector<HTMLElement>(slotSelector("township-name"));
    if (label) {
      label.textContent = t("report.township.selected", { name: [d.name, ...d.context].join("，") });
      label.hidden = false;
    }
    showError(form, "townshipCode", null);
    updateDutyHint();
    updateReach();
    setResults([]);
    setQuery("");
  };

  /**
   * Who the report will reach, live (issue 10): once township and level are known, GET /api/reach
   * (the worker's own reachFor, in the page's language) fills the two reach slots, above the fields and beside submit.
   */
  let reachTimer: ReturnType<typeof setTimeout> | undefined;
  const updateReach = () => {
    clearTimeout(reachTimer);
    reachTimer = setTimeout(async () => {
      if (!form) return;
      const value = (name: string) => form!.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value.trim() ?? "";
      const township = value("townshipCode");
      if (!/^\d{9}$/.test(township)) return;
      const query = new URLSearchParams({ township, level: value("imposerLevel") || "unknown" });
      if (value("category")) query.set("category", value("category"));
      if (value("imposerName")) query.set("imposer", value("imposerName"));
      try {
        const res = await fetch(`/api/reach?${query}`, { headers: { accept: "application/json", "accept-language": props.lang } });
        if (!res.ok) return;
        const reach = (await res.json()) as { reachesNone: boolean; sentence: string };
        for (const slot of form.querySelectorAll<HTMLElement>(`${slotSelector("reach")}, ${slotSelector("reach-submit")}`)) {
          const heading = document.createElement("h2");
          heading.textContent = t("report.reach.heading");
          const p = document.createElement("p");
          p.dataset.reachState = reach.reachesNone ? "none" : "bodies";
          p.textContent = reach.sentence;
          slot.replaceChildren(heading, p);
          slot.hidden = false;
        }
      } catch {
        // Offline or refused: the no-JS answer (if any) stays.
      }
    }, 250);
  };

  /** Matches the title against the chosen township's list (fetched once per county); keeps the duty select on that list. */
  const updateDutyHint = () => {
    clearTimeout(hintTimer);
    hintTimer = setTimeout(async () => {
      if (!form) return;
      const township = form.querySelector<HTMLInputElement>("#field-townshipCode")!.value.trim();
      const title = form.querySelector<HTMLInputElement>("#field-title")!.value.trim();
      if (!/^\d{9}$/.test(township)) return setDutyHint(null);
      const county = township.slice(0, 6);
      if (!counties.has(county))
        counties.set(
          county,
          fetch(`/data/county/${county}.json`)
            .then((r) => (r.ok ? r.json() : null))
            .catch(() => null),
        );
      const data = await counties.get(county)!;
      const list = data?.townships.find((t) => t.code === township)?.list ?? null;
      syncDutyChoices(form, township, list, t);
      if (title.length < 4) return setDutyHint(null);
      if (!list) return setDutyHint({ match: null, noList: true });
      setDutyHint({ match: matchTask(list, title, 1)[0] ?? null, noList: false });
    }, 300);
  };

  const linkDuty = (match: Match | null) => {
    if (!form) return;
    const status = match ? "on_list" : "off_list";
    form.querySelector<HTMLInputElement>(`input[name="listStatus"][value="${status}"]`)!.checked = true;
    form.querySelector<HTMLInputElement | HTMLSelectElement>("#field-dutyItemRef")!.value = match ? `${match.part}:${match.item.no}` : "";
    showError(form, "dutyItemRef", null);
  };

  const validateField = async (field: string) => {
    if (!form) return;
    const code = (await loadValidator()).fieldIssue(form, field);
    showError(form, field, code ? t(code) : null);
  };

  const solve = async () => {
    const hidden = form?.querySelector<HTMLInputElement>("[data-altcha]");
    return hidden ? solveProofOfWork(hidden) : false;
  };

  onMount(() => {
    form = document.querySelector<HTMLFormElement>("[data-report-form]");
    if (!form) return;
    const idempotency = form.querySelector<HTMLInputElement>("[data-idempotency]");
    if (idempotency && !idempotency.value) idempotency.value = randomKey();
    // The no-JS search form is replaced by the picker below.
    const noJsSearch = document.querySelector<HTMLElement>("[data-township-search]");
    if (noJsSearch) noJsSearch.hidden = true;
    const onBlur = (e: FocusEvent) => {
      const name = (e.target as HTMLInputElement | null)?.name;
      if (name && (LIVE_FIELDS as string[]).includes(name)) void validateField(name);
    };
    const category = form.querySelector<HTMLSelectElement>("#field-category");
    const helpSlot = form.querySelector<HTMLElement>("[data-category-help]");
    const onCategory = () => {
      if (helpSlot) helpSlot.textContent = category?.value ? t(`category.${category.value}.help`) : "";
    };
    // Without a solution the form is posted as the no-JS form is (the server's stricter limit for
    // reports without proof of work), after saying so: a failed challenge never leaves 匿名提交 dead (UX 20).
    let withoutPow = false;
    const fileInput = form.querySelector<HTMLInputElement>("#field-evidence");
    /** Shows what is wrong with the chosen files (or clears it); true when they can be sent. */
    const checkFiles = () => {
      const problems = fileProblems([...(fileInput?.files ?? [])], t);
      showError(form!, "evidence", problems.length ? problems.join(" ") : null);
      return problems.length === 0;
    };
    const warning = form.querySelector<HTMLElement>(slotSelector("imposer-warning"));
    const imposer = form.querySelector<HTMLInputElement>("#field-imposerName");
    /** The gentle warning for a person's name as imposer: shown, never blocking. */
    const onImposer = () => {
      if (!warning || !imposer) return;
      const person = looksLikePersonName(imposer.value);
      warning.textContent = person ? t("report.imposer.person_warning") : "";
      warning.hidden = !person;
    };
    const onSubmit = async (e: SubmitEvent) => {
      // Files that the server would refuse are named before the upload (UX 26), not after it.
      if (!checkFiles()) {
        e.preventDefault();
        fileInput?.focus();
        return;
      }
      const hidden = form!.querySelector<HTMLInputElement>("[data-altcha]");
      if (hidden?.value || withoutPow) return;
      e.preventDefault();
      const status = form!.querySelector<HTMLElement>("[data-pow-status]");
      if (status) status.textContent = t("report.pow.working");
      const solved = await (solving ??= solve().catch(() => false));
      if (!solved) solving = null; // the next submit (or this fallback) may try again
      withoutPow = !solved;
      if (status) status.textContent = solved ? "" : t("report.pow.unavailable");
      // Not in this task: when the answer was already settled (a prefetched challenge that failed),
      // this line runs in the microtask checkpoint of the first submit's dispatch, where the browser
      // ignores requestSubmit() (the form is still "firing submission events"), and 匿名提交 did nothing.
      setTimeout(() => form!.requestSubmit(), 0);
    };
    setHintSlot(form.querySelector<HTMLElement>("[data-duty-hint]"));
    const onInput = (e: Event) => {
      const name = (e.target as HTMLInputElement | null)?.name;
      if (name === "title" || name === "townshipCode") updateDutyHint();
      if (name === "townshipCode" || name === "imposerName") updateReach();
      if (name === "imposerName") onImposer();
    };
    fileInput?.addEventListener("change", checkFiles);
    form.addEventListener("change", (e) => {
      const name = (e.target as HTMLSelectElement | null)?.name;
      if (name === "imposerLevel" || name === "category") updateReach();
    });
    updateReach();
    form.addEventListener("input", onInput);
    form.addEventListener("focusout", onBlur);
    form.addEventListener("focusin", loadValidator, { once: true });
    category?.addEventListener("change", onCategory);
    form.addEventListener("submit", onSubmit);
    onCategory();
    onImposer();
    // A title handed off by /check (or kept after an error) gets its duty hint at once.
    updateDutyHint();
    setReady(true);
    // Start the proof of work early, while the reporter writes.
    solving = solve().catch(() => false);
    onCleanup(() => {
      form?.removeEventListener("focusout", onBlur);
      form?.removeEventListener("input", onInput);
      category?.removeEventListener("change", onCategory);
      form?.removeEventListener("submit", onSubmit);
      fileInput?.removeEventListener("change", checkFiles);
    });
  });

  // Rendered only once JavaScript runs: without it the picker would be a dead control.
  return (
    <Show when={ready()}>
      <div class="report-enhancer">
        <label for="township-picker">{t("report.township.search.label")}</label>
        <input
          id="township-picker"
          type="search"
          role="combobox"
          aria-expanded={results().length > 0}
          aria-controls="township-picker-list"
          aria-autocomplete="list"
          autocomplete="off"
          value={query()}
          onInput={(e) => search(e.currentTarget.value)}
        />
        <ul id="township-picker-list" role="listbox" aria-label={t("report.township.results.heading")}>
          <For each={results()}>
            {(d) => (
              <li role="option" aria-selected="false">
                <button type="button" onClick={() => choose(d)}>
                  {d.name} <small>{d.context.join(" · ")}</small>
                </button>
              </li>
            )}
          </For>
        </ul>
      </div>
      <Show when={hintSlot()}>
        <Portal mount={hintSlot()!}>
          <Show when={dutyHint()}>
            {(hint) => (
              <div class="notice duty-hint" role="status">
                <Show when={hint().match} fallback={<p>{t(hint().noList ? "report.duty.no_list" : "report.duty.match_off")}</p>}>
                  {(m) => <p>{t("report.duty.match_on", { part: t(`report.duty.part.${m().part}`), n: m().item.no, name: m().item.name })}</p>}
                </Show>
                <Show when={!hint().noList}>
                  <Show
                    when={hint().match && /^\d{1,4}$/.test(hint().match!.item.no)}
                    fallback={
                      <button type="button" class="secondary" onClick={() => linkDuty(null)}>
                        {t("report.duty.mark_off")}
                      </button>
                    }
                  >
                    <button type="button" class="secondary" onClick={() => linkDuty(hint().match)}>
                      {t("report.duty.use")}
                    </button>
                  </Show>
                </Show>
              </div>
            )}
          </Show>
        </Portal>
      </Show>
    </Show>
  );
}
