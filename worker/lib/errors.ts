/**
 * One error type for the whole worker (STYLE.md §7): `new AppError(code, {fields, cause})`.
 * The HTTP status follows from the code (STATUS_BY_CODE); the message is looked up in the
 * request's language by the one handler (worker/lib/respond.ts). worker/db/ never throws it:
 * services and routes turn domain results into it.
 */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const STATUS_BY_CODE = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** Well-formed, but refused by a rule (a lifecycle requirement, a wrong password). */
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

/** A field-by-field validation problem: `path` is the dotted field name, `code` a machine code. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** A field problem as thrown: the handler adds the message in the request's language when it is missing. */
export type FieldIssue = Omit<FieldError, "message"> & { message?: string };

export class AppError extends HTTPException {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  readonly fields?: FieldIssue[];

  constructor(code: ErrorCode, options: { fields?: FieldIssue[]; cause?: unknown } = {}) {
    super(STATUS_BY_CODE[code], { message: code, cause: options.cause });
    this.code = code;
    this.fields = options.fields;
  }
}

/**
 * A boundary schema's issues as the refusal a form renders: `path` is the form field, `code` the
 * issue's message, which the schemas set to an i18n key (data/schema, worker/domain/account.ts).
 */
export const schemaRefusal = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): AppError =>
  new AppError("validation_failed", { fields: issues.map((i) => ({ path: i.path.map(String).join("."), code: i.message })) });

/** A refused form as its page shows it: the title of the error summary, the field errors (in the request's language), the status. */
export interface FormProblem {
  status: ContentfulStatusCode;
  title: string;
  fields: FieldError[];
}

/** Draws a form's own page again with the problem and the values that were posted (registered with `onFormError`, worker/lib/respond.ts). */
export type FormRerender = (problem: FormProblem) => Promise<Response>;
