import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";

/**
 * Security headers on every worker response. Static files get the same set from
 * site/public/_headers. No referrer leaves the site (a report page URL must not travel),
 * nothing may frame us, and scripts come only from our origin.
 */
export const BASE_SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
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
