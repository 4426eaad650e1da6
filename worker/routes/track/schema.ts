/** The one boundary schema of /track and /api/track/*: what a reporter does with their code. */
import { z } from "zod";
import { cleanText, displayable } from "../../../data/schema/text.ts";
import type { ActionName, ReporterAction } from "../../services/reporter-actions.ts";

export const MESSAGE_MAX = 2000;
/** Longest reason a reporter gives for reopening (it reaches the body as a message). */
export const REOPEN_REASON_MAX = 500;
const Text = (max: number) => z.string().transform(cleanText).pipe(z.string().min(1).max(max).refine(displayable));

/** A message, a reopen, a rating, a consent; the service's input type is what it parses to. */
export const TrackAction = z.discriminatedUnion("action", [
  z.object({ action: z.literal("message"), text: Text(MESSAGE_MAX) }),
  z.object({ action: z.literal("reopen"), reason: Text(REOPEN_REASON_MAX) }),
  z.object({ action: z.literal("rate"), rating: z.coerce.number().int().min(1).max(5), body: z.string().min(1).max(100).optional() }),
  z.object({ action: z.literal("consent"), consent: z.enum(["yes", "no"]) }),
]) satisfies z.ZodType<ReporterAction, unknown>;

export const ACTION_NAMES: readonly ActionName[] = ["message", "reopen", "rate", "consent"];

/** Each action's field and the i18n key of its validation error. */
export const FIELD: Record<ActionName, { path: string; key: string }> = {
  message: { path: "text", key: "track.message.e_length" },
  reopen: { path: "reason", key: "track.reopen.e_length" },
  rate: { path: "rating", key: "track.rate.e_range" },
  consent: { path: "consent", key: "e.invalid" },
};
