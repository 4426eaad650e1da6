/**
 * Shared pieces of the triage pages (rendered with hono/jsx, which escapes every value, inside
 * the site shell: no inline script or style, so the shell's CSP holds). Every form posts and
 * redirects (POST-redirect-GET): all of triage works without JavaScript.
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { localePath, t as message, translator, type Lang } from "../../../site/i18n/index.ts";
import { cleanText, displayable } from "../../../data/schema/text.ts";
import { AppError } from "../../lib/errors.ts";
import { labeller } from "../../../site/i18n/labels.ts";
import { html } from "../../ui/shell.ts";
import { BackofficeHeader, Csrf, Field, PostButton, type MenuItem } from "../../ui/components.tsx";
import type { OversightEnv } from "../../auth/session.ts";
import { unreadCaseCount } from "../../db/case-reads.ts";

/** Path of a triage page in the request's language. */
export const opath = (c: Context, path: string) => localePath(c.get("lang"), `/oversight${path}`);

export const tr = (c: Context) => translator(c.get("lang"));
export const lb = (c: Context) => labeller(c.get("lang"));

/**
 * Renders a triage page in the shell, never cached (it shows report content). The sign-in and
 * account pages use the "passkey" shell, the only one that loads a script (progressive enhancement).
 */
export async function page(c: Context, title: string, body: Child, status = 200, variant?: "passkey"): Promise<Response> {
  return html(c as never, <div class="triage">{body}</div>, { title, status, noStore: true, variant });
}

/**
 * The back-office header of signed-in pages (UX 33): the body's name and the signed-in user, a
 * horizontal menu (inbox, users and audit for admins, account) with the current page marked,
 * and signing out as plain link-style buttons (they post, with the CSRF token). The inbox item
 * counts the body's reports with something unread («收件箱（3）», issue 14 item 2), counted as
 * the page renders, so after the case page marked its report read.
 */
export async function Nav({ c }: { c: Context<OversightEnv> }) {
  const t = tr(c);
  const user = c.get("user");
  const unread = await unreadCaseCount(c.env.DB, user.bodyId, Date.now());
  const here = new URL(c.req.url).pathname.replace(/\/$/, "");
  const item = (path: string, label: string): MenuItem => {
    const href = opath(c, path);
    return { href, label, current: here === href || (path !== "" && here.startsWith(`${href}/`)) || (path === "" && here.startsWith(`${href}/reports`)) };
  };
  const admin = user.role === "admin";
  return (
    <BackofficeHeader
      who={user.bodyName}
      detail={`${user.displayName}（${t(`oversight.role.${user.role}`)}）`}
      label={t("oversight.nav.label")}
      items={[
        item("", unread > 0 ? t("oversight.nav.inbox_unread", { n: unread }) : t("oversight.nav.inbox")),
        ...(admin ? [item("/users", t("oversight.nav.users")), item("/audit", t("oversight.nav.audit"))] : []),
        item("/account", t("passkey.nav.account")),
      ]}
      signOut={
        <>
          <PostButton action={opath(c, "/logout")} csrf={user.csrf} label={t("oversight.nav.logout")} variant="link" />
          <PostButton action={opath(c, "/logout-everywhere")} csrf={user.csrf} label={t("oversight.nav.logout_everywhere")} variant="link" />
        </>
      }
    />
  );
}

/** Error summary lines from catalogue keys, each linked to the field it names (the triage pages' summaries say «出现问题» above them). */
export const keyedLines = (c: Context, errors: readonly { field: string; key: string }[]) => errors.map((e) => ({ field: e.field, text: message(c.get("lang"), e.key) }));

/**
 * A refused no-JS form, drawn again on its own page (issue 16): which form, what was posted (kept
 * in the fields), the summary's title, and each problem as a message keyed by the field's name.
 */
export interface KeptForm {
  form: string;
  values: Record<string, string>;
  title: string;
  errors: { path: string; message: string }[];
}

/** The problem of one field of a kept form, if any (for the inline message and aria-invalid). */
export const fieldProblem = (kept: KeptForm | undefined, form: string, path: string) => (kept?.form === form ? kept.errors.find((e) => e.path === path)?.message : undefined);

/** A kept value for a form's field, or `fallback`. */
export const keptValue = (kept: KeptForm | undefined, form: string, name: string, fallback = "") => (kept?.form === form ? (kept.values[name] ?? fallback) : fallback);

/** The inline message under a field of a kept form. */
export const FieldProblem = ({ id, text }: { id: string; text?: string }) =>
  text ? (
    <p class="field-error" id={`${id}-error`}>
      {text}
    </p>
  ) : null;

/** Reads a form field as trimmed text ('' when absent or a file). */
export const field = (form: Record<string, unknown>, name: string): string => (typeof form[name] === "string" ? (form[name] as string).trim() : "");

/**
 * Free text an official writes (a note, a message to the reporter, a public reply, a finding, a
 * summary) by the reporters' rules (data/schema/text.ts, security L9): CRLF and CR become LF;
 * any other control character or bidi override is refused as a field error on `path`.
 */
export function textField(lang: Lang, form: Record<string, unknown>, name: string, path = name): string {
  const text = cleanText(typeof form[name] === "string" ? (form[name] as string) : "");
  if (!displayable(text)) throw new AppError("validation_failed", { fields: [{ path, code: "report.e.control_chars", message: message(lang, "report.e.control_chars") }] });
  return text;
}

/** A select with an "any" option first, for the inbox filters. */
export function Choice({ id, label, any, options, selected }: { id: string; label: string; any?: string; options: readonly { value: string; label: string }[]; selected?: string }) {
  return (
    <Field id={id} label={label}>
      <select id={id} name={id}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => (
          <option value={o.value} selected={selected === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The 6-digit TOTP code field of sign-in and enrolment. */
export const CodeField = ({ label }: { label: string }) => (
  <Field id="code" label={label}>
    <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required />
  </Field>
);

/**
 * Password + TOTP sign-in (oversight users and editors alike): the same fields, labels and hint.
 * Replay protection refuses a code twice; the error stays alike for every failure, so the hint lives here (UX 35).
 */
export const PasswordSignIn = ({ c, action, email }: { c: Context; action: string; email: string }) => {
  const t = tr(c);
  return (
    <>
      <form method="post" action={action}>
        <p>
          <label for="email">{t("oversight.login.email")}</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={email} />
        </p>
        <p>
          <label for="password">{t("oversight.login.password")}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </p>
        <CodeField label={t("oversight.login.code")} />
        <button type="submit">{t("oversight.login.submit")}</button>
      </form>
      <p class="hint" data-testid="code-once">{t("oversight.login.once")}</p>
    </>
  );
};

/** A form with one required text area (note, message), extra fields before the button; `value`/`problem` when it comes back refused. */
export const TextForm = ({ action, csrf, id, label, submit, value, problem, children }: { action: string; csrf: string; id: string; label: string; submit: string; value?: string; problem?: string; children?: Child }) => (
  <form method="post" action={action}>
    <Csrf token={csrf} />
    <Field id={id} label={label}>
      <FieldProblem id={id} text={problem} />
      <textarea id={id} name="text" required rows={3} aria-invalid={problem ? "true" : undefined} aria-describedby={problem ? `${id}-error` : undefined}>
        {value ?? ""}
      </textarea>
    </Field>
    {children}
    <button type="submit">{submit}</button>
  </form>
);
