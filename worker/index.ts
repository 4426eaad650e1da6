/**
 * Qingdan worker entrypoint: mounts the sub-apps and hands every other path to the static
 * portal (Workers static assets; wrangler.toml `run_worker_first` lists the worker's paths).
 * Each sub-app lives in its own module; pages under /en/ are the English copies.
 */
import { factory, type Bindings } from "./env.ts";
import { AppError } from "./lib/errors.ts";
import { errorResponse } from "./lib/respond.ts";
import { requestContext } from "./lib/request-context.ts";
import { securityHeaders } from "./lib/security-headers.ts";
import { health } from "./routes/health.ts";
import { reportApi, reportRoutes } from "./routes/report/index.ts";
import { trackApi, trackRoutes } from "./routes/track/index.tsx";
import { checkRoutes } from "./routes/check/index.ts";
import { oversightRoutes } from "./routes/oversight/index.ts";
import { statsApi, statsRoutes } from "./routes/stats/index.ts";
import { contributeRoutes } from "./routes/contribute/index.tsx";
import { coverageRoutes } from "./routes/coverage/index.tsx";
import { editorRoutes } from "./routes/editor/index.tsx";
import { benchRoutes } from "./routes/bench.ts";
import { searchApi, searchRoutes } from "./routes/search/index.tsx";
import { pageMissing } from "./routes/not-found.tsx";
import { handleQueue } from "./delivery/queue.ts";
import { handleScheduled } from "./scheduled.ts";
import { RATE_LIMIT_PERIOD_SECONDS } from "./domain/abuse.ts";

const app = factory.createApp();

app.use("*", securityHeaders(), requestContext());
// Every 429 (API envelope or re-rendered form) says when to come back: the limiters' window.
app.use("*", async (c, next) => {
  await next();
  if (c.res.status === 429 && !c.res.headers.has("retry-after")) c.res.headers.set("retry-after", String(RATE_LIMIT_PERIOD_SECONDS));
});

// The JSON API answers once, at /api/…: its language follows Accept-Language (lib/request-context.ts),
// so an /en/api/… path is unknown (the JSON 404 below).
app.route("/api/health", health);
app.route("/", benchRoutes);
app.route("/", reportApi);
app.route("/", trackApi);
app.route("/", searchApi);
app.route("/", statsApi);
// The pages answer at both prefixes: /en/… is the English copy.
for (const prefix of ["", "/en"]) {
  app.route(prefix, reportRoutes);
  app.route(prefix, trackRoutes);
  app.route(prefix, checkRoutes);
  app.route(prefix, searchRoutes);
  app.route(prefix, oversightRoutes);
  app.route(prefix, statsRoutes);
  app.route(prefix, contributeRoutes);
  app.route(prefix, coverageRoutes);
  app.route(prefix, editorRoutes);
}

/** The methods the worker's routes take on `path` (patterns like `/oversight/reports/:id/notes` included). */
const methodsOf = (path: string) => {
  const matches = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
        .replace(/:[^/]+/g, "[^/]+")
        .replace(/\*/g, ".*")}$`,
    ).test(path);
  return [...new Set(app.routes.filter((r) => r.method !== "ALL" && matches(r.path)).map((r) => r.method))];
};

app.notFound(async (c) => {
  // Only GET and HEAD go on to the static files: another method is answered here, because a
  // middleware (requireUser) may have read its body already, which the asset fetch would need (security L4).
  if (/^(\/en)?\/api\//.test(c.req.path) || (c.req.method !== "GET" && c.req.method !== "HEAD")) {
    // A known path with the wrong method is 405 with the methods it takes, not "not found".
    const allowed = methodsOf(c.req.path);
    if (allowed.length === 0) return errorResponse(c, new AppError("not_found"));
    const res = await errorResponse(c, new AppError("method_not_allowed"));
    res.headers.set("allow", allowed.join(", "));
    return res;
  }
  // Static assets answer a miss with an empty 404 (wrangler.toml `not_found_handling = "none"`): the page comes from here.
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  return asset.status === 404 ? pageMissing(c) : asset;
});

app.onError((err, c) => errorResponse(c, err));

export { app };

export default {
  fetch: app.fetch,
  queue: (batch, env, ctx) => handleQueue(batch, env, ctx),
  scheduled: (controller, env, ctx) => handleScheduled(controller, env, ctx),
} satisfies ExportedHandler<Bindings>;
