/**
 * Sign-in (password + TOTP in one form, or a passkey with user verification), sign-out, sign-out
 * everywhere, and accepting an invite or a password reset (set a password, enrol TOTP). Failed
 * sign-ins count per account, whichever way: after MAX_FAILED the account is locked for LOCK_MS,
 * and LOGIN_LIMITER limits attempts per account (worker/services/sign-in.ts). The answer to a
 * failed sign-in never says which factor was wrong or whether the user exists. Each post calls
 * one service (sign-in.ts, invites.ts) and sets or clears the session cookie.
 */
import type { Context } from "hono";
import {
  assertSameSite,
  clearSessionCookie,
  currentUser,
  OVERSIGHT_SESSION,
  requireUser,
  setSessionCookie,
  oversightFactory,
  type OversightEnv,
} from "../../../auth/session.ts";
import { MIN_PASSWORD_LENGTH } from "../../../auth/password.ts";
import { totpUri } from "../../../auth/totp.ts";
import { RECENT_PASSKEY_DAYS } from "../../../db/accounts.ts";
import { listPasskeys, type PasskeyRow } from "../../../db/passkeys.ts";
import type { InviteRow } from "../../../db/invites.ts";
import { signInWithPasskey, signInWithPassword, signOut, signOutEverywhere, type SignInResult } from "../../../services/sign-in.ts";
import { acceptInvite, findInvite, newEnrolment, type InviteError } from "../../../services/invites.ts";
import { signInRequest } from "../../../lib/request.ts";
import { beijingToday } from "../../../domain/working-days.ts";
import { opath } from "../views.tsx";
import { CodeField, keyedLines, page, PasswordSignIn, tr } from "../../../ui/backoffice.tsx";
import { Csrf, ErrorSummary, Table } from "../../../ui/components.tsx";
import { PasskeyLogin } from "../../account/passkeys.tsx";
import { passkeyRoutes } from "./passkeys.tsx";
import { field, readForm } from "../../../lib/form-body.ts";

function LoginForm({ c, email, failed }: { c: Context; email: string; failed: false | "password" | "passkey" }) {
  const t = tr(c);
  return (
    <>
      <h1>{t("oversight.login.title")}</h1>
      {failed === "password" && <ErrorSummary heading={t("oversight.error.title")} lines={[{ field: "email", text: t("oversight.login.failed") }]} />}
      {failed === "passkey" && <ErrorSummary heading={t("oversight.error.title")} lines={[{ field: "passkey", text: t("passkey.login.failed") }]} />}
      <PasswordSignIn c={c} action={opath(c, "/login")} email={email} />
      <PasskeyLogin c={c} path={opath} />
    </>
  );
}

export const authRoutes = oversightFactory.createApp();
authRoutes.route("/", passkeyRoutes);

/** The sign-in page, in the shell that loads the passkey script. */
const loginPage = (c: Context, email: string, failed: false | "password" | "passkey", status = 200) =>
  page(c, tr(c)("oversight.login.title"), <LoginForm c={c} email={email} failed={failed} />, status, "passkey");

/** A session the service started (password, passkey, an accepted invite or reset): its cookie, then the inbox. */
async function signedIn(c: Context<OversightEnv>, token: string) {
  await setSessionCookie(c, c.env, token, OVERSIGHT_SESSION);
  return c.redirect(opath(c, ""), 303);
}

/** The answer to a sign-in: the inbox, or the sign-in page again with the refusal's status. */
const answer = (c: Context<OversightEnv>, result: SignInResult, email: string, failed: "password" | "passkey") =>
  "token" in result ? signedIn(c, result.token) : loginPage(c, email, failed, result.refused);

authRoutes.get("/login", async (c) => {
  if (await currentUser(c, c.env)) return c.redirect(opath(c, ""), 303);
  return loginPage(c, "", false);
});

authRoutes.post("/login", async (c) => {
  // Cross-site sign-in posts are refused (login CSRF).
  assertSameSite(c);
  const form = await readForm(c);
  const email = field(form, "email").toLowerCase();
  const result = await signInWithPassword(c.env, OVERSIGHT_SESSION, signInRequest(c), { email, password: field(form, "password"), code: field(form, "code") });
  return answer(c, result, email, "password");
});

/**
 * Sign-in with a passkey: the form the passkey script submits with the browser's assertion
 * (signInWithPasskey: our challenge, unused; an enabled user's passkey, not waiting for a reset:
 * RESET_PENDING revokes passkeys at once; user verification). Same rate limit, lockout, audit and
 * session as the password sign-in.
 */
authRoutes.post("/login/passkey", async (c) => {
  assertSameSite(c);
  const form = await readForm(c);
  return answer(c, await signInWithPasskey(c.env, OVERSIGHT_SESSION, signInRequest(c), field(form, "credential")), "", "passkey");
});

authRoutes.post("/logout", requireUser(), async (c) => {
  await signOut(c.env.DB, OVERSIGHT_SESSION, c.get("user"));
  clearSessionCookie(c);
  return c.redirect(opath(c, "/login"), 303);
});

/**
 * Sign out everywhere. Passkeys outlive sessions, so someone who held a stolen session could have
 * added one (security L7): with passkeys on the account, the first post lists them with the day
 * each was added and asks whether to remove those of the last RECENT_PASSKEY_DAYS days too.
 */
authRoutes.post("/logout-everywhere", requireUser(), async (c) => {
  const user = c.get("user");
  const choice = field(await readForm(c), "passkeys");
  const passkeys = await listPasskeys(c.env.DB, user.id);
  if (passkeys.length > 0 && choice !== "keep" && choice !== "remove_recent") {
    return page(c, tr(c)("oversight.nav.logout_everywhere"), <LogoutEverywhere c={c} passkeys={passkeys} />);
  }
  await signOutEverywhere(c.env.DB, user, choice === "remove_recent");
  clearSessionCookie(c);
  return c.redirect(opath(c, "/login"), 303);
});

function LogoutEverywhere({ c, passkeys }: { c: Context<OversightEnv>; passkeys: PasskeyRow[] }) {
  const t = tr(c);
  const csrf = c.get("user").csrf;
  return (
    <>
      <h1>{t("oversight.nav.logout_everywhere")}</h1>
      <p>{t("passkey.logout_everywhere.intro", { days: RECENT_PASSKEY_DAYS })}</p>
      <Table caption={t("passkey.list.caption")} headers={[t("passkey.list.name"), t("passkey.list.added"), t("passkey.list.last_used")]}>
        {passkeys.map((p) => (
          <tr>
            <td>{p.name}</td>
            <td>{beijingToday(new Date(p.created_at))}</td>
            <td>{p.last_used_at ? beijingToday(new Date(p.last_used_at)) : t("passkey.list.never")}</td>
          </tr>
        ))}
      </Table>
      <form method="post" action={opath(c, "/logout-everywhere")}>
        <Csrf token={csrf} />
        <button type="submit" name="passkeys" value="remove_recent">
          {t("passkey.logout_everywhere.remove_recent", { days: RECENT_PASSKEY_DAYS })}
        </button>{" "}
        <button type="submit" name="passkeys" value="keep">
          {t("passkey.logout_everywhere.keep")}
        </button>
      </form>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Invites and password resets: one link, used once, valid INVITE_TTL_MS.

function InviteForm({ c, invite, secret, signature, errors }: { c: Context; invite: InviteRow; secret: string; signature: string; errors: InviteError[] }) {
  const t = tr(c);
  return (
    <>
      <h1>{t(invite.user_id ? "oversight.invite.reset_title" : "oversight.invite.title")}</h1>
      {errors.length > 0 && <ErrorSummary heading={t("oversight.error.title")} lines={keyedLines(c, errors)} />}
      <p>{invite.email}</p>
      <form method="post">
        <input type="hidden" name="secret" value={secret} />
        <input type="hidden" name="signature" value={signature} />
        {!invite.user_id && (
          <p>
            <label for="name">{t("oversight.invite.name")}</label>
            <input id="name" name="name" required autocomplete="name" />
          </p>
        )}
        <p>
          <label for="password">{t("oversight.invite.password")}</label>
          <span class="hint" id="password-hint">
            {t("oversight.invite.password_hint", { n: MIN_PASSWORD_LENGTH })}
          </span>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            minlength={MIN_PASSWORD_LENGTH}
            required
            aria-describedby="password-hint"
          />
        </p>
        <p>{t("oversight.invite.totp_help")}</p>
        <p>
          <code>{secret}</code>
        </p>
        <p class="muted">
          <code>{totpUri(secret, invite.email)}</code>
        </p>
        <CodeField label={t("oversight.login.code")} />
        <button type="submit">{t("oversight.invite.submit")}</button>
      </form>
    </>
  );
}

authRoutes.get("/invite/:token", async (c) => {
  const invite = await findInvite(c.env, c.req.param("token"));
  const { secret, signature } = await newEnrolment(c.env.SESSION_KEY, invite);
  return page(c, tr(c)("oversight.invite.title"), <InviteForm c={c} invite={invite} secret={secret} signature={signature} errors={[]} />);
});

authRoutes.post("/invite/:token", async (c) => {
  assertSameSite(c);
  const invite = await findInvite(c.env, c.req.param("token"));
  const form = await readForm(c);
  const sent = {
    secret: field(form, "secret"),
    signature: field(form, "signature"),
    name: field(form, "name"),
    password: field(form, "password"),
    code: field(form, "code"),
  };
  const result = await acceptInvite(c.env, OVERSIGHT_SESSION, invite, sent);
  if ("token" in result) return signedIn(c, result.token);
  const t = tr(c);
  if (result.refused === "email_taken") {
    return page(
      c,
      t("oversight.invite.title"),
      <>
        <h1>{t("oversight.invite.title")}</h1>
        <p>{t("oversight.invite.email_taken")}</p>
      </>,
      409,
    );
  }
  return page(c, t("oversight.invite.title"), <InviteForm c={c} invite={invite} secret={sent.secret} signature={sent.signature} errors={result.errors} />, 422);
});
