/**
 * One case of the body (issue #6): the case page, the lifecycle actions, notes, messages to the
 * reporter and public replies, the published summary, and the evidence files. Every route
 * resolves the report through the user's body only (worker/db/oversight.ts `loadAssigned`).
 */
import type { Context } from "hono";
import { requireRole, oversightFactory, type OversightEnv } from "../../../auth/session.ts";
import { ACTIONS, availableActions, type Action } from "../../../domain/lifecycle.ts";
import { beijingToday } from "../../../domain/working-days.ts";
import { evidenceFile, reportDetails } from "../../../db/oversight.ts";
import { openCase } from "../../../services/case-reads.ts";
import { dutyItemName } from "../../../lib/duty-list.ts";
import { evidenceObject } from "../../../services/evidence-batch.ts";
import { recordRead } from "../../../services/access-log.ts";
import { applyTransition, loadAssigned, transferTargetsFor } from "../../../services/transition.ts";
import { approveSummary, draftSummary, withdrawSummary } from "../../../services/summaries.ts";
import { noteCase, writeToReporter } from "../../../services/casework.ts";
import { AppError } from "../../../lib/errors.ts";
import { onFormError } from "../../../lib/respond.ts";
import { field, readForm } from "../../../lib/form-body.ts";
import { opath, textField, type KeptForm } from "../views.tsx";
import { reportPage } from "./views.tsx";

export const reportRoutes = oversightFactory.createApp();

/**
 * The case page, also drawn again for a refused form. Opening it marks what this body can see as
 * read (for this body only) and records the view, in one service call; the page shows the messages
 * visible at the same instant, so nothing is marked read unshown.
 */
async function casePage(c: Context<OversightEnv>, kept?: KeptForm, status = 200): Promise<Response> {
  const user = c.get("user");
  const now = Date.now();
  const { report, seenBefore } = await openCase(c.env.DB, user, c.req.param("id")!, now);
  const [details, dutyName] = await Promise.all([
    reportDetails(c.env.DB, report.id, user.bodyId, now),
    dutyItemName(c.env.ASSETS, c.req.url, report.township_code, report.duty_item_ref),
  ]);
  const bodies = availableActions(report.status, user.role).includes("transfer") ? await transferTargetsFor(c.env.DB, user.bodyId, report) : [];
  return reportPage(c, { report, seenBefore, details, dutyName, bodies }, kept, status);
}

/**
 * A refused form on the case page comes back on that page (issue 16): the posted text fields
 * kept, an error summary at the top. The CSRF token is never echoed (the page renders its own).
 */
const keepOnCasePage = (c: Context<OversightEnv>, form: string, posted: Record<string, unknown>) =>
  onFormError(c, (problem) => {
    const values = Object.fromEntries(Object.entries(posted).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "csrf"));
    const kept: KeptForm = { form, values, title: problem.title, errors: problem.fields.map((f) => ({ path: f.path, message: f.message })) };
    return casePage(c, kept, problem.status);
  });

reportRoutes.get("/reports/:id", (c) => casePage(c));

reportRoutes.post("/reports/:id/transition", requireRole("admin", "triager"), async (c) => {
  const form = await readForm(c);
  const action = field(form, "action") as Action;
  if (!ACTIONS.includes(action)) throw new AppError("bad_request");
  keepOnCasePage(c, action, form);
  const user = c.get("user");
  const result = await applyTransition(c.env, {
    bodyId: user.bodyId,
    userId: user.id,
    actor: { kind: "user", role: user.role },
    reportId: c.req.param("id"),
    action,
    input: {
      finding: textField(c.get("lang"), form, "finding"),
      remedy: textField(c.get("lang"), form, "remedy"),
      reason: textField(c.get("lang"), form, "reason"),
      targetBodyId: field(form, "target_body"),
      mergedInto: field(form, "merged_into"),
    },
    today: beijingToday(),
  });
  // After a transfer the report belongs to another body: back to the inbox.
  return c.redirect(opath(c, result.heldBy === user.bodyId ? `/reports/${c.req.param("id")}` : ""), 303);
});

reportRoutes.post("/reports/:id/notes", requireRole("admin", "triager"), async (c) => {
  const user = c.get("user");
  const report = await loadAssigned(c.env.DB, user.bodyId, c.req.param("id"));
  const form = await readForm(c);
  keepOnCasePage(c, "notes", form);
  await noteCase(c.env.DB, user, report.id, textField(c.get("lang"), form, "text"));
  return c.redirect(opath(c, `/reports/${report.id}`), 303);
});

reportRoutes.post("/reports/:id/messages", requireRole("admin", "triager"), async (c) => {
  const user = c.get("user");
  const report = await loadAssigned(c.env.DB, user.bodyId, c.req.param("id"));
  const form = await readForm(c);
  keepOnCasePage(c, "messages", form);
  const kind = field(form, "kind") === "message" ? "message" : "public_reply";
  await writeToReporter(c.env.DB, user, report.id, kind, textField(c.get("lang"), form, "text"), beijingToday());
  return c.redirect(opath(c, `/reports/${report.id}`), 303);
});

// Published summaries: triagers and admins draft; only admins approve or withdraw (worker/db/summaries.ts).
reportRoutes.post("/reports/:id/summary", requireRole("admin", "triager"), async (c) => {
  const user = c.get("user");
  const report = await loadAssigned(c.env.DB, user.bodyId, c.req.param("id"));
  const form = await readForm(c);
  const step = field(form, "step");
  if ((step === "approve" || step === "withdraw") && user.role !== "admin") throw new AppError("forbidden");
  keepOnCasePage(c, "summary", form);
  if (step === "draft") await draftSummary(c.env.DB, user, report, textField(c.get("lang"), form, "text", "summary"), beijingToday());
  else if (step === "approve") await approveSummary(c.env.DB, user, report, beijingToday());
  else if (step === "withdraw") await withdrawSummary(c.env.DB, user, report.id);
  else throw new AppError("bad_request");
  return c.redirect(opath(c, `/reports/${report.id}#summary`), 303);
});

// Evidence only through the worker, after the isolation check; never by public URL.
reportRoutes.get("/reports/:id/evidence/:eid", async (c) => {
  const user = c.get("user");
  const report = await loadAssigned(c.env.DB, user.bodyId, c.req.param("id"));
  const ev = await evidenceFile(c.env.DB, report.id, c.req.param("eid"));
  // Final key once the report's batch wrote it, else still the staged one (worker/services/evidence-batch.ts).
  const object = ev ? await evidenceObject(c.env.EVIDENCE, ev) : null;
  if (!ev || !object) throw new AppError("not_found");
  await recordRead(c.env.DB, user, "view_evidence", { reportId: report.id, detail: c.req.param("eid") });
  return new Response(object.body, {
    // No Last-Modified or ETag: R2's upload time is the batch's, but nothing of it leaves (security L10).
    headers: { "content-type": ev.media_type, "content-disposition": "attachment", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
});
