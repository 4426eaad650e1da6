/**
 * Tracking by receipt code (issue #5 §3): GET /track (the built form), POST /track (the
 * tracking page, or a message to the body with `action=message`), and the JSON twins
 * POST /api/track and POST /api/track/messages. The code only ever travels in a POST body.
 * Every wrong code gets the same answer through the same work (hash every configured key
 * version, one indexed lookup), and guessing is rate-limited (TRACK_LIMITER).
 */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { t } from "../../site/i18n/index.ts";
import { factory, type AppEnv, type Bindings } from "../env.ts";
import { AppError } from "../lib/errors.ts";
import { renderShell } from "../ui/shell.ts";
import { withinRateLimit } from "../domain/abuse.ts";
import { normaliseReceiptCode, receiptHashCandidates, receiptKeys } from "../domain/receipt.ts";
import { MAX_MERGE_DEPTH, reachedOn, trackStages } from "../domain/track.ts";
import { beijingToday } from "../domain/working-days.ts";
import { insertMessage, reportAssignments, reportByReceiptHashes, reportById, reportEvents, reportMessages, type TrackedReport } from "../db/track.ts";
import { builtPage } from "./reports/page.ts";
import { connectingAddress, requireType, tooLarge } from "./reports/shared.ts";
import { TrackView, type TrackViewProps } from "./reports/views.tsx";

export const MESSAGE_MAX = 2000;
const MessageText = z.string().transform((s) => s.normalize("NFC").trim()).pipe(z.string().min(1).max(MESSAGE_MAX));

/** The reporter's own report for a typed code, or null for any wrong code. */
async function reportForCode(env: Bindings, typed: unknown): Promise<TrackedReport | null> {
  const keys = receiptKeys(env);
  // A malformed code goes through the same hashing and lookup as a well-formed wrong one.
  const normalised = (typeof typed === "string" ? normaliseReceiptCode(typed) : null) ?? "!".repeat(20);
  return reportByReceiptHashes(env.DB, receiptHashCandidates(keys, normalised));
}

/** What the reporter sees: the report followed (the main report when merged), its stages, replies and own messages. */
async function trackingData(env: Bindings, own: TrackedReport) {
  let followed = own;
  for (let depth = 0; followed.mergedInto && depth < MAX_MERGE_DEPTH; depth++) {
    followed = (await reportById(env.DB, followed.mergedInto)) ?? followed;
  }
  const [events, assignments, replies, messages] = await Promise.all([
    reportEvents(env.DB, followed.id),
    reportAssignments(env.DB, followed.id),
    reportMessages(env.DB, followed.id, ["public_reply"]),
    // Private messages stay per reporter: a merged reporter never sees another's messages.
    reportMessages(env.DB, own.id, ["message"]),
  ]);
  const stages = trackStages({ ...followed, assignments, reachedOn: reachedOn(events) }, beijingToday());
  return { status: followed.status, merged: followed.id !== own.id ? { reporterCount: followed.reporterCount } : null, stages, events, replies, messages };
}

async function guard(c: Context<AppEnv>) {
  if (!(await withinRateLimit(c.env.TRACK_LIMITER, c.env, connectingAddress(c), "track"))) throw new AppError(429, "rate_limited", "rate_limited");
}

export const trackRoutes = factory.createApp();

const trackForm = (c: Context<AppEnv>) => builtPage(c, "/track/");
trackRoutes.get("/track", trackForm);
trackRoutes.get("/track/", trackForm);

const trackPage = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  const form = await c.req.parseBody();
  try {
    await guard(c);
  } catch {
    return builtPage(c, "/track/", { notice: t(lang, "track.rate_limited") }, 429);
  }
  const own = await reportForCode(c.env, form.code);
  if (!own) return builtPage(c, "/track/", { notice: t(lang, "track.not_found"), skip: ["code"] }, 404);
  let messageError = false;
  let messageSent = false;
  if (form.action === "message") {
    const text = MessageText.safeParse(form.text);
    if (text.success) {
      await insertMessage(c.env.DB, { reportId: own.id, onDay: beijingToday(), direction: "to_body", kind: "message", bodyId: null, text: text.data }).run();
      messageSent = true;
    } else messageError = true;
  }
  const data = await trackingData(c.env, own);
  const props: TrackViewProps = { lang, code: normaliseReceiptCode(String(form.code))!.match(/.{4}/g)!.join("-"), ...data, messageError, messageSent };
  const body = await (<TrackView {...props} />).toString();
  return renderShell(c, { title: t(lang, "track.title"), body, noStore: true, status: messageError ? 400 : 200 });
};
trackRoutes.post("/track", bodyLimit({ maxSize: 16 * 1024 }), trackPage);
trackRoutes.post("/track/", bodyLimit({ maxSize: 16 * 1024 }), trackPage);

async function jsonBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  requireType(c.req.header("content-type"), ["application/json"]);
  try {
    const body = JSON.parse(await c.req.text()) as unknown;
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AppError(400, "bad_request", "bad_request");
}

trackRoutes.post("/api/track", bodyLimit({ maxSize: 4 * 1024, onError: tooLarge }), async (c) => {
  const body = await jsonBody(c);
  await guard(c);
  const own = await reportForCode(c.env, body.code);
  if (!own) throw new AppError(404, "not_found", "not_found");
  c.header("cache-control", "no-store");
  return c.json(await trackingData(c.env, own));
});

trackRoutes.post("/api/track/messages", bodyLimit({ maxSize: 16 * 1024, onError: tooLarge }), async (c) => {
  const body = await jsonBody(c);
  await guard(c);
  const own = await reportForCode(c.env, body.code);
  if (!own) throw new AppError(404, "not_found", "not_found");
  const text = MessageText.safeParse(body.text);
  if (!text.success) {
    throw new AppError(400, "validation_failed", "validation_failed", [{ path: "text", code: "track.message.e_length", message: t(c.get("lang"), "track.message.e_length") }]);
  }
  await insertMessage(c.env.DB, { reportId: own.id, onDay: beijingToday(), direction: "to_body", kind: "message", bodyId: null, text: text.data }).run();
  c.header("cache-control", "no-store");
  return c.json({ sent: true }, 201);
});
