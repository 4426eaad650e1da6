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
import { renderShell } from "../../ui/shell.ts";
import type { OversightEnv } from "../../auth/session.ts";
import { unreadCaseCount } from "../../db/case-reads.ts";

/** Path of a triage page in the request's language. */
export const opath = (c: Context, path: string) => localePath(c.get("lang"), `/oversight${path}`);

export const tr = (c: Context) => translator(c.get("lang"));
export const lb = (c: Context) => labeller(c.get("lang"));

/** The hidden CSRF field every state-changing form carries. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="csrf" value={token} />;

/**
 * Renders a triage page in the shell, never cached (it shows report content). The sign-in and
 * account pages use the "passkey" shell, the only one that loads a script (progressive enhancement).
 */
export async function page(c: Context, title: string, body: Child, status = 200, variant?: "passkey"): Promise<Response> {
  // Awaited: the menu (Nav) is an async component (it counts the unread reports).
  return renderShell(c as never, { title, body: String(await (<div class="triage">{body}</div>).toString()), status, noStore: true, variant });
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
  const item = (path: string, label: string) => {
    const href = opath(c, path);
    const current = here === href || (path !== "" && here.startsWith(`${href}/`)) || (path === "" && here.startsWith(`${href}/reports`));
    return (
      <li>
        <a href={href} aria-current={current ? "page" : undefined}>
          {label}
        </a>
      </li>
    );
  };
  return (
    <header class="backoffice">
      <p class="backoffice-who">
        <strong>{user.bodyName}</strong>
        <span>
          {user.displayName}（{t(`oversight.role.${user.role}`)}）
        </span>
      </p>
      <nav aria-label={t("oversight.nav.label")}>
        <ul class="backoffice-menu">
          {item("", unread > 0 ? t("oversight.nav.inbox_unread", { n: unread }) : t("oversight.nav.inbox"))}
          {user.role === "admin" && item("/users", t("oversight.nav.users"))}
          {user.role === "admin" && item("/audit", t("oversight.nav.audit"))}
          {item("/account", t("passkey.nav.account"))}
          <li class="backoffice-signout">
            <PostButton action={opath(c, "/logout")} csrf={user.csrf} label={t("oversight.nav.logout")} variant="link" />
            <PostButton action={opath(c, "/logout-everywhere")} csrf={user.csrf} label={t("oversight.nav.logout_everywhere")} variant="link" />
          </li>
        </ul>
      </nav>
    </header>
  );
}

/** One line of an error summary: the id of the field it links to, and its message (or a catalogue key). */
export type SummaryError = { field: string } & ({ key: string; message?: never } | { message: string; key?: never });

/** An error summary linking to the fields (GOV.UK pattern), or nothing; `title` says what was refused. */
export function ErrorSummary({ c, errors, title }: { c: Context; errors: SummaryError[]; title?: string }) {
  if (errors.length === 0 && !title) return null;
  const t = tr(c);
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{title ?? t("oversight.error.title")}</h2>
      {errors.length > 0 && (
        <ul>
          {errors.map((e) => (
            <li>
              <a href={`#${e.field}`}>{e.message ?? message(c.get("lang"), e.key!)}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

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

/** A labelled field in a paragraph: text input, textarea or select, with the label tied by id. */
export function Field({ id, label, children }: { id: string; label: string; children: Child }) {
  return (
    <p>
      <label for={id}>{label}</label>
      {children}
    </p>
  );
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

/** A one-button form that posts with the CSRF token (sign out, password reset, …). */
export const PostButton = ({ action, csrf, label, ariaLabel, variant }: { action: string; csrf: string; label: string; ariaLabel?: string; variant?: "link" }) => (
  <form method="post" action={action} class={variant === "link" ? "inline" : undefined}>
    <Csrf token={csrf} />
    <button type="submit" aria-label={ariaLabel} class={variant === "link" ? "link-button" : undefined}>
      {label}
    </button>
  </form>
);

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
