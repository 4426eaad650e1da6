/**
 * The intake API (issue #5 §2): `GET /api/reports/challenge` (ALTCHA), `POST /api/evidence`
 * (one file as the raw body → an upload token), `POST /api/reports` (JSON, validated by the
 * same schema as the form). The township picker searches `GET /api/search` (routes/search/index.tsx).
 * Every failure is a precise 4xx in the one envelope (worker/lib/respond.ts).
 */
import { stageEvidence } from "../../services/evidence-batch.ts";
import { bodyLimit } from "hono/body-limit";
import { EVIDENCE_MEDIA_TYPES, REPORT_LIMITS } from "../../../data/schema/report.ts";
import { factory } from "../../env.ts";
import { AppError } from "../../lib/errors.ts";
import { newChallenge } from "../../domain/abuse.ts";
import { cleanEvidence, type IntakeResult } from "../../services/intake.ts";
import { fileApiReport } from "../../services/api-intake.ts";
import { hashSecret, receiptKeys, ReceiptKeyMissingError } from "../../domain/receipt.ts";
import { beijingToday } from "../../domain/working-days.ts";
import { randomToken } from "../../auth/tokens.ts";
import { assertWithinLimit, fieldErrors, intakeError, parseReport } from "./shared.ts";
import { requireType, tooLarge } from "../../lib/request.ts";

export const intakeApi = factory.createApp();

intakeApi.get("/api/reports/challenge", async (c) => {
  c.header("cache-control", "no-store");
  return c.json(await newChallenge(c.env));
});

intakeApi.post("/api/evidence", bodyLimit({ maxSize: REPORT_LIMITS.evidenceBytes, onError: tooLarge }), async (c) => {
  const declared = requireType(c.req.header("content-type"), EVIDENCE_MEDIA_TYPES);
  await assertWithinLimit(c, "INTAKE_LIMITER", "evidence");
  const raw = new Uint8Array(await c.req.arrayBuffer());
  let cleaned;
  try {
    cleaned = await cleanEvidence(raw, declared);
  } catch (err) {
    intakeError(c.get("lang"), err);
  }
  const token = randomToken();
  try {
    // Staged until the report's delivery batch writes it to its final key (security L10).
    await stageEvidence(c.env, cleaned, hashSecret(receiptKeys(c.env), "evidence", token), beijingToday());
  } catch (err) {
    // A missing key or a storage failure is ours, not the client's: 503, try again later.
    if (err instanceof ReceiptKeyMissingError) intakeError(c.get("lang"), err);
    throw new AppError("unavailable");
  }
  // The token is a credential for attaching the file: never cached.
  c.header("cache-control", "no-store");
  return c.json({ token, mediaType: cleaned.mediaType, bytes: cleaned.bytes.length }, 201);
});

intakeApi.post("/api/reports", bodyLimit({ maxSize: REPORT_LIMITS.jsonBytes, onError: tooLarge }), async (c) => {
  const lang = c.get("lang");
  requireType(c.req.header("content-type"), ["application/json"]);
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new AppError("bad_request", { fields: fieldErrors(lang, [{ path: "body", code: "report.e.json" }]) });
  }
  const parsed = parseReport(body);
  if (!parsed.ok) throw new AppError("validation_failed", { fields: fieldErrors(lang, parsed.issues) });
  // The limit first: a refused request must not spend the client's solved challenge.
  await assertWithinLimit(c, "INTAKE_LIMITER", "intake");
  let result: IntakeResult | "altcha";
  try {
    result = await fileApiReport(c.env, parsed.input);
  } catch (err) {
    intakeError(lang, err);
  }
  if (result === "altcha") throw new AppError("validation_failed", { fields: fieldErrors(lang, [{ path: "altcha", code: "report.e.altcha" }]) });
  c.header("cache-control", "no-store");
  return c.json(
    {
      receiptCode: result.receiptCode,
      replayed: result.replayed,
      routing: result.decisions.map((d) => ({ bodyName: d.bodyName, status: d.status, joined: d.joined, channelId: d.channelId, reason: d.reason })),
    },
    result.replayed ? 200 : 201,
  );
});
