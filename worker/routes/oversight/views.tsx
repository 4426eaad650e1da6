/**
 * Shared pieces of the triage pages (rendered with hono/jsx, which escapes every value, inside
 * the site shell: no inline script or style, so the shell's CSP holds). Every form posts and
 * redirects (POST-redirect-GET): all of triage works without JavaScript.
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { localePath, t as message, type Lang } from "../../../site/i18n/index.ts";
import { cleanText, displayable } from "../../../data/schema/text.ts";
import { shownBodyName } from "../../../site/i18n/body-name.ts";
import { AppError } from "../../lib/errors.ts";
import { tr } from "../../ui/backoffice.tsx";
import { BackofficeHeader, Csrf, Field, PostButton, type MenuItem } from "../../ui/components.tsx";
import type { OversightEnv } from "../../auth/session.ts";
import { unreadCaseCount } from "../../db/case-reads.ts";

/** Path of a triage page in the request's language. */
export const opath = (c: Context, path: string) => localePath(c.get("lang"), `/oversight${path}`);

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
      who={shownBodyName(c.get("lang"), user.bodyName)}
      detail={`${user.displayName}${t("punct.aside", { text: t(`oversight.role.${user.role}`) })}`}
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
export const fieldProblem = (kept: KeptForm | undefined, form: string, path: string) =>
  kept?.form === form ? kept.errors.find((e) => e.path === path)?.message : undefined;

/** A kept value for a form's field, or `fallback`. */
export const keptValue = (kept: KeptForm | undefined, form: string, name: string, fallback = "") =>
  kept?.form === form ? (kept.values[name] ?? fallback) : fallback;

/** The inline message under a field of a kept form. */
export const FieldProblem = ({ id, text }: { id: string; text?: string }) =>
  text ? (
    <p class="field-error" id={`${id}-error`}>
      {text}
    </p>
  ) : null;

/**
 * Free text an official writes (a note, a message to the reporter, a public reply, a finding, a
 * summary) by the reporters' rules (data/schema/text.ts, security L9): CRLF and CR become LF;
 * any other control character or bidi override is refused as a field error on `path`.
 */
export function textField(lang: Lang, form: Record<string, unknown>, name: string, path = name): string {
  const text = cleanText(typeof form[name] === "string" ? (form[name] as string) : "");
  if (!displayable(text))
    throw new AppError("validation_failed", { fields: [{ path, code: "report.e.control_chars", message: message(lang, "report.e.control_chars") }] });
  return text;
}

/** A select with an "any" option first, for the inbox filters. */
export function Choice({
  id,
  label,
  any,
  options,
  selected,
}: {
  id: string;
  label: string;
  any?: string;
  options: readonly { value: string; label: string }[];
  selected?: string;
}) {
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

/** A form with one required text area (note, message), extra fields before the button; `value`/`problem` when it comes back refused. */
export const TextForm = ({
  action,
  csrf,
  id,
  label,
  submit,
  value,
  problem,
  children,
}: {
  action: string;
  csrf: string;
  id: string;
  label: string;
  submit: string;
  value?: string;
  problem?: string;
  children?: Child;
}) => (
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
