/**
 * The inbox of one body (/oversight): filters and sort order in the query string (a GET form, so
 * a filtered view is a link), full-text search, alerts (unread reporter messages, unseen reopen
 * requests, deadlines: issue 14 item 2), bulk actions, and the CSV/JSON export of the current
 * filters. Only reports the body holds now are listed.
 */
import type { Context } from "hono";
import { REPORT_CATEGORIES } from "../../../../data/schema/report-category.ts";
import { REPORT_STATUSES, type ReportStatus } from "../../../domain/report-status.ts";
import { addWorkingDays, beijingToday, workingDaysBetween } from "../../../domain/working-days.ts";
import { heldCaseStage, isDeadlineBearing, isUnacknowledged } from "../../../domain/lifecycle.ts";
import { searchBody } from "../../../db/inbox-search.ts";
import { listInbox, DEADLINE_FILTERS, INBOX_SORTS, UNREAD_FILTERS, type InboxFilters, type InboxRow } from "../../../db/inbox.ts";
import { draftsAwaitingApproval } from "../../../db/summaries.ts";
import type { OversightEnv } from "../../../auth/session.ts";
import { Choice, Nav, opath } from "../views.tsx";
import { lb, page, tr } from "../../../ui/backoffice.tsx";
import { Csrf, Field, Table } from "../../../ui/components.tsx";

/** Days before a deadline at which a report counts as nearly due. */
export const DUE_SOON_WORKING_DAYS = 3;

/** Reads the filters from the query string; unknown values are ignored (never passed to SQL as text of a clause). */
export function readFilters(c: Context): InboxFilters & { q?: string } {
  const q = (name: string) => c.req.query(name)?.trim() || undefined;
  const status = q("status");
  const category = q("category");
  const deadline = q("deadline");
  const area = q("area");
  const unread = q("unread");
  const sort = q("sort");
  const oneOf = <T extends string>(list: readonly T[], value: string | undefined) =>
    (list as readonly string[]).includes(value ?? "") ? (value as T) : undefined;
  return {
    status: REPORT_STATUSES.includes(status as ReportStatus) ? (status as ReportStatus) : undefined,
    category: (REPORT_CATEGORIES as readonly string[]).includes(category ?? "") ? category : undefined,
    deadline: oneOf(DEADLINE_FILTERS, deadline),
    unread: oneOf(UNREAD_FILTERS, unread),
    sort: oneOf(INBOX_SORTS, sort),
    area: area && /^\d{2,12}$/.test(area) ? area : undefined,
    duplicateGroup: q("group"),
    dutyItem: q("duty"),
    q: q("q")?.slice(0, 100),
  };
}

/** The body's reports for the request's filters (search included). */
export async function filteredReports(c: Context<OversightEnv>, limit = 200): Promise<InboxRow[]> {
  const filters = readFilters(c);
  const bodyId = c.get("user").bodyId;
  if (filters.q) filters.ids = await searchBody(c.env.DB, bodyId, filters.q);
  const today = beijingToday();
  return listInbox(c.env.DB, bodyId, filters, today, addWorkingDays(today, DUE_SOON_WORKING_DAYS), limit);
}

export type DeadlineFlag = { kind: "overdue" } | { kind: "due_soon"; days: number } | null;

/**
 * Whether an open case is overdue or nearly due, on its next deadline (acknowledgement while
 * unacknowledged, else conclusion), and how many working days are left (worker/domain/working-days.ts).
 */
export function deadlineFlag(r: Pick<InboxRow, "status" | "ack_due_on" | "conclude_due_on">, today: string, soon: string): DeadlineFlag {
  if (!isDeadlineBearing(r.status)) return null;
  const due = [isUnacknowledged(r.status) ? r.ack_due_on : null, r.conclude_due_on].filter((d): d is string => !!d).sort()[0];
  if (!due || due > soon) return null;
  return due < today ? { kind: "overdue" } : { kind: "due_soon", days: workingDaysBetween(today, due) };
}

/** The alerts of one inbox row, each a badge of its own: new messages, a reopen request, the deadline. */
function Alerts({ c, r, today, soon }: { c: Context<OversightEnv>; r: InboxRow; today: string; soon: string }) {
  const t = tr(c);
  const deadline = deadlineFlag(r, today, soon);
  const badges = [
    r.unread_messages > 0 && t("oversight.flag.message"),
    r.unseen_reopens > 0 && t("oversight.flag.reopen"),
    deadline?.kind === "overdue" && t("oversight.flag.overdue"),
    deadline?.kind === "due_soon" && (deadline.days === 0 ? t("oversight.flag.due_today") : t("oversight.flag.days_left", { count: deadline.days })),
  ].filter((b): b is string => !!b);
  // One wrapper, so the badges stay together in the stacked card's value column on a phone.
  return (
    <td>
      {badges.length > 0 && (
        <span class="flags">
          {badges.map((b) => (
            <mark class="flag">{b}</mark>
          ))}
        </span>
      )}
    </td>
  );
}

function Filters({ c }: { c: Context<OversightEnv> }) {
  const t = tr(c);
  const l = lb(c);
  const f = readFilters(c);
  return (
    <form method="get" action={opath(c, "")} role="search">
      <Field id="q" label={t("oversight.inbox.search")}>
        <input id="q" name="q" type="search" value={f.q ?? ""} />
      </Field>
      <Choice
        id="status"
        label={t("oversight.inbox.status")}
        any={t("oversight.inbox.any")}
        selected={f.status}
        options={REPORT_STATUSES.map((s) => ({ value: s, label: l("status", s) }))}
      />
      <Choice
        id="category"
        label={t("oversight.inbox.category")}
        any={t("oversight.inbox.any")}
        selected={f.category}
        options={REPORT_CATEGORIES.map((s) => ({ value: s, label: l("category", s) }))}
      />
      <Choice
        id="deadline"
        label={t("oversight.inbox.deadline")}
        any={t("oversight.inbox.any")}
        selected={f.deadline}
        options={DEADLINE_FILTERS.map((s) => ({ value: s, label: t(`oversight.deadline.${s}`) }))}
      />
      <Choice
        id="unread"
        label={t("oversight.inbox.unread")}
        any={t("oversight.inbox.any")}
        selected={f.unread}
        options={UNREAD_FILTERS.map((s) => ({ value: s, label: t(`oversight.flag.${s}`) }))}
      />
      <Choice id="sort" label={t("oversight.inbox.sort")} selected={f.sort} options={INBOX_SORTS.map((s) => ({ value: s, label: t(`oversight.sort.${s}`) }))} />
      <Field id="area" label={t("oversight.inbox.area")}>
        <input id="area" name="area" inputmode="numeric" value={f.area ?? ""} />
      </Field>
      <Field id="group" label={t("oversight.inbox.group")}>
        <input id="group" name="group" value={f.duplicateGroup ?? ""} />
      </Field>
      <Field id="duty" label={t("oversight.inbox.duty")}>
        <input id="duty" name="duty" value={f.dutyItem ?? ""} />
      </Field>
      <button type="submit">{t("oversight.inbox.filter")}</button>
    </form>
  );
}

export async function inboxPage(c: Context<OversightEnv>): Promise<Response> {
  const t = tr(c);
  const l = lb(c);
  const user = c.get("user");
  const [reports, drafts] = await Promise.all([filteredReports(c), user.role === "admin" ? draftsAwaitingApproval(c.env.DB, user.bodyId) : []]);
  const today = beijingToday();
  const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS);
  const query = new URL(c.req.url).search;
  const canAct = user.role !== "viewer";
  return page(
    c,
    t("oversight.inbox.title"),
    <>
      <Nav c={c} />
      <h1>{t("oversight.inbox.title")}</h1>
      {drafts.length > 0 && (
        <section aria-labelledby="drafts-heading" class="notice">
          <h2 id="drafts-heading">{t("oversight.summary.awaiting", { n: drafts.length })}</h2>
          <ul>
            {drafts.map((d) => (
              <li>
                <a href={opath(c, `/reports/${d.id}#summary`)}>{d.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Filters c={c} />
      <p>
        <a href={opath(c, `/export.csv${query}`)}>{t("oversight.inbox.export_csv")}</a> ·{" "}
        <a href={opath(c, `/export.json${query}`)}>{t("oversight.inbox.export_json")}</a>
      </p>
      <p>{t("oversight.inbox.count", { n: reports.length })}</p>
      <form method="post" action={opath(c, "/bulk")}>
        <Csrf token={user.csrf} />
        <Table
          caption={t("oversight.inbox.caption")}
          headers={[
            ...(canAct ? [t("oversight.inbox.select")] : []),
            ...(["report", "flags", "category", "status", "received", "ack_due", "conclude_due"] as const).map((k) => t(`oversight.inbox.${k}`)),
          ]}
        >
          {reports.map((r) => (
            <tr>
              {canAct && (
                <td>
                  <input type="checkbox" name="ids" value={r.id} id={`sel-${r.id}`} aria-label={r.title} />
                </td>
              )}
              <td>
                <a href={opath(c, `/reports/${r.id}`)}>{r.title}</a>
              </td>
              <Alerts c={c} r={r} today={today} soon={soon} />
              <td>{l("category", r.category)}</td>
              <td>{l("stage", heldCaseStage(r))}</td>
              <td>{r.received_on}</td>
              <td>{r.ack_due_on ?? "—"}</td>
              <td>{r.conclude_due_on ?? "—"}</td>
            </tr>
          ))}
        </Table>
        {canAct && (
          <>
            <Field id="bulk-action" label={t("oversight.bulk.action")}>
              <select id="bulk-action" name="action">
                <option value="accept">{t("oversight.action.accept")}</option>
                <option value="investigate">{t("oversight.action.investigate")}</option>
              </select>
            </Field>
            <button type="submit">{t("oversight.bulk.submit")}</button>
          </>
        )}
      </form>
    </>,
  );
}
