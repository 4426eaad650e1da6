import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";

/**
 * Security headers on every worker response; static files get the same set from
 * site/public/_headers. No referrer leaves the site (a report page URL must not travel) and
 * nothing may frame us. HTML pages are Astro-built shells whose CSP meta tag carries the
 * script and style hashes (astro.config.mjs); the header adds what a meta tag cannot.
 */
export const BASE_SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

export const securityHeaders = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    await next();
    // Static assets fetched through the worker keep their own headers (from _headers).
    for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
    if (c.env.ENVIRONMENT === "production") {
      c.res.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload");
    }
  });
