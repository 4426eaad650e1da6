/**
 * Oversight triage (issue #6): /oversight pages, mounted at "" and "/en" by worker/index.ts.
 * Every route but sign-in and invites requires a session (and a CSRF token on POST); report
 * routes resolve the report through the user's body only (worker/db/oversight.ts `loadAssigned`).
 */
import { evidenceObject } from "../../services/evidence-batch.ts";
import { requireRole, requireUser, oversightFactory } from "../../auth/session.ts";
import { ACTIONS, type Action } from "../../domain/lifecycle.ts";
import { beijingToday } from "../../domain/working-days.ts";
import { audit, auditStatement, listAudit } from "../../db/audit.ts";
import { addMessage, addNote, evidenceFile } from "../../db/oversight.ts";
import { applyTransition, loadAssigned } from "../../services/transition.ts";
import { approveSummary, draftSummary, withdrawSummary } from "../../services/summaries.ts";
import { AppError } from "../../lib/errors.ts";
import { onFormError } from "../../lib/respond.ts";
import type { Context } from "hono";
import type { OversightEnv } from "../../auth/session.ts";
import { authRoutes, createInvite } from "./auth/index.tsx";
import { filteredReports, inboxPage } from "./inbox/views.tsx";
import { reportPage } from "./report/views.tsx";
import { auditPage, usersPage } from "./users/views.tsx";
import { AUDIT_CSV_COLUMNS, downloadHeaders, REPORT_CSV_COLUMNS, REPORT_EXPORT_COLUMNS, toCsv, withLabels } from "./inbox/export.ts";
import { label } from "../../../site/i18n/labels.ts";
import { field, opath, textField, type KeptForm } from "./views.tsx";
import { ROLES, type Role } from "../../domain/lifecycle.ts";
import { readForm } from "../../lib/form-body.ts";
import { userOfBody } from "../../db/accounts.ts";
import { resetCredentialsStatements } from "../../db/invites.ts";

const oversight = oversightFactory.createApp();
oversight.route("/", authRoutes);

/**
 * A refused form on the case page comes back on that page (issue 16): the posted text fields
 * kept, an error summary at the top. The CSRF token is never echoed (the page renders its own).
 */
const keepOnCasePage = (c: Context<OversightEnv>, form: string, posted: Record<string, unknown>) =>
  onFormError(c, (problem) => {
    const values = Object.fromEntries(Object.entries(posted).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "csrf"));
    const kept: KeptForm = { form, values, title: problem.title, errors: problem.fields.map((f) => ({ path: f.path, message: f.message })) };
    return reportPage(c, kept, problem.status);
  });

/** A required free-text field left empty: the form comes back with the field named. */
const requiredText = (path: string) => new AppError("validation_failed", { fields: [{ path, code: "e.required" }] });

const inside = oversightFactory.createApp();
inside.use("*", requireUser());

inside.get("/", (c) => inboxPage(c));

inside.post("/bulk", requireRole("admin", "triager"), async (c) => {
  const form = await readForm(c, { all: true });
  const ids = ([] as unknown[]).concat(form.ids ?? []).filter((x): x is string => typeof x === "string").slice(0, 200);
  const action = field(form, "action") as Action;
  if (action !== "accept" && action !== "investigate") throw new AppError("bad_request");
  const user = c.get("user");
  let done = 0;
  for (const id of ids) {
    try {
      await applyTransition(c.env, { bodyId: user.bodyId, userId: user.id, actor: { kind: "user", role: user.role }, reportId: id, action, input: {}, today: beijingToday() });
      done++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "bulk", detail: `${action}: ${done}/${ids.length}` });
  return c.redirect(opath(c, ""), 303);
});

inside.get("/reports/:id", (c) => reportPage(c));

inside.post("/reports/:id/transition", requireRole("admin", "triager"), async (c) => {
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
    input: { finding: textField(c.get("lang"), form, "finding"), remedy: textField(c.get("lang"), form, "remedy"), reason: textField(c.get("lang"), form, "reason"), targetBodyId: field(form, "target_body"), mergedInto: field(form, "merged_into") },
    today: beijingToday(),
  });
  // After a transfer the report belongs to another body: back to the inbox.
  return c.redirect(opath(c, result.heldBy === user.bodyId ? `/reports/${c.req.param("id")}` : ""), 303);
});

inside.post("/reports/:id/notes", requireRole("admin", "triager"), async (c) => {
  const user = c.get("user");
  const report = await loadAssigned(c.env.DB, user.bodyId, c.req.param("id"));
  const form = await readForm(c);
  keepOnCasePage(c, "notes", form);
  const text = textField(c.get("lang"), form, "text").slice(0, 10_000);
  if (!text) throw requiredText("text");
  await addNote(c.env.DB, user, report.id, text);
  return c.redirect(opath(c, `/reports/${report.id}`), 303);
});

inside.post("/reports/:id/messages", requireRole("admin", "triager"), async (c) => {
  const user = c.get("user");
  const report = await loadAssigned(c.env.DB, user.bodyId, c.req.param("id"));
  const form = await readForm(c);
  keepOnCasePage(c, "messages", form);
  const text = textField(c.get("lang"), form, "text").slice(0, 10_000);
  const kind = field(form, "kind") === "message" ? "message" : "public_reply";
  if (!text) throw requiredText("text");
  await addMessage(c.env.DB, user, report.id, kind, text, beijingToday());
  return c.redirect(opath(c, `/reports/${report.id}`), 303);
});

// Published summaries: triagers and admins draft; only admins approve or withdraw (worker/db/summaries.ts).
inside.post("/reports/:id/summary", requireRole("admin", "triager"), async (c) => {
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
inside.get("/reports/:id/evidence/:eid", async (c) => {
  const user = c.get("user");
  const report = await loadAssigned(c.env.DB, user.bodyId, c.req.param("id"));
  const ev = await evidenceFile(c.env.DB, report.id, c.req.param("eid"));
  // Final key once the report's batch wrote it, else still the staged one (worker/services/evidence-batch.ts).
  const object = ev ? await evidenceObject(c.env.EVIDENCE, ev) : null;
  if (!ev || !object) throw new AppError("not_found");
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "view_evidence", reportId: report.id, detail: c.req.param("eid") });
  return new Response(object.body, {
    // No Last-Modified or ETag: R2's upload time is the batch's, but nothing of it leaves (security L10).
    headers: { "content-type": ev.media_type, "content-disposition": "attachment", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
});

inside.get("/export.csv", async (c) => {
  const user = c.get("user");
  const rows = await filteredReports(c, 10_000);
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "export", detail: `csv ${rows.length} ${new URL(c.req.url).search}` });
  const lang = c.get("lang");
  return c.body(toCsv(REPORT_CSV_COLUMNS, rows.map((r) => withLabels(lang, r))), 200, downloadHeaders("reports.csv", "text/csv; charset=utf-8"));
});

inside.get("/export.json", async (c) => {
  const user = c.get("user");
  const rows = await filteredReports(c, 10_000);
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "export", detail: `json ${rows.length} ${new URL(c.req.url).search}` });
  const reports = rows.map((r) => Object.fromEntries(REPORT_EXPORT_COLUMNS.map((k) => [k, r[k]])));
  return c.body(JSON.stringify({ reports }), 200, downloadHeaders("reports.json", "application/json; charset=utf-8"));
});

// Body admins only: users, invites, password resets, the audit log.
inside.use("/users/*", requireRole("admin"));
inside.use("/users", requireRole("admin"));
inside.use("/audit", requireRole("admin"));
inside.use("/audit.csv", requireRole("admin"));

inside.get("/users", (c) => usersPage(c));

inside.post("/users/invite", async (c) => {
  const user = c.get("user");
  const form = await readForm(c);
  const email = field(form, "email").toLowerCase();
  const role = field(form, "role") as Role;
  onFormError(c, (problem) => usersPage(c, undefined, { form: "invite", values: { email: field(form, "email"), role }, title: problem.title, errors: problem.fields }, problem.status));
  const fields = [...(/^[^@\s]+@[^@\s]+$/.test(email) ? [] : [{ path: "email", code: "oversight.invite.e.email" }]), ...(ROLES.includes(role) ? [] : [{ path: "role", code: "e.required" }])];
  if (fields.length) throw new AppError("validation_failed", { fields });
  const token = await createInvite(c.env.DB, c.env.SESSION_KEY, { bodyId: user.bodyId, email, role, createdBy: user.id });
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "invite", detail: `${email} ${role}` });
  // The link is shown once, on this response (not a redirect): it is a credential.
  return usersPage(c, new URL(opath(c, `/invite/${token}`), c.env.PUBLIC_ORIGIN).toString());
});

inside.post("/users/:uid/reset", async (c) => {
  const user = c.get("user");
  const target = await userOfBody(c.env.DB, c.req.param("uid"), user.bodyId);
  if (!target) throw new AppError("not_found");
  const token = await createInvite(c.env.DB, c.env.SESSION_KEY, { bodyId: user.bodyId, email: target.email, role: target.role, userId: target.id, createdBy: user.id });
  await c.env.DB.batch([
    // The old password and sessions stop working at once.
    ...resetCredentialsStatements(c.env.DB, target.id),
    auditStatement(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "password_reset", detail: target.email }),
  ]);
  return usersPage(c, new URL(opath(c, `/invite/${token}`), c.env.PUBLIC_ORIGIN).toString());
});

inside.get("/audit", async (c) => {
  const user = c.get("user");
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "view_audit" });
  return auditPage(c);
});

inside.get("/audit.csv", async (c) => {
  const user = c.get("user");
  const rows = await listAudit(c.env.DB, user.bodyId, 100_000);
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "export", detail: "audit csv" });
  const lang = c.get("lang");
  const out = rows.map((r) => ({ ...r, at: new Date(r.at).toISOString(), action_label: label(lang, "audit_action", r.action) }));
  return c.body(toCsv(AUDIT_CSV_COLUMNS, out), 200, downloadHeaders("audit.csv", "text/csv; charset=utf-8"));
});

oversight.route("/", inside);

export const oversightRoutes = oversightFactory.createApp();
oversightRoutes.route("/oversight", oversight);
