/**
 * Body admins manage their body's users: list them, invite a new one (a one-time link the admin
 * passes on), reset a password (a new link; the user enrols TOTP again), and read the audit log.
 */
import type { Context } from "hono";
import { ROLES } from "../../../domain/lifecycle.ts";
import { AUDIT_GROUPS, isAuditGroup, listAudit, type AuditGroup, type AuditRow } from "../../../db/audit.ts";
import { usersOfBody } from "../../../db/accounts.ts";
import { labeller, type Label } from "../../../../site/i18n/labels.ts";
import { t as message, type Lang } from "../../../../site/i18n/index.ts";
import type { OversightEnv } from "../../../auth/session.ts";
import { Choice, FieldProblem, fieldProblem, type KeptForm, keptValue, Nav, opath } from "../views.tsx";
import { lb, page, tr } from "../../../ui/backoffice.tsx";
import { Csrf, ErrorSummary, Field, PostButton, Table } from "../../../ui/components.tsx";
import { beijingTime } from "../../../domain/working-days.ts";

/** The users page; `link` once after an invite or reset, `kept` when the invite form was refused (values kept, error summary on top). */
export async function usersPage(c: Context<OversightEnv>, link?: string, kept?: KeptForm, status = 200): Promise<Response> {
  const t = tr(c);
  const emailProblem = fieldProblem(kept, "invite", "email");
  const colon = c.get("lang") === "en" ? ": " : "：";
  const labelOf = (path: string) => t(path === "email" ? "oversight.login.email" : "oversight.users.role");
  const user = c.get("user");
  const results = await usersOfBody(c.env.DB, user.bodyId);
  return page(
    c,
    t("oversight.users.title"),
    <>
      <Nav c={c} />
      {kept && <ErrorSummary heading={kept.title} lines={kept.errors.map((e) => ({ field: e.path, text: `${labelOf(e.path)}${colon}${e.message}` }))} />}
      <h1>{t("oversight.users.title")}</h1>
      {link && (
        <div class="notice" role="status">
          <p>{t("oversight.users.link")}</p>
          <p>
            <code>{link}</code>
          </p>
        </div>
      )}
      <Table
        caption={t("oversight.users.caption")}
        headers={[t("oversight.login.email"), t("oversight.invite.name"), t("oversight.users.role"), t("oversight.users.reset")]}
      >
        {results.map((u) => (
          <tr>
            <td>{u.email}</td>
            <td>{u.display_name}</td>
            <td>{t(`oversight.role.${u.role}`)}</td>
            <td>
              <PostButton
                action={opath(c, `/users/${u.id}/reset`)}
                csrf={user.csrf}
                label={t("oversight.users.reset")}
                ariaLabel={`${t("oversight.users.reset")}: ${u.email}`}
              />
            </td>
          </tr>
        ))}
      </Table>
      <h2>{t("oversight.users.invite")}</h2>
      <form method="post" action={opath(c, "/users/invite")}>
        <Csrf token={user.csrf} />
        <Field id="email" label={t("oversight.login.email")}>
          <FieldProblem id="email" text={emailProblem} />
          <input
            id="email"
            name="email"
            type="email"
            required
            value={keptValue(kept, "invite", "email")}
            aria-invalid={emailProblem ? "true" : undefined}
            aria-describedby={emailProblem ? "email-error" : undefined}
          />
        </Field>
        <Choice
          id="role"
          label={t("oversight.users.role")}
          selected={keptValue(kept, "invite", "role", "triager")}
          options={ROLES.map((r) => ({ value: r, label: t(`oversight.role.${r}`) }))}
        />
        <button type="submit">{t("oversight.users.invite")}</button>
      </form>
    </>,
    status,
  );
}

/** The words an audit entry's detail is made of, each with a label (anything else is shown as stored: ids, counts, names). */
const DETAIL_WORDS = new Set([
  "passkey",
  "locked",
  "everywhere",
  "password_reset",
  "invite_accepted",
  "reauth",
  "message",
  "public_reply",
  "csv",
  "json",
  "audit",
]);

/**
 * An audit entry's detail in the reader's language: a status change «查实 → 已办结», a message kind,
 * how one signed in; ids, counts, e-mail addresses and the export's query string stay as stored.
 */
export function auditDetail(lang: Lang, r: Pick<AuditRow, "action" | "detail">): string {
  const l = labeller(lang);
  if (!r.detail) return "";
  const change = r.action === "transition" ? /^(\w+) → (\w+)$/.exec(r.detail) : null;
  if (change) return `${l("status", change[1]!)} → ${l("status", change[2]!)}`;
  const bulk = r.action === "bulk" ? /^(\w+): (.*)$/.exec(r.detail) : null;
  if (bulk) return `${l("event", bulk[1]!)}${message(lang, "punct.colon")}${bulk[2]}`;
  return r.detail
    .split(" ")
    .map((word) => {
      const bare = word.replace(/:$/, "");
      return DETAIL_WORDS.has(bare) ? l("audit_detail", bare) + word.slice(bare.length) : word;
    })
    .join(" ");
}

export async function auditPage(c: Context<OversightEnv>): Promise<Response> {
  const t = tr(c);
  const l = lb(c);
  const user = c.get("user");
  const requested = c.req.query("show");
  const group = isAuditGroup(requested) ? requested : undefined;
  const rows = await listAudit(c.env.DB, user.bodyId, 500, undefined, group);
  return page(
    c,
    t("oversight.audit.title"),
    <>
      <Nav c={c} />
      <h1>{t("oversight.audit.title")}</h1>
      <p>
        <a href={opath(c, "/audit.csv")}>{t("oversight.inbox.export_csv")}</a>
      </p>
      <form method="get" action={opath(c, "/audit")} class="filters">
        <Choice
          id="show"
          label={t("oversight.audit.filter")}
          any={t("oversight.audit.filter.all")}
          options={(Object.keys(AUDIT_GROUPS) as AuditGroup[]).map((g) => ({ value: g, label: t(`oversight.audit.filter.${g}`) }))}
          selected={group}
        />
        <button type="submit" class="secondary">
          {t("oversight.audit.filter.apply")}
        </button>
      </form>
      <Table
        caption={group ? `${t("oversight.audit.caption")}${t("punct.aside", { text: t(`oversight.audit.filter.${group}`) })}` : t("oversight.audit.caption")}
        headers={[t("oversight.audit.at"), t("oversight.audit.user"), t("oversight.audit.action"), t("oversight.inbox.report"), t("oversight.audit.detail")]}
      >
        {rows.map((r) => (
          <tr>
            <td>
              <time datetime={new Date(r.at).toISOString()}>{beijingTime(r.at)}</time>
            </td>
            <td>{r.display_name ?? "—"}</td>
            <td data-action={r.action}>{l("audit_action", r.action)}</td>
            <td>{r.report_id ? <a href={opath(c, `/reports/${r.report_id}`)}>{r.report_id}</a> : ""}</td>
            <td>{auditDetail(c.get("lang"), r)}</td>
          </tr>
        ))}
      </Table>
    </>,
  );
}
