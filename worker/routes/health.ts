import { factory } from "../env.ts";
import { divisionsVersion } from "../db/meta.ts";

/** GET /api/health: answers from workerd and proves the D1 binding works (one trivial query). */
export const health = factory.createApp().get("/", async (c) => {
  const version = await divisionsVersion(c.env.DB);
  return c.json({ ok: true, d1: true, divisions: version ?? null, environment: c.env.ENVIRONMENT });
});
