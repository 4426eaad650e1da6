/**
 * Shared pieces of the triage pages (rendered with hono/jsx, which escapes every value, inside
 * the site shell: no inline script or style, so the shell's CSP holds). Every form posts and
 * redirects (POST-redirect-GET): all of triage works without JavaScript.
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { translator, type Lang } from "../../../site/i18n/index.ts";
import { renderShell } from "../../ui/shell.ts";
import type { TriageEnv } from "../../auth/session.ts";

export const prefixOf = (lang: Lang) => (lang === "en" ? "/en" : "");

/** Path of a triage page in the request's language. */
export const opath = (c: Context, path: string) => `${prefixOf(c.get("lang"))}/oversight${path}`;

export const tr = (c: Context) => translator(c.get("lang"));

/** The hidden CSRF field every state-changing form carries. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="csrf" value={token} />;

/** Renders a triage page in the shell, never cached (it shows report content). */
export async function page(c: Context, title: string, body: Child, status = 200): Promise<Response> {
  return renderShell(c as never, { title, body: String(<div class="triage">{body}</div>), status, noStore: true });
}

/** The navigation of signed-in pages: inbox, users and audit (admins), sign out. */
export function Nav({ c }: { c: Context<TriageEnv> }) {
  const t = tr(c);
  const user = c.get("user");
  return (
    <nav aria-label={t("triage.nav.label")} class="breadcrumb">
      <p>
        {user.bodyName} · {user.displayName} ({t(`triage.role.${user.role}`)})
      </p>
      <ul>
        <li>
          <a href={opath(c, "")}>{t("triage.nav.inbox")}</a>
        </li>
        {user.role === "admin" && (
          <>
            <li>
              <a href={opath(c, "/users")}>{t("triage.nav.users")}</a>
            </li>
            <li>
              <a href={opath(c, "/audit")}>{t("triage.nav.audit")}</a>
            </li>
          </>
        )}
        <li>
          <form method="post" action={opath(c, "/logout")}>
            <Csrf token={user.csrf} />
            <button type="submit">{t("triage.nav.logout")}</button>
          </form>
        </li>
        <li>
          <form method="post" action={opath(c, "/logout-everywhere")}>
            <Csrf token={user.csrf} />
            <button type="submit">{t("triage.nav.logout_everywhere")}</button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

/** An error summary linking to the fields (GOV.UK pattern), or nothing. */
export function ErrorSummary({ c, errors }: { c: Context; errors: { field: string; key: string }[] }) {
  if (errors.length === 0) return null;
  const t = tr(c);
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{t("triage.error.title")}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{t(e.key)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Reads a form field as trimmed text ('' when absent or a file). */
export const field = (form: Record<string, unknown>, name: string): string => (typeof form[name] === "string" ? (form[name] as string).trim() : "");
