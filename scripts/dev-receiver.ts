/**
 * The local stand-in for an oversight body's own system: receives the demo bodies' webhooks on
 * http://127.0.0.1:8790/webhooks/<body id>, verifies each Standard Webhooks signature with
 * DEMO_WEBHOOK_SECRET from .dev.vars, deduplicates by webhook-id (deliveries are at least once),
 * appends one JSON line per delivery to .tmp/webhooks.jsonl and prints one line per delivery.
 * Started by `npm start`; alone: `npm run dev:receiver`.
 * QINGDAN_RECEIVER_FAIL=0.3 makes it refuse 30 % of calls (503), to watch retries.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { Webhook } from "standardwebhooks";
import { DEV_VARS } from "./seed-demo.ts";

export const RECEIVER_PORT = 8790;
export const WEBHOOK_LOG = ".tmp/webhooks.jsonl";

/** Reads one variable from .dev.vars (KEY=value lines). */
export function devVar(name: string, file = DEV_VARS): string | undefined {
  if (!existsSync(file)) return undefined;
  const line = readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}=`));
  return line
    ?.slice(name.length + 1)
    .trim()
    .replace(/^"(.*)"$/, "$1");
}

export interface ReceiverOptions {
  port?: number;
  secret: string;
  log?: string;
  /** Share of calls refused with 503 (0–1), to demonstrate retries. */
  failRate?: number;
  print?: (line: string) => void;
}

export function startDevReceiver({ port = RECEIVER_PORT, secret, log = WEBHOOK_LOG, failRate = 0, print = console.log }: ReceiverOptions): Promise<Server> {
  const verifier = new Webhook(secret);
  const seen = new Set<string>();
  mkdirSync(log.replace(/\/[^/]*$/, ""), { recursive: true });
  if (existsSync(log)) {
    for (const line of readFileSync(log, "utf8").split("\n").filter(Boolean)) seen.add((JSON.parse(line) as { webhookId: string }).webhookId);
  }
  const server = createServer((req, res) => {
    const match = /^\/webhooks\/([a-z0-9-]+)$/.exec(req.url ?? "");
    if (req.method !== "POST" || !match) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const webhookId = headers["webhook-id"] ?? "";
      if (Math.random() < failRate) {
        print(`receiver: refused ${webhookId} (QINGDAN_RECEIVER_FAIL)`);
        res.writeHead(503).end();
        return;
      }
      let payload: { type: string; data: { reportId: string; category: string } };
      try {
        payload = verifier.verify(body, headers) as typeof payload;
      } catch {
        print(`receiver: ✗ ${match[1]} ${webhookId}: signature does not verify`);
        res.writeHead(401).end();
        return;
      }
      const duplicate = seen.has(webhookId);
      seen.add(webhookId);
      const record = { receivedAt: new Date().toISOString(), body: match[1], webhookId, duplicate, type: payload.type, data: payload.data };
      appendFileSync(log, `${JSON.stringify(record)}\n`);
      print(`receiver: ✓ ${match[1]} ${webhookId} report ${payload.data.reportId}${duplicate ? " (duplicate, ignored)" : ""}`);
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

if (import.meta.main) {
  const secret = devVar("DEMO_WEBHOOK_SECRET");
  if (!secret) throw new Error("dev-receiver: DEMO_WEBHOOK_SECRET is not in .dev.vars (run npm start once, or npm run seed:demo)");
  await startDevReceiver({ secret, failRate: Number(process.env.QINGDAN_RECEIVER_FAIL ?? 0) });
  console.log(`dev-receiver: listening on http://127.0.0.1:${RECEIVER_PORT}/webhooks/<body>, logging to ${WEBHOOK_LOG}`);
}
