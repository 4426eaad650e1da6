import { factory } from "../env.ts";

/** GET /api/health: answers from workerd and proves the D1 binding works (one trivial query). */
export const health = factory.createApp().get("/", async (c) => {
  const row = await c.env.DB.prepare("SELECT value FROM meta WHERE key = 'divisions_version'").first<{ value: string }>();
  return c.json({ ok: true, d1: true, divisions: row?.value ?? null, environment: c.env.ENVIRONMENT });
});
