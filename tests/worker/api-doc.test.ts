/// <reference types="vite/client" />
/**
 * docs/api.md stays true to the worker: every `/api/*` route registered on the app (method and
 * path) has a `### METHOD /path` heading in docs/api.md, and every such heading names a route
 * that exists, and none has an `/en/api` twin. The local benchmark routes are left out.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import apiDoc from "../../docs/api.md?raw";
import { app } from "../../worker/index.ts";

/** Routes that exist but are not part of the public API (documented as such, or not at all). */
const NOT_PUBLIC = new Set([
  // Benchmark routes (worker/routes/bench.ts): a 404 unless the local-only INTAKE_UNPROTECTED switch is on.
  "POST /api/bench/insert",
  "POST /api/bench/inbox",
  "POST /api/bench/search",
]);

/** Every concrete route of the app as `METHOD /path` (middleware entries are `ALL`). */
const registered = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));

const apiRoutes = [...registered].filter((r) => r.split(" ")[1]!.startsWith("/api/") && !NOT_PUBLIC.has(r)).sort();

/** Endpoint headings of docs/api.md: `## GET /api/x`, `### POST /api/y …` (a query string is dropped). */
const documented = [...apiDoc.matchAll(/^#{2,4}[ \t]+`?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t]+(\/[^\s`?]*)/gm)].map((m) => `${m[1]} ${m[2]}`);

describe("docs/api.md", () => {
  it("finds the routes and the headings it compares", () => {
    expect(apiRoutes.length, "no /api/* routes found on the worker app: has app.routes changed shape?").toBeGreaterThan(5);
    expect(documented.length, "no `### METHOD /path` endpoint headings found in docs/api.md").toBeGreaterThan(5);
  });

  it("has a heading for every /api/* route of the worker", () => {
    const missing = apiRoutes.filter((r) => !documented.includes(r));
    expect(
      missing,
      `docs/api.md has no heading for these /api/* routes of the worker; add a "### ${missing[0] ?? "METHOD /path"}" section for each (or list the route in NOT_PUBLIC here if it is not public):\n  ${missing.join("\n  ")}\n`,
    ).toEqual([]);
  });

  it("documents only routes that exist", () => {
    const stale = documented.filter((d) => !registered.has(d) || NOT_PUBLIC.has(d));
    expect(stale, `docs/api.md has endpoint headings for routes the worker does not register (removed or renamed?):\n  ${stale.join("\n  ")}\n`).toEqual([]);
  });

  it("documents each endpoint once", () => {
    const twice = documented.filter((d, i) => documented.indexOf(d) !== i);
    expect(twice, `docs/api.md has more than one heading for:\n  ${twice.join("\n  ")}\n`).toEqual([]);
  });

  it("is right that the API is mounted once: no route answers under /en/api", () => {
    const twins = [...registered].filter((r) => r.split(" ")[1]!.startsWith("/en/api"));
    expect(twins, "docs/api.md (Conventions, `/en` prefix) says the API has no /en/api twins; mount it once (worker/index.ts)").toEqual([]);
  });
});

describe("the API is mounted once", () => {
  const endpoints = documented.filter((d) => d.split(" ")[1]!.startsWith("/api/"));

  it.each(endpoints)("%s answers at /api/… and its /en/api/… twin is an unknown path (the JSON 404)", async (route) => {
    const [method, path] = route.split(" ") as [string, string];
    const twin = await exports.default.fetch(`http://localhost/en${path}`, { method, redirect: "manual" });
    expect(twin.status).toBe(404);
    expect(twin.headers.get("allow")).toBeNull();
    expect(await twin.json()).toMatchObject({ code: "not_found" });
    // Without a query or body the route refuses or answers, but it is there: neither unknown nor the wrong method.
    const res = await exports.default.fetch(`http://localhost${path}`, { method, redirect: "manual" });
    expect([404, 405], `${route} is not answered at ${path}`).not.toContain(res.status);
  });
});
