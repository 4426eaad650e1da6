/**
 * One error envelope for the whole API (STYLE.md §7): `{code, message, requestId, fields?}`.
 * Domain code throws `AppError` with a code; the message is looked up in the request's language.
 */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "conflict"
  | "rate_limited"
  | "unavailable"
  | "internal";

/** A field-by-field validation problem: `path` is the dotted field name, `code` a machine code. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export class AppError extends HTTPException {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  readonly fields?: FieldError[];

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, fields?: FieldError[]) {
    super(status, { message });
    this.code = code;
    this.fields = fields;
  }
}
