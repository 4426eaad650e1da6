/**
 * Renders worker pages inside the Astro-built shell (site/pages/shell/): same layout, styles
 * and CSP as the static pages. The worker only fills the title and the main content.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { localePath, t } from "../../site/i18n/index.ts";
import { labelTableCells } from "../../site/lib/table-labels.ts";

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
  const shellUrl = new URL(localePath(lang, `/shell/${options.variant ? `${options.variant}/` : ""}`), c.req.url);
  const shell = await c.env.ASSETS.fetch(new Request(shellUrl));
  if (!shell.ok) throw new Error(`shell page missing (${shell.status}): build the site first`);
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
  const headers = new Headers(rewritten.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  headers.delete("etag");
  headers.set("cache-control", options.noStore ? "no-store" : "private, no-cache");
  return new Response(rewritten.body, { status: options.status ?? 200, headers });
}
