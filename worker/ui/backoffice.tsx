/**
 * What the two back offices share (triage under /oversight, the editors' desk under /editor): the
 * page frame, the reader's strings and labels, error lines from catalogue keys, and the password +
 * TOTP sign-in form. Generic pieces of every worker page are in components.tsx.
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { t as message, translator } from "../../site/i18n/index.ts";
import { labeller } from "../../site/i18n/labels.ts";
import { html } from "./shell.ts";
import { Field } from "./components.tsx";

/** The request's string catalogue and label function. */
export const tr = (c: Context) => translator(c.get("lang"));
export const lb = (c: Context) => labeller(c.get("lang"));

/**
 * Renders a back-office page (triage, the editors' desk) in the shell, never cached (it shows
 * report or contribution content). The sign-in and account pages use the "passkey" shell, the
 * only one that loads a script (progressive enhancement).
 */
export async function page(c: Context, title: string, body: Child, status = 200, variant?: "passkey"): Promise<Response> {
  return html(c as never, <div class="triage">{body}</div>, { title, status, noStore: true, variant });
}

/** Error summary lines from catalogue keys, each linked to the field it names (the triage pages' summaries say «出现问题» above them). */
export const keyedLines = (c: Context, errors: readonly { field: string; key: string }[]) =>
  errors.map((e) => ({ field: e.field, text: message(c.get("lang"), e.key) }));

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
      <p class="hint" data-testid="code-once">
        {t("oversight.login.once")}
      </p>
    </>
  );
};
