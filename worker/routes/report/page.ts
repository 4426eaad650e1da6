/**
 * Serves an Astro-built page of ours (the report form, the track form) through the worker,
 * optionally filled with HTMLRewriter: kept values, the error summary, inline errors, notices.
 * One markup for the JS and no-JS paths; the page keeps its layout and CSP meta tag.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env.ts";
import type { FieldError } from "../../lib/errors.ts";
import { localePath, t, type Lang, type MessageKey } from "../../../site/i18n/index.ts";

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export interface FormFill {
  /** Values to put back into the named inputs, selects and textareas. */
  values?: Record<string, string>;
  errors?: FieldError[];
  /** Text of the notice above the form (rate limit, unavailable…). */
  notice?: string;
  /** Extra slot fillers: `[data-<name>]` → trusted HTML. */
  slots?: Record<string, string>;
  /** Inputs never refilled (files, the honeypot, the receipt code). */
  skip?: string[];
}

export async function builtPage(c: Context<AppEnv>, page: "/report/" | "/track/", fill: FormFill = {}, status = 200): Promise<Response> {
  const lang = c.get("lang");
  const asset = await c.env.ASSETS.fetch(new Request(new URL(localePath(lang, page), c.req.url)));
  if (!asset.ok) throw new Error(`page ${page} missing (${asset.status}): build the site first`);
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
    .on("[data-error-for]", {
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
  if (errors.size) {
    rewriter = rewriter.on("[data-error-summary]", {
      element(el) {
        el.removeAttribute("hidden");
        el.setAttribute("role", "alert");
        el.setInnerContent(errorSummary(lang, fill.errors!), { html: true });
      },
    });
  }
  if (fill.notice) {
    rewriter = rewriter.on("[data-form-notice]", {
      element(el) {
        el.removeAttribute("hidden");
        el.setInnerContent(fill.notice!);
      },
    });
  }
  for (const [slot, html] of Object.entries(fill.slots ?? {})) {
    rewriter = rewriter.on(`[data-${slot}]`, {
      element(el) {
        el.removeAttribute("hidden");
        el.setInnerContent(html, { html: true });
      },
    });
  }
  const res = rewriter.transform(asset);
  const headers = new Headers(res.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  headers.delete("etag");
  // A page that carries what someone typed must not be cached anywhere.
  headers.set("cache-control", "no-store");
  return new Response(res.body, { status, headers });
}

/** The label of each form field, for the error summary (site/pages/report/_ReportForm.astro uses the same keys). */
const FIELD_LABELS: Record<string, MessageKey> = {
  townshipCode: "report.township.label",
  villageCode: "report.village.label",
  imposerName: "report.imposer.name.label",
  imposerLevel: "report.imposer.level.label",
  category: "report.category.label",
  title: "report.title.label",
  description: "report.description.label",
  sinceMonth: "report.since.label",
  hoursPerMonth: "report.hours.label",
  listStatus: "report.list.label",
  dutyItemRef: "report.duty.label",
  evidence: "report.evidence.label",
};

/** The error summary: a heading and one link per field error, to the field's input (GOV.UK pattern). */
function errorSummary(lang: Lang, errors: FieldError[]): string {
  const seen = new Set<string>();
  const items = errors
    .filter((e) => {
      const field = e.path.split(".")[0]!;
      if (seen.has(field)) return false;
      seen.add(field);
      return true;
    })
    .map((e) => {
      const field = e.path.split(".")[0]!;
      // Named, so four «请填写此项。» links say which four fields they are (UX 22).
      const name = FIELD_LABELS[field];
      const text = name ? t(lang, "report.errors.item", { field: t(lang, name), message: e.message }) : e.message;
      return `<li><a href="#field-${escapeHtml(field)}">${escapeHtml(text)}</a></li>`;
    })
    .join("");
  return `<h2>${escapeHtml(t(lang, "report.errors.heading", { count: seen.size }))}</h2><ul>${items}</ul>`;
}
