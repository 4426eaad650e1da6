/**
 * The desk's audit page, /editor/audit (issue 12 item 2): every entry of editor_audit (sign-ins,
 * failed sign-ins and lockouts, passkey changes, the operator's disable and reset, every view and
 * action of the desk) with who, what, which contribution and the day, newest first, PAGE_SIZE a
 * page (`?before=<id>` pages back). Like the oversight audit page for its body, but for the whole
 * desk: editors are site-level. The hour is stored; the page shows the day, as contributions do.
 * Reading it is itself audited.
 */
import type { Context } from "hono";
import type { EditorEnv } from "../../auth/session.ts";
import { listEditorAudit, type EditorAuditRow } from "../../db/editor-audit.ts";
import { recordDeskRead } from "../../services/access-log.ts";
import { beijingToday } from "../../domain/working-days.ts";
import type { Label } from "../../../site/i18n/labels.ts";
import { lb, page, tr } from "../../ui/backoffice.tsx";
import { Table } from "../../ui/components.tsx";
import { EditorNav, epath } from "./views.tsx";

const PAGE_SIZE = 50;

/** How far a contribution's id is shown (the link carries all of it). */
const shortId = (id: string) => id.slice(0, 8);

/** Words stored in a sign-in's detail (worker/services/sign-in.ts, passkeys.ts), each with a label. */
const SIGN_IN_WORDS = new Set(["passkey", "locked", "reauth"]);

/**
 * An entry's detail in the reader's language: a status, the import flag, how one signed in, the
 * duplicate's original; a passkey's name stays as the editor typed it. Nothing raw otherwise.
 */
function detailOf(c: Context, l: Label, r: EditorAuditRow): string {
  const t = tr(c);
  const d = r.detail;
  if (!d) return "";
  switch (r.action) {
    case "view_queue":
    case "outcome":
      return l("contribution_status", d);
    case "import_ready":
      return t(d === "on" ? "editor.import.set" : "editor.import.unset");
    case "record_metadata":
      return t("editor.audit.detail.parts", { n: Number(/^parts (\d+)$/.exec(d)?.[1] ?? 0) });
    case "mark_duplicate":
      return d === "cleared" ? t("editor.duplicate.none") : t("editor.audit.detail.duplicate_of", { id: shortId(d) });
    case "passkey_added":
    case "passkey_removed":
      return d;
    case "disabled":
    case "reset":
      return t("editor.audit.detail.cli");
    default:
      return d
        .split(" ")
        .filter((w) => SIGN_IN_WORDS.has(w))
        .map((w) => l("audit_detail", w))
        .join("，");
  }
}

export async function auditPage(c: Context<EditorEnv>): Promise<Response> {
  const t = tr(c);
  const l = lb(c);
  const asked = Number(c.req.query("before"));
  const before = Number.isSafeInteger(asked) && asked > 0 ? asked : undefined;
  const rows = await listEditorAudit(c.env.DB, PAGE_SIZE + 1, before);
  const shown = rows.slice(0, PAGE_SIZE);
  await recordDeskRead(c.env.DB, c.get("editor").id, "view_audit");
  return page(
    c,
    t("editor.audit.title"),
    <>
      <EditorNav c={c} />
      <h1>{t("editor.audit.title")}</h1>
      <p>{t("editor.audit.lead")}</p>
      {shown.length === 0 ? (
        <p>{t("editor.audit.empty")}</p>
      ) : (
        <Table
          caption={t("editor.audit.caption")}
          headers={[
            t("editor.audit.col.day"),
            t("editor.audit.col.who"),
            t("editor.audit.col.action"),
            t("editor.audit.col.contribution"),
            t("editor.audit.col.detail"),
          ]}
        >
          {shown.map((r) => (
            <tr>
              <td>
                <time datetime={beijingToday(new Date(r.at))}>{beijingToday(new Date(r.at))}</time>
              </td>
              <td>{r.email ?? "—"}</td>
              <td data-action={r.action}>{l("editor_audit_action", r.action)}</td>
              <td>
                {r.contributionId ? (
                  <a href={epath(c, `/c/${r.contributionId}`)}>{t("editor.audit.contribution_link", { id: shortId(r.contributionId) })}</a>
                ) : (
                  ""
                )}
              </td>
              <td>{detailOf(c, l, r)}</td>
            </tr>
          ))}
        </Table>
      )}
      {(before !== undefined || rows.length > PAGE_SIZE) && (
        <nav aria-label={t("editor.audit.pages")}>
          <ul class="backoffice-menu">
            {before !== undefined && (
              <li>
                <a href={epath(c, "/audit")}>{t("editor.audit.newest")}</a>
              </li>
            )}
            {rows.length > PAGE_SIZE && (
              <li>
                <a href={`${epath(c, "/audit")}?before=${shown.at(-1)!.id}`}>{t("editor.audit.older")}</a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>,
  );
}
