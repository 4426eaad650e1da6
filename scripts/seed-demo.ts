/**
 * Loads the demo data into local D1 (demo oversight bodies etc.). Extended by the report
 * channel and triage work; safe to run repeatedly.
 */
import type { D1Target } from "./lib/run.ts";

export async function seedDemo(target: D1Target): Promise<void> {
  if (target.remote) throw new Error("seed-demo: demo data is for local databases only");
}

if (import.meta.main) {
  await seedDemo({ remote: false });
}
