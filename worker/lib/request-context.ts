import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";
import type { Lang } from "../../site/i18n/index.ts";

/**
 * Picks the request's language: pages under /en/ are English, the API follows
 * `Accept-Language` (Chinese unless English is preferred). zh-CN is always the default.
 */
export function pickLanguage(path: string, acceptLanguage: string | undefined): Lang {
  if (path === "/en" || path.startsWith("/en/")) return "en";
  if (path.startsWith("/api/") && acceptLanguage) {
    const first = acceptLanguage.split(",")[0]?.trim().toLowerCase() ?? "";
    if (first.startsWith("en")) return "en";
  }
  return "zh-CN";
}

/**
 * What every request carries (AppEnv Variables): its language (`lang`) and a fresh `requestId`,
 * the id an error names (worker/lib/respond.ts; nothing is logged against it, docs/api.md).
 */
export const requestContext = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set("lang", pickLanguage(c.req.path, c.req.header("accept-language")));
    c.set("requestId", crypto.randomUUID());
    await next();
    // The API's words follow Accept-Language at one URL (it is mounted once): a cache must key on it.
    if (c.req.path.startsWith("/api/")) c.res.headers.append("vary", "Accept-Language");
  });
