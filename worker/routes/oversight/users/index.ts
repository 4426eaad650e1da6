/**
 * Body admins only (issue #6): the body's users, invites and password resets (worker/services/invites.ts),
 * and the audit log with its CSV export.
 */
import { requireRole, oversightFactory } from "../../../auth/session.ts";
import { inviteUser, resetUser } from "../../../services/invites.ts";
import { listAudit } from "../../../db/audit.ts";
import { recordRead } from "../../../services/access-log.ts";
import { AppError } from "../../../lib/errors.ts";
import { onFormError } from "../../../lib/respond.ts";
import { field, readForm } from "../../../lib/form-body.ts";
import { downloadHeaders, toCsv } from "../../../lib/csv.ts";
import { label } from "../../../../site/i18n/labels.ts";
import { opath } from "../views.tsx";
import { auditPage, usersPage } from "./views.tsx";

/** The audit log export: codes plus the action's label in the export's language. */
const AUDIT_CSV_COLUMNS = ["id", "at", "user_id", "display_name", "action", "action_label", "report_id", "detail"] as const;

export const usersRoutes = oversightFactory.createApp();

// Body admins only: users, invites, password resets, the audit log.
usersRoutes.use("/users/*", requireRole("admin"));
usersRoutes.use("/users", requireRole("admin"));
usersRoutes.use("/audit", requireRole("admin"));
usersRoutes.use("/audit.csv", requireRole("admin"));

usersRoutes.get("/users", (c) => usersPage(c));

usersRoutes.post("/users/invite", async (c) => {
  const user = c.get("user");
  const form = await readForm(c);
  const values = { email: field(form, "email"), role: field(form, "role") };
  onFormError(c, (problem) => usersPage(c, undefined, { form: "invite", values, title: problem.title, errors: problem.fields }, problem.status));
  // The service checks the values with the invite schema; a malformed address or an unknown role
  // comes back as validation_failed, re-rendered above with what was typed.
  const token = await inviteUser(c.env.DB, c.env.SESSION_KEY, user, values);
  // The link is shown once, on this response (not a redirect): it is a credential.
  return usersPage(c, new URL(opath(c, `/invite/${token}`), c.env.PUBLIC_ORIGIN).toString());
});

usersRoutes.post("/users/:uid/reset", async (c) => {
  const user = c.get("user");
  const token = await resetUser(c.env.DB, c.env.SESSION_KEY, user, c.req.param("uid"));
  if (!token) throw new AppError("not_found");
  return usersPage(c, new URL(opath(c, `/invite/${token}`), c.env.PUBLIC_ORIGIN).toString());
});

usersRoutes.get("/audit", async (c) => {
  const user = c.get("user");
  await recordRead(c.env.DB, user, "view_audit");
  return auditPage(c);
});

usersRoutes.get("/audit.csv", async (c) => {
  const user = c.get("user");
  const rows = await listAudit(c.env.DB, user.bodyId, 100_000);
  await recordRead(c.env.DB, user, "export", { detail: "audit csv" });
  const lang = c.get("lang");
  const out = rows.map((r) => ({ ...r, at: new Date(r.at).toISOString(), action_label: label(lang, "audit_action", r.action) }));
  return c.body(toCsv(AUDIT_CSV_COLUMNS, out), 200, downloadHeaders("audit.csv", "text/csv; charset=utf-8"));
});
