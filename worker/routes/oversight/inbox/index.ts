/**
 * The body's inbox (issue #6): the list with its filters, the bulk accept/investigate of the
 * triagers, and the exports of the filtered list (audited, with the filters used).
 */
import { requireRole, oversightFactory } from "../../../auth/session.ts";
import type { Action } from "../../../domain/lifecycle.ts";
import { beijingToday } from "../../../domain/working-days.ts";
import { recordRead } from "../../../services/access-log.ts";
import { bulkTransition } from "../../../services/casework.ts";
import { AppError } from "../../../lib/errors.ts";
import { field, readForm } from "../../../lib/form-body.ts";
import { downloadHeaders, toCsv } from "../../../lib/csv.ts";
import { opath } from "../views.tsx";
import { filteredReports, inboxPage } from "./views.tsx";
import { REPORT_CSV_COLUMNS, REPORT_EXPORT_COLUMNS, withLabels } from "./export.ts";

export const inboxRoutes = oversightFactory.createApp();

inboxRoutes.get("/", (c) => inboxPage(c));

inboxRoutes.post("/bulk", requireRole("admin", "triager"), async (c) => {
  const form = await readForm(c, { all: true });
  const ids = ([] as unknown[])
    .concat(form.ids ?? [])
    .filter((x): x is string => typeof x === "string")
    .slice(0, 200);
  const action = field(form, "action") as Action;
  if (action !== "accept" && action !== "investigate") throw new AppError("bad_request");
  await bulkTransition(c.env, c.get("user"), ids, action, beijingToday());
  return c.redirect(opath(c, ""), 303);
});

inboxRoutes.get("/export.csv", async (c) => {
  const user = c.get("user");
  const rows = await filteredReports(c, 10_000);
  await recordRead(c.env.DB, user, "export", { detail: `csv ${rows.length} ${new URL(c.req.url).search}` });
  const lang = c.get("lang");
  return c.body(
    toCsv(
      REPORT_CSV_COLUMNS,
      rows.map((r) => withLabels(lang, r)),
    ),
    200,
    downloadHeaders("reports.csv", "text/csv; charset=utf-8"),
  );
});

inboxRoutes.get("/export.json", async (c) => {
  const user = c.get("user");
  const rows = await filteredReports(c, 10_000);
  await recordRead(c.env.DB, user, "export", { detail: `json ${rows.length} ${new URL(c.req.url).search}` });
  const reports = rows.map((r) => Object.fromEntries(REPORT_EXPORT_COLUMNS.map((k) => [k, r[k]])));
  return c.body(JSON.stringify({ reports }), 200, downloadHeaders("reports.json", "application/json; charset=utf-8"));
});
