/**
 * 上报官方清单 with JavaScript (issue 12 item 1): the form works without this script; with it
 * the proof of work is solved while the contributor fills the form (so the no-JS limits do not
 * apply), a chosen file's type and size are checked before anything is sent, and the upload
 * shows its progress. The worker's answer (the contribution code, or the form with its errors)
 * replaces the page as a normal post would; the strings come from the form's data-strings.
 */
import { fill } from "../../i18n/fill.ts";
import { solveProofOfWork } from "../pow.ts";

type Strings = Record<"working" | "progress" | "processing" | "failed" | "fileType" | "fileSize", string>;

function enhance(form: HTMLFormElement): void {
  const strings = JSON.parse(form.dataset.strings ?? "{}") as Strings;
  const hidden = form.querySelector<HTMLInputElement>("[data-altcha]");
  const status = form.querySelector<HTMLElement>("[data-upload-status]");
  const bar = form.querySelector<HTMLProgressElement>("[data-upload-progress]");
  const fileInput = form.querySelector<HTMLInputElement>('input[type="file"]');
  if (!hidden || !status || !bar) return;
  const solving = solveProofOfWork(hidden).catch(() => false);
  const say = (text: string) => {
    status.hidden = false;
    status.textContent = text;
  };

  // The same rules as the server (data/schema/contribution.ts): the accepted extensions and the size cap.
  const fileProblem = (file: File): string | null => {
    const accepted = (fileInput?.accept ?? "").split(",").map((s) => s.trim().toLowerCase());
    const dot = file.name.lastIndexOf(".");
    if (dot < 0 || !accepted.includes(file.name.slice(dot).toLowerCase())) return fill(strings.fileType, { name: file.name });
    if (file.size > Number(fileInput?.dataset.maxBytes ?? Infinity)) return fill(strings.fileSize, { name: file.name });
    return null;
  };

  let sending = false;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (sending) return;
    const file = fileInput?.files?.[0];
    const problem = file ? fileProblem(file) : null;
    if (problem) {
      say(problem);
      fileInput?.focus();
      return;
    }
    sending = true;
    say(strings.working);
    await solving;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = (ev) => {
      if (!ev.lengthComputable) return;
      const percent = Math.round((ev.loaded / ev.total) * 100);
      bar.hidden = false;
      bar.value = percent;
      say(fill(strings.progress, { percent }));
    };
    xhr.upload.onload = () => say(strings.processing);
    xhr.onload = () => showAnswer(xhr.responseText);
    xhr.onerror = () => {
      sending = false;
      bar.hidden = true;
      say(strings.failed);
    };
    xhr.send(new FormData(form));
  });
}

/** The worker's page for the post, in place of this one (scripts of the new page do not run: enhance it again). */
function showAnswer(html: string): void {
  const doc = new DOMParser().parseFromString(html, "text/html");
  document.title = doc.title;
  document.body.replaceWith(document.adoptNode(doc.body));
  window.scrollTo(0, 0);
  const next = document.querySelector<HTMLFormElement>("[data-contribute-form]");
  if (next) enhance(next);
  // Screen readers start at what changed: the error summary, else the page's heading.
  const focus = document.querySelector<HTMLElement>(".error-summary, main h1");
  if (focus) {
    focus.tabIndex = -1;
    focus.focus();
  }
}

const form = document.querySelector<HTMLFormElement>("[data-contribute-form]");
if (form) enhance(form);
