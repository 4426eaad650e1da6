/**
 * Loads the demo data into local D1: the demo oversight bodies (data/oversight-bodies, `demo:
 * true`, named for real offices but with local stand-in contacts) and the official channels.
 * Run by `npm start` and the browser tests; safe to run repeatedly; never remote.
 * Their webhooks go to scripts/dev-receiver.ts, signed with DEMO_WEBHOOK_SECRET, which this adds
 * to .dev.vars when missing.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { loadBodiesIntoD1 } from "./load-bodies.ts";
import { isDeployBuild } from "../data/demo-content.ts";
import type { D1Target } from "./lib/run.ts";

export const DEV_VARS = ".dev.vars";

/** Adds the demo webhook signing key (Standard Webhooks `whsec_` format) to .dev.vars once. */
export function ensureDemoWebhookSecret(file = DEV_VARS): void {
  // npm start writes .dev.vars first; never create it here (that would skip its other secrets).
  if (!existsSync(file) || /^DEMO_WEBHOOK_SECRET=/m.test(readFileSync(file, "utf8"))) return;
  const text = readFileSync(file, "utf8");
  appendFileSync(file, `${text.endsWith("\n") ? "" : "\n"}DEMO_WEBHOOK_SECRET=whsec_${randomBytes(24).toString("base64")}\n`);
}

export async function seedDemo(target: D1Target, log: (line: string) => void = console.log): Promise<void> {
  if (target.remote) throw new Error("seed-demo: demo data is for local databases only");
  if (isDeployBuild()) throw new Error("seed-demo: QINGDAN_DEPLOY=1 is a deploy build, which has no demo data");
  ensureDemoWebhookSecret();
  loadBodiesIntoD1(target, { demo: true, log });
}

if (import.meta.main) {
  await seedDemo({ remote: false });
}
