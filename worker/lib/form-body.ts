/**
 * Reading a form body (URL-encoded or multipart) without a 500 for a body that is not what its
 * Content-Type says (security L4): the parser's TypeError becomes a 400 in the one envelope.
 */
import type { Context } from "hono";
import { AppError } from "./errors.ts";
import { requireType } from "./request.ts";

type ParseOptions = Parameters<Context["req"]["parseBody"]>[0];

export async function readForm(c: Context, options?: ParseOptions): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    return await c.req.parseBody(options);
  } catch {
    throw new AppError("bad_request");
  }
}

const FORM_TYPES = ["multipart/form-data", "application/x-www-form-urlencoded"];

/**
 * The raw FormData of a form post with files (the report and contribution forms): another
 * Content-Type is a 415; a body that cannot be read as one (cut off, not what it says) gets
 * `onMalformed`'s page, or a 400 in the one envelope.
 */
export async function readFormData(c: Context, onMalformed?: () => Response | Promise<Response>): Promise<FormData | Response> {
  requireType(c.req.header("content-type"), FORM_TYPES);
  try {
    return await c.req.formData();
  } catch {
    if (onMalformed) return onMalformed();
    throw new AppError("bad_request");
  }
}

/** Reads a form field as trimmed text ('' when absent or a file). */
export const field = (form: Record<string, unknown>, name: string): string => (typeof form[name] === "string" ? (form[name] as string).trim() : "");
