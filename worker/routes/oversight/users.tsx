/**
 * Body admins manage their body's users: list them, invite a new one (a one-time link the admin
 * passes on), reset a password (a new link; the user enrols TOTP again), and read the audit log.
 */
import type { Context } from "hono";
import { ROLES, type Role } from "../../domain/lifecycle.ts";
import { listAudit } from "../../db/audit.ts";
import type { TriageEnv } from "../../auth/session.ts";
import { Csrf, Nav, opath, page, tr } from "./ui.tsx";

interface UserListRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  locked_until: number;
}

export async function usersPage(c: Context<TriageEnv>, link?: string): Promise<Response> {
  const t = tr(c);
  const user = c.get("user");
  const { results } = await c.env.DB.prepare("SELECT id, email, display_name, role, locked_until FROM users WHERE body_id = ?1 ORDER BY email")
    .bind(user.bodyId)
    .all<UserListRow>();
  return page(
    c,
    t("triage.users.title"),
    <>
      <Nav c={c} />
      <h1>{t("triage.users.title")}</h1>
      {link && (
        <div class="notice" role="status">
          <p>{t("triage.users.link")}</p>
          <p>
            <code>{link}</code>
          </p>
        </div>
      )}
      <div class="table-scroll">
        <table>
          <caption>{t("triage.users.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("triage.login.email")}</th>
              <th scope="col">{t("triage.invite.name")}</th>
              <th scope="col">{t("triage.users.role")}</th>
              <th scope="col">{t("triage.users.reset")}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((u) => (
              <tr>
                <td>{u.email}</td>
                <td>{u.display_name}</td>
                <td>{t(`triage.role.${u.role}`)}</td>
                <td>
                  <form method="post" action={opath(c, `/users/${u.id}/reset`)}>
                    <Csrf token={user.csrf} />
                    <button type="submit" aria-label={`${t("triage.users.reset")}: ${u.email}`}>
                      {t("triage.users.reset")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("triage.users.invite")}</h2>
      <form method="post" action={opath(c, "/users/invite")}>
        <Csrf token={user.csrf} />
        <p>
          <label for="invite-email">{t("triage.login.email")}</label>
          <input id="invite-email" name="email" type="email" required />
        </p>
        <p>
          <label for="invite-role">{t("triage.users.role")}</label>
          <select id="invite-role" name="role">
            {ROLES.map((r) => (
              <option value={r} selected={r === "triager"}>
                {t(`triage.role.${r}`)}
              </option>
            ))}
          </select>
        </p>
        <button type="submit">{t("triage.users.invite")}</button>
      </form>
    </>,
  );
}

export async function auditPage(c: Context<TriageEnv>): Promise<Response> {
  const t = tr(c);
  const user = c.get("user");
  const rows = await listAudit(c.env.DB, user.bodyId, 500);
  return page(
    c,
    t("triage.audit.title"),
    <>
      <Nav c={c} />
      <h1>{t("triage.audit.title")}</h1>
      <p>
        <a href={opath(c, "/audit.csv")}>{t("triage.inbox.export_csv")}</a>
      </p>
      <div class="table-scroll">
        <table>
          <caption>{t("triage.audit.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("triage.audit.at")}</th>
              <th scope="col">{t("triage.audit.user")}</th>
              <th scope="col">{t("triage.audit.action")}</th>
              <th scope="col">{t("triage.inbox.report")}</th>
              <th scope="col">{t("triage.audit.detail")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{new Date(r.at).toISOString()}</td>
                <td>{r.display_name ?? "—"}</td>
                <td>{r.action}</td>
                <td>{r.report_id ?? ""}</td>
                <td>{r.detail ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>,
  );
}
