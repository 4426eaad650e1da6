/**
 * The worker's two ways of answering with an Astro-built page, so both share one layout,
 * stylesheet and CSP with the static pages:
 *  - `html(c, <View />, options)`: the empty shell (site/pages/shell/) with the page's title and
 *    a JSX view (hono/jsx, which escapes every value) as its main content (`renderShell` fills it);
 *  - `fillBuiltForm`: a whole built form page of ours (/report/, /track/), its slots
 *    (site/lib/form-slots.ts) filled: kept values, the error summary, inline errors, a notice.
 * Both answer under one header policy (`pageResponse`).
 */
import type { Context } from "hono";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AppEnv } from "../env.ts";
import type { FieldError } from "../lib/errors.ts";
import { localePath, t } from "../../site/i18n/index.ts";
import { labelTableCells } from "../../site/lib/table-labels.ts";
import { errorForSelector, slotSelector, type ContentSlot, type SlotFill } from "../../site/lib/form-slots.ts";
import { ErrorSummaryContent, type SummaryLine } from "./components.tsx";

/**
 * The one header policy of a worker page: HTML; no ETag (the asset's would name the unfilled
 * page); never stored where it carries a secret or what someone typed (`noStore`), else
 * revalidated on every use (it is drawn per request, per user).
 */
function pageResponse(page: Response, status: number, noStore: boolean): Response {
  const headers = new Headers(page.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  headers.delete("etag");
  headers.set("cache-control", noStore ? "no-store" : "private, no-cache");
  return new Response(page.body, { status, headers });
}

/** A built page of ours in the request's language, from static assets. */
async function builtAsset(c: Context<AppEnv>, path: string): Promise<Response> {
  const asset = await c.env.ASSETS.fetch(new Request(new URL(localePath(c.get("lang"), path), c.req.url)));
  if (!asset.ok) throw new Error(`page ${path} missing (${asset.status}): build the site first`);
  return asset;
}

export interface ShellOptions {
  title: string;
  /** Trusted HTML of the page body (rendered by hono/jsx, which escapes all values). */
  body: string;
  status?: number;
  /** Responses that carry secrets (receipts, tracking) must never be cached. */
  noStore?: boolean;
  /** "passkey": the shell that also loads the passkey script (site/pages/shell/passkey/);
   *  "search": the one that loads the search box's type-ahead (site/pages/shell/search/); "contribute": the hand-in form's script;
   *  "handoff": the one that adds the hand-off's copy button (site/pages/shell/handoff/). */
  variant?: "passkey" | "search" | "contribute" | "handoff";
}

/** Fetches the shell for the request's language and fills it. */
export async function renderShell(c: Context<AppEnv>, options: ShellOptions): Promise<Response> {
  const lang = c.get("lang");
  const shell = await builtAsset(c, `/shell/${options.variant ? `${options.variant}/` : ""}`);
  // The shell's language switch points at the shell itself: point it at this page in the other language.
  const url = new URL(c.req.url);
  const switchTo = localePath(lang === "en" ? "zh-CN" : "en", url.pathname) + (c.req.method === "GET" ? url.search : "");
  const rewritten = new HTMLRewriter()
    .on("a.lang-switch", {
      element(el) {
        el.setAttribute("href", switchTo);
      },
    })
    .on("title", {
      element(el) {
        el.setInnerContent(`${options.title} · ${t(lang, "site.name")}`);
      },
    })
    .on("[data-shell-slot]", {
      element(el) {
        el.replace(labelTableCells(options.body), { html: true });
      },
    })
    .transform(shell);
  return pageResponse(rewritten, options.status ?? 200, options.noStore ?? false);
}

/** A rendered view: what JSX, a function component called directly or hono's `html` template gives. */
export type View = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A view as HTML text (awaiting async components inside it, such as the triage menu): a node with an async child stringifies to a promise. */
export const htmlText = async (view: View): Promise<string> => (await view).toString();

/** The one way a worker page answers with a JSX view: rendered into the shell. */
export async function html(c: Context<AppEnv>, view: View, options: Omit<ShellOptions, "body">): Promise<Response> {
  return renderShell(c, { ...options, body: await htmlText(view) });
}

/** What goes into a built form page. */
export interface FormFill {
  /** Values to put back into the named inputs, selects and textareas. */
  values?: Record<string, string>;
  /** Each field's problem, shown under it (`data-error-for`) and marking its control aria-invalid. */
  errors?: FieldError[];
  /** The error summary above the form (drawn only with `errors`). */
  summary?: { heading: string; lines: SummaryLine[] };
  /** Text of the notice above the form (rate limit, unavailable…). */
  notice?: string;
  /** The other slots' contents: trusted HTML (rendered by hono/jsx). */
  slots?: SlotFill;
  /** Inputs never refilled (files, the honeypot, the receipt code). */
  skip?: string[];
}

/**
 * Serves a built form page through the worker, filled with HTMLRewriter. One markup for the JS
 * and no-JS paths; never stored, since it may carry what someone typed.
 */
export async function fillBuiltForm(c: Context<AppEnv>, page: "/report/" | "/track/", fill: FormFill = {}, status = 200): Promise<Response> {
  const asset = await builtAsset(c, page);
  const values = fill.values ?? {};
  const skip = new Set(["website", "files", "altcha", ...(fill.skip ?? [])]);
  const errors = new Map((fill.errors ?? []).map((e) => [e.path.split(".")[0]!, e]));
  let currentSelect: string | null = null;
  let rewriter = new HTMLRewriter()
    .on("input[name]", {
      element(el) {
        const name = el.getAttribute("name")!;
        if (skip.has(name) || !(name in values)) return;
        const type = el.getAttribute("type") ?? "text";
        if (type === "radio" || type === "checkbox") {
          if (values[name] === el.getAttribute("value")) el.setAttribute("checked", "");
          else el.removeAttribute("checked");
        } else el.setAttribute("value", values[name]!);
      },
    })
    .on("select[name]", {
      element(el) {
        currentSelect = el.getAttribute("name");
      },
    })
    .on("option", {
      element(el) {
        if (!currentSelect || !(currentSelect in values)) return;
        if (el.getAttribute("value") === values[currentSelect]) el.setAttribute("selected", "");
        else el.removeAttribute("selected");
      },
    })
    .on("textarea[name]", {
      element(el) {
        const name = el.getAttribute("name")!;
        if (name in values) el.setInnerContent(values[name]!);
      },
    })
    .on(errorForSelector(), {
      element(el) {
        const error = errors.get(el.getAttribute("data-error-for")!);
        if (!error) return;
        el.removeAttribute("hidden");
        el.setInnerContent(error.message);
      },
    })
    .on("[id^=field-]", {
      element(el) {
        if (errors.has(el.getAttribute("id")!.slice("field-".length))) el.setAttribute("aria-invalid", "true");
      },
    });
  if (errors.size && fill.summary) {
    const summary = await htmlText(ErrorSummaryContent(fill.summary));
    rewriter = rewriter.on(slotSelector("error-summary"), {
      element(el) {
        el.removeAttribute("hidden");
        el.setAttribute("role", "alert");
        el.setInnerContent(summary, { html: true });
      },
    });
  }
  if (fill.notice) {
    rewriter = rewriter.on(slotSelector("form-notice"), {
      element(el) {
        el.removeAttribute("hidden");
        el.setInnerContent(fill.notice!);
      },
    });
  }
  for (const [name, html] of Object.entries(fill.slots ?? {}) as [ContentSlot, string][]) {
    rewriter = rewriter.on(slotSelector(name), {
      element(el) {
        el.removeAttribute("hidden");
        el.setInnerContent(html, { html: true });
      },
    });
  }
  return pageResponse(rewriter.transform(asset), status, true);
}
