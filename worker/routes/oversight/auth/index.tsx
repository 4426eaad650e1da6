/**
 * Sign-in (password + TOTP in one form, or a passkey with user verification), sign-out, sign-out
 * everywhere, and accepting an invite or a password reset (set a password, enrol TOTP). Failed
 * sign-ins count per account, whichever way: after MAX_FAILED the account is locked for LOCK_MS,
 * and LOGIN_LIMITER limits attempts per account. The answer to a failed sign-in never says which
 * factor was wrong or whether the user exists.
 */
import type { Context } from "hono";
import { assertSameSite, clearSessionCookie, currentUser, requireUser, startSession, oversightFactory, type OversightEnv } from "../../../auth/session.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../../../auth/password.ts";
import { newTotpSecret, totpUri, verifyTotp } from "../../../auth/totp.ts";
import { keyedHash } from "../../../auth/tokens.ts";
import { audit } from "../../../db/audit.ts";
import { OVERSIGHT_ACCOUNTS, RECENT_PASSKEY_DAYS, signOutEverywhere, type UserLoginRow } from "../../../db/accounts.ts";
import { checkPasskeySignIn, checkPasswordSignIn, withinLoginLimit } from "../../../auth/sign-in.ts";
import { listPasskeys, type PasskeyRow, type UserPasskeySignInRow } from "../../../db/passkeys.ts";
import { acceptInvite, openInvite as inviteByHash, type InviteRow } from "../../../db/invites.ts";
import { emailTaken, endSession } from "../../../db/accounts.ts";
import { beijingToday } from "../../../domain/working-days.ts";
import { AppError } from "../../../lib/errors.ts";
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

/** A successful sign-in (password, passkey, or an accepted invite or reset; `how` says which when not the password): the session, its audit entry, the inbox. */
async function signedIn(c: Context<OversightEnv>, user: { id: string; body_id: string }, now: number, how?: "passkey" | "password_reset" | "invite_accepted") {
  await startSession(c, c.env, user.id, now);
  await audit(c.env.DB, { bodyId: user.body_id, userId: user.id, action: "login", detail: how ?? null });
  return c.redirect(opath(c, ""), 303);
}

authRoutes.get("/login", async (c) => {
  if (await currentUser(c, c.env)) return c.redirect(opath(c, ""), 303);
  return loginPage(c, "", false);
});

authRoutes.post("/login", async (c) => {
  // Cross-site sign-in posts are refused (login CSRF).
  assertSameSite(c);
  const form = await readForm(c);
  const email = field(form, "email").toLowerCase();
  const fail = async (status: number) => loginPage(c, email, "password", status);
  if (!(await withinLoginLimit(c, email))) return fail(429);
  const now = Date.now();
  const user = await checkPasswordSignIn<UserLoginRow>(c.env.DB, OVERSIGHT_ACCOUNTS, { email, password: field(form, "password"), code: field(form, "code") }, now, (u, detail) =>
    audit(c.env.DB, { bodyId: u.body_id, userId: u.id, action: "login_failed", detail }),
  );
  if (!user) return fail(401);
  return signedIn(c, user, now);
});

/**
 * Sign-in with a passkey: the form the passkey script submits with the browser's assertion
 * (checkPasskeySignIn: our challenge, unused; an enabled user's passkey, not waiting for a reset:
 * RESET_PENDING revokes passkeys at once; user verification). Same rate limit, lockout, audit and
 * session as the password sign-in.
 */
authRoutes.post("/login/passkey", async (c) => {
  assertSameSite(c);
  const form = await readForm(c);
  const now = Date.now();
  const user = await checkPasskeySignIn<UserPasskeySignInRow>(c, OVERSIGHT_ACCOUNTS, field(form, "credential"), now, (p, detail) =>
    audit(c.env.DB, { bodyId: p.body_id, userId: p.user_id, action: "login_failed", detail }),
  );
  if (typeof user === "number") return loginPage(c, "", "passkey", user);
  return signedIn(c, { id: user.user_id, body_id: user.body_id }, now, "passkey");
});

authRoutes.post("/logout", requireUser(), async (c) => {
  const user = c.get("user");
  await endSession(c.env.DB, user.sessionHash);
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "logout" });
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
  const since = choice === "remove_recent" ? Date.now() - RECENT_PASSKEY_DAYS * 86_400_000 : null;
  const removed = await signOutEverywhere(c.env.DB, user.id, since);
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "logout", detail: "everywhere" });
  if (removed > 0) await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "passkey_removed", detail: `logout_everywhere: ${removed}` });
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

async function openInvite(c: Context<OversightEnv>, token: string): Promise<InviteRow> {
  const row = await inviteByHash(c.env.DB, await keyedHash(c.env.SESSION_KEY, "invite", token), Date.now());
  if (!row) throw new AppError("not_found");
  return row;
}

function InviteForm({ c, invite, secret, signature, errors }: { c: Context; invite: InviteRow; secret: string; signature: string; errors: { field: string; key: string }[] }) {
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
          <input id="password" name="password" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required aria-describedby="password-hint" />
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
  const invite = await openInvite(c, c.req.param("token"));
  const secret = newTotpSecret();
  const signature = await keyedHash(c.env.SESSION_KEY, "totp-enrol", `${invite.token_hash}:${secret}`);
  return page(c, tr(c)("oversight.invite.title"), <InviteForm c={c} invite={invite} secret={secret} signature={signature} errors={[]} />);
});

authRoutes.post("/invite/:token", async (c) => {
  assertSameSite(c);
  const invite = await openInvite(c, c.req.param("token"));
  const form = await readForm(c);
  const secret = field(form, "secret");
  const signature = field(form, "signature");
  // The secret travels in the form, signed, so a page reload cannot swap it for one the invitee did not scan.
  if (signature !== (await keyedHash(c.env.SESSION_KEY, "totp-enrol", `${invite.token_hash}:${secret}`))) throw new AppError("forbidden");
  const errors: { field: string; key: string }[] = [];
  const password = field(form, "password");
  const name = field(form, "name");
  if (!invite.user_id && !name) errors.push({ field: "name", key: "oversight.invite.name_missing" });
  if ([...password].length < MIN_PASSWORD_LENGTH) errors.push({ field: "password", key: "oversight.invite.password_short" });
  const step = verifyTotp(secret, field(form, "code"), 0);
  if (step === null) errors.push({ field: "code", key: "oversight.invite.code_wrong" });
  if (errors.length) return page(c, tr(c)("oversight.invite.title"), <InviteForm c={c} invite={invite} secret={secret} signature={signature} errors={errors} />, 422);
  // An address has one account (users.email is UNIQUE): say so to the invitee instead of a 500 (security L4).
  if (!invite.user_id && (await emailTaken(c.env.DB, invite.email))) {
    const t = tr(c);
    return page(c, t("oversight.invite.title"), <><h1>{t("oversight.invite.title")}</h1><p>{t("oversight.invite.email_taken")}</p></>, 409);
  }
  const hash = await hashPassword(password);
  const now = Date.now();
  const userId = invite.user_id ?? crypto.randomUUID();
  const removedPasskeys = await acceptInvite(c.env.DB, { invite, userId, displayName: name, passwordHash: hash, totpSecret: secret, totpStep: step!, now });
  if (removedPasskeys > 0) await audit(c.env.DB, { bodyId: invite.body_id, userId, action: "passkey_removed", detail: `password_reset: ${removedPasskeys}` });
  return signedIn(c, { id: userId, body_id: invite.body_id }, now, invite.user_id ? "password_reset" : "invite_accepted");
});
