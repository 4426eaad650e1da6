import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import type { AppEnv } from "../env.ts";
import { AppError, type ErrorCode, type FieldError } from "./errors.ts";
import { t } from "../../site/i18n/index.ts";

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "validation_failed",
  429: "rate_limited",
  503: "unavailable",
};

/** Turns zod issues into field errors with messages in the request's language. */
export function fieldErrors(err: ZodError, lang: AppEnv["Variables"]["lang"]): FieldError[] {
  return err.issues.map((issue) => {
    const path = issue.path.join(".");
    const code = typeof issue.message === "string" && issue.message.startsWith("e.") ? issue.message : `e.${issue.code}`;
    return { path, code, message: t(lang, code, { field: path }, { fallback: t(lang, "e.invalid") }) };
  });
}

/**
 * The single error handler (STYLE.md §7). Known errors keep their status and code;
 * anything else is a generic 500 whose text reveals nothing. Nothing about the
 * request is logged: only the error's class, for operators.
 */
export function errorResponse(c: Context<AppEnv>, err: unknown): Response {
  const lang = c.get("lang") ?? "zh-CN";
  const requestId = c.get("requestId") ?? crypto.randomUUID();
  if (err instanceof ZodError) {
    return c.json({ code: "validation_failed", message: t(lang, "error.validation_failed"), requestId, fields: fieldErrors(err, lang) }, 400);
  }
  if (err instanceof AppError) {
    return c.json({ code: err.code, message: t(lang, `error.${err.code}`), requestId, ...(err.fields ? { fields: err.fields } : {}) }, err.status);
  }
  if (err instanceof HTTPException) {
    const code = CODE_BY_STATUS[err.status] ?? "bad_request";
    return c.json({ code, message: t(lang, `error.${code}`), requestId }, err.status);
  }
  console.error("unhandled error", err instanceof Error ? err.name : typeof err);
  return c.json({ code: "internal", message: t(lang, "error.internal"), requestId }, 500);
}
