/**
 * Tracking by receipt code (issue #5 §3): GET /track (the built form), POST /track (the
 * tracking page, or a message to the body with `action=message`), and the JSON twins
 * POST /api/track, POST /api/track/messages, /api/track/reopen, /api/track/rating and
 * /api/track/consent. With the code the reporter may also reopen a closed report (contest the
 * conclusion; the reason goes to the body as a message), rate each body's handling once its case has a conclusion,
 * and give or withdraw consent to a published summary (issue #6 §3, §8).
 * The code only ever travels in a POST body.
 * Every wrong code gets the same answer through the same work (hash every configured key
 * version, one indexed lookup), and guessing is rate-limited (TRACK_LIMITER).
 */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { t, type Lang } from "../../../site/i18n/index.ts";
import { factory, type AppEnv, type Bindings } from "../../env.ts";
import { AppError } from "../../lib/errors.ts";
import { fillBuiltForm, html } from "../../ui/shell.ts";
import { withinRateLimit } from "../../lib/rate-limit.ts";
import { normaliseReceiptCode, RECEIPT_CHARS, receiptHashCandidates, receiptKeys } from "../../domain/receipt.ts";
import { MAX_MERGE_DEPTH, trackCases } from "../../domain/track.ts";
import { beijingToday } from "../../domain/working-days.ts";
import { RATEABLE } from "../../domain/lifecycle.ts";
import { hasPendingReopen, reportByReceiptHashes, reportById, reportCases, reportMessages, townshipNames, type TrackedReport } from "../../db/track.ts";
import { caseRatings } from "../../db/ratings.ts";
import { placeLabel } from "../../../data/schema/division.ts";
import { mayReopen, reporterAction, type ActionName, type ActionResult } from "../../services/reporter-actions.ts";
import { ACTION_NAMES, FIELD, TrackAction } from "./schema.ts";
import { connectingAddress, requireType, tooLarge } from "../../lib/request.ts";
import { TrackView, type TrackViewProps } from "./views.tsx";
import type { RateableCase } from "./case-rating.tsx";
import { readForm } from "../../lib/form-body.ts";
import { routingOutcomes } from "../../db/reports.ts";
import { reachedNoBody } from "../../domain/handoff.ts";
import { handoffView } from "../../services/handoff.ts";
import { contentDueOn, maxAgeDays, retentionDays } from "../../services/retention.ts";

/**
 * The cases the reporter may rate: each body case with a conclusion (security M4), on their own
 * report only (a merged reporter's rating would overwrite the main reporter's).
 */
async function rateableCases(db: D1Database, own: TrackedReport): Promise<RateableCase[]> {
  if (own.mergedInto !== null) return [];
  return (await caseRatings(db, own.id)).filter((c) => RATEABLE.includes(c.status)).map(({ bodyId, bodyName, rating }) => ({ bodyId, bodyName, rating }));
}

/** Parses a reporter's action (the form's strings or JSON's typed values) and carries it out through the one service. */
async function performAction(env: Bindings, own: TrackedReport, input: Record<string, unknown>): Promise<ActionResult> {
  const action = input.action as ActionName;
  const parsed = TrackAction.safeParse(input);
  if (!parsed.success) return { ok: false, action, status: 400, ...FIELD[action] };
  return reporterAction(env, own, parsed.data);
}

/** The reporter's own report for a typed code, or null for any wrong code. */
async function reportForCode(env: Bindings, typed: unknown): Promise<TrackedReport | null> {
  const keys = receiptKeys(env);
  // A malformed code goes through the same hashing and lookup as a well-formed wrong one.
  const normalised = (typeof typed === "string" ? normaliseReceiptCode(typed) : null) ?? "!".repeat(20);
  return reportByReceiptHashes(env.DB, receiptHashCandidates(keys, normalised));
}

/** What the reporter sees: which report it is, the report followed (the main report when merged), its cases, replies and own messages. */
async function trackingData(env: Bindings, lang: Lang, own: TrackedReport) {
  let followed = own;
  for (let depth = 0; followed.mergedInto && depth < MAX_MERGE_DEPTH; depth++) {
    followed = (await reportById(env.DB, followed.mergedInto)) ?? followed;
  }
  const [followedCases, ownCases, replies, messages, rateable, reopenWaiting, place] = await Promise.all([
    reportCases(env.DB, followed.id),
    // A merged reporter also sees how their own report ended at each body (已合并).
    followed.id === own.id ? [] : reportCases(env.DB, own.id),
    reportMessages(env.DB, followed.id, ["public_reply"]),
    // Private messages stay per reporter: a merged reporter never sees another's messages.
    reportMessages(env.DB, own.id, ["message"]),
    rateableCases(env.DB, own),
    // A reopen request waiting for its batch: the form is not offered again.
    hasPendingReopen(env.DB, own.id),
    townshipNames(env.DB, own.townshipCode),
  ]);
  // Reached no body (no joined body holds it: none routed, none assigned, e.g. by a transfer):
  // «未送达» and the hand-off instead of the cases.
  const decisions = await routingOutcomes(env.DB, followed.id);
  const cases = [...ownCases, ...followedCases];
  const noBody = cases.length === 0 && reachedNoBody(decisions);
  const undelivered = noBody ? { handoff: await handoffView(env.DB, lang, followed.id, decisions) } : null;
  const tracked = trackCases(cases, noBody, beijingToday());
  return {
    status: followed.status,
    stage: tracked.stage,
    cases: tracked.cases,
    // Which report it is, coarsely (a cadre with two receipts tells them apart): never the day or time it was filed.
    report: { category: own.category, place: placeLabel(place, "full"), month: own.receivedOn.slice(0, 7), title: own.contentPurgedOn ? null : own.title },
    merged: followed.id !== own.id ? { reporterCount: followed.reporterCount } : null,
    replies,
    messages,
    canReopen: mayReopen(own) && !reopenWaiting,
    rateable,
    publishConsent: own.publishConsent === 1,
    // The reporter's own content: when it goes, or when it went.
    undelivered,
    content: own.contentPurgedOn ? { purgedOn: own.contentPurgedOn } : { dueOn: contentDueOn(own, retentionDays(env), maxAgeDays(env)) },
  };
}

async function guard(c: Context<AppEnv>) {
  if (!(await withinRateLimit(c.env.TRACK_LIMITER, c.env, connectingAddress(c), "track"))) throw new AppError("rate_limited");
}

/** The pages, mounted at "" and "/en" (worker/index.ts): /track. */
export const trackRoutes = factory.createApp();

const trackForm = (c: Context<AppEnv>) => fillBuiltForm(c, "/track/");
trackRoutes.get("/track", trackForm);
trackRoutes.get("/track/", trackForm);

const trackPage = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  const form = await readForm(c);
  try {
    await guard(c);
  } catch {
    return fillBuiltForm(c, "/track/", { notice: t(lang, "track.rate_limited") }, 429);
  }
  const own = await reportForCode(c.env, form.code);
  if (!own) {
    // A code of the wrong length can match nothing: say so, instead of "no such report" (UX 31). It
    // tells nothing about which codes exist, and the lookup above ran for it all the same.
    const typedLength = typeof form.code === "string" ? form.code.replace(/[\s\-_.·]/g, "").length : 0;
    const notice = typedLength > 0 && typedLength !== RECEIPT_CHARS ? t(lang, "track.e_length", { count: typedLength }) : t(lang, "track.not_found");
    return fillBuiltForm(c, "/track/", { notice, skip: ["code"] }, 404);
  }
  let result: ActionResult | null = null;
  if (typeof form.action === "string" && (ACTION_NAMES as readonly string[]).includes(form.action)) {
    result = await performAction(c.env, own, {
      action: form.action,
      text: form.text,
      reason: form.reason,
      rating: form.rating,
      body: typeof form.body === "string" ? form.body : undefined,
      consent: form.consent,
    });
  }
  // Re-read after the action, so a reopen shows the new status and a rating the stored value.
  const fresh = result?.ok && (result.action === "reopen" || result.action === "consent") ? ((await reportById(c.env.DB, own.id)) ?? own) : own;
  const data = await trackingData(c.env, lang, fresh);
  const props: TrackViewProps = {
    lang,
    code: normaliseReceiptCode(String(form.code))!.match(/.{4}/g)!.join("-"),
    ...data,
    messageError: result?.action === "message" && !result.ok,
    messageSent: result?.action === "message" && result.ok,
    done: result?.ok ? result.action : null,
    rateBody: result?.action === "rate" ? (result.body ?? null) : null,
    errors: result && !result.ok ? { [result.action]: t(lang, result.key) } : {},
  };
  const variant = data.undelivered?.handoff ? ("handoff" as const) : undefined;
  return html(c, <TrackView {...props} />, {
    title: t(lang, "track.title"),
    noStore: true,
    status: result && !result.ok ? result.status : 200,
    ...(variant ? { variant } : {}),
  });
};
trackRoutes.post("/track", bodyLimit({ maxSize: 16 * 1024 }), trackPage);
trackRoutes.post("/track/", bodyLimit({ maxSize: 16 * 1024 }), trackPage);

/** The JSON twins, mounted once at /api (worker/index.ts): the pages above also answer under /en. */
export const trackApi = factory.createApp();

async function jsonBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  requireType(c.req.header("content-type"), ["application/json"]);
  try {
    const body = JSON.parse(await c.req.text()) as unknown;
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AppError("bad_request");
}

/** The JSON routes' common start: the body (a JSON object), the rate limit, and the reporter's own report for `body.code` (404 for any wrong code). */
async function ownReportFromJson(c: Context<AppEnv>): Promise<{ body: Record<string, unknown>; own: TrackedReport }> {
  const body = await jsonBody(c);
  await guard(c);
  const own = await reportForCode(c.env, body.code);
  if (!own) throw new AppError("not_found");
  return { body, own };
}

trackApi.post("/api/track", bodyLimit({ maxSize: 4 * 1024, onError: tooLarge }), async (c) => {
  const { own } = await ownReportFromJson(c);
  c.header("cache-control", "no-store");
  return c.json(await trackingData(c.env, c.get("lang"), own));
});

/** The envelope's 400/409 for a refused action, with the field and a message in the request's language. */
function refuse(c: Context<AppEnv>, result: ActionResult) {
  if (result.ok) return;
  const fields = [{ path: result.path, code: result.key }];
  throw result.status === 409 ? new AppError("conflict", { fields: fields }) : new AppError("validation_failed", { fields: fields });
}

/**
 * The JSON twin of a form action: `input` maps the JSON body to the action's fields (JSON takes
 * typed values only; the form's strings are coerced by the same schema), `answer` is the reply.
 */
function jsonAction(
  path: string,
  maxSize: number,
  input: (body: Record<string, unknown>) => Record<string, unknown>,
  answer: (fields: Record<string, unknown>, result: ActionResult) => object,
  status: 200 | 201 = 200,
) {
  trackApi.post(path, bodyLimit({ maxSize, onError: tooLarge }), async (c) => {
    const { body, own } = await ownReportFromJson(c);
    const fields = input(body);
    const result = await performAction(c.env, own, fields);
    refuse(c, result);
    c.header("cache-control", "no-store");
    return c.json(answer(fields, result), status);
  });
}

jsonAction(
  "/api/track/messages",
  16 * 1024,
  (b) => ({ action: "message", text: b.text }),
  () => ({ sent: true }),
  201,
);
jsonAction(
  "/api/track/reopen",
  4 * 1024,
  (b) => ({ action: "reopen", reason: b.reason }),
  () => ({ reopenRequested: true }),
);
jsonAction(
  "/api/track/rating",
  4 * 1024,
  (b) => ({ action: "rate", rating: typeof b.rating === "number" ? b.rating : Number.NaN, body: typeof b.body === "string" ? b.body : undefined }),
  (f, r) => ({ rated: true, rating: f.rating, body: r.body }),
);
jsonAction(
  "/api/track/consent",
  4 * 1024,
  (b) => ({ action: "consent", consent: b.consent === true ? "yes" : b.consent === false ? "no" : null }),
  (f) => ({ publishConsent: f.consent === "yes" }),
);
