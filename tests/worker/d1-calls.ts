/** Counts a test's D1 round trips: batches (with their size) and statements run on their own. Restore with vi.restoreAllMocks(). */
import { env } from "cloudflare:workers";
import { vi } from "vitest";

export function watchD1() {
  const statement = Object.getPrototypeOf(env.DB.prepare("SELECT 1")) as Record<"all" | "first" | "run" | "raw", () => unknown>;
  const single = (["all", "first", "run", "raw"] as const).map((method) => vi.spyOn(statement, method));
  const batch = vi.spyOn(env.DB, "batch");
  return {
    batches: () => batch.mock.calls.map(([statements]) => statements.length),
    singles: () => single.reduce((n, spy) => n + spy.mock.calls.length, 0),
  };
}
