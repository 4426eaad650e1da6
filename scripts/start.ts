/**
 * `npm start`: build the portal, prepare local D1 (migrations, divisions, demo data),
 * item and measure search, then serve portal and API with `wrangler dev` on http://localhost:8787.
 * Options: --no-build (reuse dist/), --port N (serve on http://localhost:N instead; every printed link follows).
 */
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { build } from "./build.ts";
import { loadDivisionsIntoD1 } from "./load-divisions.ts";
import { loadContentIntoD1 } from "./load-content.ts";
import { isDeployBuild } from "../data/demo-content.ts";
import { seedDemo } from "./seed-demo.ts";
import { seedDemoUsers } from "./seed-demo-users.ts";
import { startWranglerDev } from "./lib/wrangler-dev.ts";
import { devVar, startDevReceiver, RECEIVER_PORT, WEBHOOK_LOG } from "./dev-receiver.ts";

const argv = process.argv.slice(2);
const port = Number(argv[argv.indexOf("--port") + 1]) || 8787;
const local = { remote: false };

/** Local secrets, made once per checkout (never committed; production uses `wrangler secret put`). */
function ensureDevVars(): void {
  if (existsSync(".dev.vars")) return;
  const secret = () => randomBytes(32).toString("base64url");
  const lines = ["RECEIPT_KEY_V1", "SESSION_KEY", "RATE_KEY", "ALTCHA_KEY"].map((name) => `${name}=${secret()}`);
  writeFileSync(".dev.vars", `# Local secrets made by npm start. Losing RECEIPT_KEY_V1 makes local receipts untrackable.\n${lines.join("\n")}\n`);
  console.log("start: wrote local secrets to .dev.vars");
}

ensureDevVars();
if (!argv.includes("--no-build") || !existsSync("dist/index.html")) await build();
console.log("start: preparing local D1");
await loadDivisionsIntoD1(local);
// The item and measure search holds what this build's pages show (no illustrative content under QINGDAN_DEPLOY=1).
loadContentIntoD1(local, { demo: !isDeployBuild() });
await seedDemo(local);
await seedDemoUsers(local, { origin: `http://localhost:${port}` });
// The demo bodies' webhooks go to a local receiver (docs/delivery.md); it stops with this process.
await startDevReceiver({ secret: devVar("DEMO_WEBHOOK_SECRET")!, failRate: Number(process.env.QINGDAN_RECEIVER_FAIL ?? 0) }).catch((err: Error) =>
  console.warn(`start: webhook receiver not started (${err.message}); demo webhooks will be retried`),
);

console.log(`start: starting wrangler dev on port ${port}`);
// Own process group, so stopping npm start stops workerd too.
const dev = await startWranglerDev({ port, logLevel: "warn", stdio: "inherit" });
process.on("SIGINT", () => (dev.stop(), process.exit(130)));
process.on("SIGTERM", () => (dev.stop(), process.exit(143)));
dev.child.on("exit", (code) => process.exit(code ?? 0));
console.log(`\n  Qingdan is running: http://localhost:${port}/\n  API health: http://localhost:${port}/api/health\n  Stop with Ctrl+C.\n`);
console.log(
  `  Demo webhooks: http://127.0.0.1:${RECEIVER_PORT}/webhooks/<body> → ${WEBHOOK_LOG}\n  Demo emails: .wrangler/tmp/email/miniflare-*/email/*.eml while running (docs/delivery.md)\n`,
);
