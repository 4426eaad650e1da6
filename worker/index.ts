/**
 * Qingdan worker entrypoint: mounts the API sub-apps and hands every other path to
 * the static portal (Workers static assets, see wrangler.toml `run_worker_first`).
 */
import { factory } from "./env.ts";
import { AppError } from "./lib/errors.ts";
import { errorResponse } from "./lib/respond.ts";
import { language } from "./lib/language.ts";
import { securityHeaders } from "./lib/security-headers.ts";
import { health } from "./routes/health.ts";

const app = factory.createApp();

app.use("*", securityHeaders(), language());

app.route("/api/health", health);

app.notFound((c) => {
  if (c.req.path.startsWith("/api/")) return errorResponse(c, new AppError(404, "not_found", "not_found"));
  return c.env.ASSETS.fetch(c.req.raw);
});

app.onError((err, c) => errorResponse(c, err));

export { app };

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
