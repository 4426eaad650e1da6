/**
 * What a body's official writes on its cases besides a single transition (issue #6): the inbox's
 * bulk accept/investigate, an internal note, a message to the reporter or a public reply. Each
 * write carries its audit entry. The caller has resolved a single case through the user's body
 * (transition.ts `loadAssigned`); the bulk action resolves each report the same way.
 */
import type { Bindings } from "../env.ts";
import { AppError } from "../lib/errors.ts";
import type { Role } from "../domain/lifecycle.ts";
import { audit } from "../db/audit.ts";
import { addMessage, addNote, type ActingUser } from "../db/oversight.ts";
import { applyTransition } from "./transition.ts";

/** Longest note, message or reply kept (the rest is cut off). */
const MAX_CASE_TEXT = 10_000;

/** A required free-text field left empty: the form comes back with the field named. */
const requiredText = (path: string) => new AppError("validation_failed", { fields: [{ path, code: "e.required" }] });

/** Accepts or investigates each of `ids` the body holds, skipping those the lifecycle refuses; audits the count. */
export async function bulkTransition(
  env: Pick<Bindings, "DB" | "DELIVERY_QUEUE">,
  user: ActingUser & { role: Role },
  ids: readonly string[],
  action: "accept" | "investigate",
  today: string,
): Promise<number> {
  let done = 0;
  for (const id of ids) {
    try {
      await applyTransition(env, { bodyId: user.bodyId, userId: user.id, actor: { kind: "user", role: user.role }, reportId: id, action, input: {}, today });
      done++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  await audit(env.DB, { bodyId: user.bodyId, userId: user.id, action: "bulk", detail: `${action}: ${done}/${ids.length}` });
  return done;
}

/** An internal note on the case (never shown to the reporter); empty text is a field error on `text`. */
export async function noteCase(db: D1Database, user: ActingUser, reportId: string, text: string): Promise<void> {
  const kept = text.slice(0, MAX_CASE_TEXT);
  if (!kept) throw requiredText("text");
  await addNote(db, user, reportId, kept);
}

/** A message to the reporter or a public reply, shown on /track; empty text is a field error on `text`. */
export async function writeToReporter(
  db: D1Database,
  user: ActingUser,
  reportId: string,
  kind: "message" | "public_reply",
  text: string,
  today: string,
): Promise<void> {
  const kept = text.slice(0, MAX_CASE_TEXT);
  if (!kept) throw requiredText("text");
  await addMessage(db, user, reportId, kind, kept, today);
}
