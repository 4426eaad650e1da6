/**
 * Type-ahead for the place search box (issue 13). The box is a plain GET form to /search/, whose
 * results the worker renders, so this only adds suggestions while typing: the first results of
 * `GET /api/search`, as links under the box. Strings come from the form's data attributes.
 */
interface Suggestion {
  label: string;
  href: string;
}

const DELAY_MS = 150;

function attach(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>("input[name=q]");
  if (!input) return;
  const box = document.createElement("div");
  box.className = "suggestions";
  box.setAttribute("aria-live", "polite");
  box.setAttribute("aria-label", form.dataset.suggestLabel ?? "");
  box.setAttribute("role", "region");
  form.append(box);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  const show = (items: Suggestion[]) => {
    const list = document.createElement("ul");
    for (const item of items) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = item.href;
      a.textContent = item.label;
      a.lang = "zh-CN";
      li.append(a);
      list.append(li);
    }
    box.replaceChildren(...(items.length ? [list] : []));
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) return show([]);
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const res = await fetch(`/api/search?limit=8&q=${encodeURIComponent(q)}`);
        if (!res.ok || mine !== seq) return;
        show(((await res.json()) as { results: Suggestion[] }).results);
      } catch {
        // Suggestions are a convenience: the form still submits to /search/.
      }
    }, DELAY_MS);
  });
}

for (const form of document.querySelectorAll<HTMLFormElement>("form[data-place-suggest]")) attach(form);
