/**
 * Reading a form body (URL-encoded or multipart) without a 500 for a body that is not what its
 * Content-Type says (security L4): the parser's TypeError becomes a 400 in the one envelope.
 */
import type { Context } from "hono";
import { AppError } from "./errors.ts";

type ParseOptions = Parameters<Context["req"]["parseBody"]>[0];

export async function readForm(c: Context, options?: ParseOptions): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    return await c.req.parseBody(options);
  } catch {
    throw new AppError("bad_request");
  }
}
