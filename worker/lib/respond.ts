import type { Context } from "hono";
import { html as markup } from "hono/html";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import type { AppEnv } from "../env.ts";
import { AppError, STATUS_BY_CODE, type ErrorCode, type FieldError, type FormRerender } from "./errors.ts";
import { localePath, t, type Lang } from "../../site/i18n/index.ts";
import { html } from "../ui/shell.ts";
import { ErrorSummary } from "../ui/components.tsx";

const CODE_BY_STATUS: Record<number, ErrorCode> = Object.fromEntries(Object.entries(STATUS_BY_CODE).map(([code, status]) => [status, code as ErrorCode]));
// Two codes share 400; a bare 400 is a bad request.
CODE_BY_STATUS[400] = "bad_request";

/** What went wrong, before it is rendered for JSON or HTML. */
interface Problem {
  status: (typeof STATUS_BY_CODE)[ErrorCode];
  code: ErrorCode;
  fields?: FieldError[];
}

/**
 * The one mapper from problems to field errors: each message in the request's language from its
 * code (`e.*`, `report.e.*`, …), naming the field by `{field}` where the message asks for it.
 */
export function toFieldErrors(
  lang: Lang,
  issues: readonly { path: string | readonly PropertyKey[]; code: string; message?: string }[],
  fallbackKey = "e.invalid",
): FieldError[] {
  return issues.map((issue) => {
    const path = typeof issue.path === "string" ? issue.path : issue.path.join(".");
    return { path, code: issue.code, message: issue.message ?? t(lang, issue.code, { field: path }, { fallback: t(lang, fallbackKey) }) };
  });
}

/** The query parameters a page refuses with the 400 page, each named in words by `param.<name>` (never by its raw name). */
export type QueryParam = "area";

/** A query parameter that is not valid (`/stats?area=xx`): the 400 page's summary says which («地区代码填写有误。»). */
export const invalidQuery = (lang: Lang, param: QueryParam): AppError =>
  new AppError("validation_failed", {
    fields: [{ path: param, code: "e.invalid_param", message: t(lang, "e.invalid_param", { param: t(lang, `param.${param}`) }) }],
  });

/** Zod issues as field errors: a message that is already a code (`e.…`) is kept, else `e.<zod code>`. */
export const zodFieldErrors = (err: ZodError, lang: Lang): FieldError[] =>
  toFieldErrors(
    lang,
    err.issues.map((issue) => ({
      path: issue.path,
      code: typeof issue.message === "string" && issue.message.startsWith("e.") ? issue.message : `e.${issue.code}`,
    })),
  );

function problemOf(err: unknown, lang: Lang): Problem | null {
  if (err instanceof ZodError) return { status: 400, code: "validation_failed", fields: zodFieldErrors(err, lang) };
  if (err instanceof AppError) return { status: STATUS_BY_CODE[err.code], code: err.code, fields: err.fields && toFieldErrors(lang, err.fields) };
  if (err instanceof HTTPException) {
    const code = CODE_BY_STATUS[err.status] ?? "bad_request";
    return { status: STATUS_BY_CODE[code], code };
  }
  return null;
}

/**
 * JSON for the API (`/api/*`) and for a script's fetch that asks for JSON only
 * (`accept: application/json` without text/html); every other request is a page and gets HTML.
 */
export const wantsJson = (c: Context<AppEnv>) => {
  if (/^(\/en)?\/api(\/|$)/.test(new URL(c.req.url).pathname)) return true;
  const accept = c.req.header("accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
};

/** Problems of what was typed: the form comes back. Others (signed out, not yours, gone) get the error page. */
const RERENDERED: ReadonlySet<ErrorCode> = new Set(["validation_failed", "unprocessable", "conflict"]);

/**
 * Registers the page a no-JS form handler re-renders when it, or a service it calls, throws a
 * problem with what was typed (issue 16): the one error handler calls it for HTML requests
 * instead of the generic error page; /api and JSON fetches still get the JSON envelope.
 */
export const onFormError = (c: Context, render: FormRerender) => c.set("formRerender", render);

/**
 * The single error handler (STYLE.md §7). Known errors keep their status and code; anything
 * else is a generic 500 whose text reveals nothing. The API answers `{code, message, requestId,
 * fields?}`; a page request gets the message (and the fields' messages) in the site's shell, in
 * its language. Nothing about the request is logged: only the error's class, for operators.
 */
export async function errorResponse(c: Context<AppEnv>, err: unknown): Promise<Response> {
  const lang = c.get("lang") ?? "zh-CN";
  const requestId = c.get("requestId") ?? crypto.randomUUID();
  const problem = problemOf(err, lang);
  if (!problem) console.error("unhandled error", err instanceof Error ? err.name : typeof err);
  const { status, code, fields } = problem ?? { status: 500 as const, code: "internal" as const };
  const message = t(lang, `error.${code}`);
  if (wantsJson(c)) return c.json({ code, message, requestId, ...(fields ? { fields } : {}) }, status);
  const rerender = c.get("formRerender");
  if (rerender && RERENDERED.has(code)) {
    try {
      return await rerender({ status, title: message, fields: fields ?? [] });
    } catch {
      // The page itself cannot be drawn (the report is no longer the body's…): the generic page says what went wrong.
    }
  }
  return errorPage(c, { status, code, fields }, message, requestId);
}

/** The HTML answer: the message, what to correct, and a way on. Plain text if the shell itself is missing. */
async function errorPage(c: Context<AppEnv>, problem: Problem, message: string, requestId: string): Promise<Response> {
  const lang = c.get("lang") ?? "zh-CN";
  const back = c.req.method === "POST" ? (c.req.header("referer") ?? null) : null;
  // The h1 says what went wrong, so the summary has no heading of its own; nothing moves focus to it here.
  const body = markup`<h1>${message}</h1>
    ${problem.fields?.length ? ErrorSummary({ lines: problem.fields.map((f) => ({ text: f.message })), focusable: false }) : ""}
    <p>${back && sameOrigin(c, back) ? markup`<a href="${back}">${t(lang, "error.page.back")}</a> · ` : ""}<a href="${localePath(lang, "/")}">${t(lang, "nav.home")}</a></p>
    <p class="hint">${t(lang, "error.page.request_id", { id: requestId })}</p>`;
  try {
    return await html(c, body, { title: message, status: problem.status, noStore: true });
  } catch {
    return c.text(message, problem.status);
  }
}

const sameOrigin = (c: Context<AppEnv>, url: string) => {
  try {
    return new URL(url).origin === new URL(c.req.url).origin;
  } catch {
    return false;
  }
};
