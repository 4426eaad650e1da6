/**
 * The hand-off's copy button (issue 10 item 3), loaded by the hand-off shell
 * (site/pages/shell/handoff/) as a module from this origin, so the CSP needs no inline script.
 * The button exists only when this script runs and the Clipboard API is there: without JS the
 * page keeps its <pre> and .txt download and shows no button that cannot work. The labels come
 * from the page (data-copy-*, filled by the worker from the i18n catalogue).
 */
for (const section of document.querySelectorAll<HTMLElement>("[data-handoff]")) {
  const text = section.querySelector<HTMLElement>("[data-handoff-text]");
  const { copyLabel, copiedLabel, copyFailedLabel } = section.dataset;
  if (!text || !navigator.clipboard || !copyLabel) continue;
  const line = document.createElement("p");
  line.className = "handoff-copy";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = copyLabel;
  const status = document.createElement("span");
  status.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text.textContent ?? "");
      status.textContent = copiedLabel ?? "";
    } catch {
      status.textContent = copyFailedLabel ?? "";
    }
  });
  line.append(button, " ", status);
  text.after(line);
}
