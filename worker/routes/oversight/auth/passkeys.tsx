/**
 * Passkeys of oversight users (worker/auth/passkeys.ts): the account page where a signed-in user
 * lists, adds and removes passkeys, the options endpoints the passkey script calls, and the
 * passkey part of the sign-in page. Sign-in with a passkey itself is in auth.tsx, next to the
 * password sign-in whose lockout, rate limit and audit it shares. Mounted by auth.tsx.
 *
 * Adding and removing are CSRF-protected form posts (requireUser) and audited; the options
 * endpoints answer JSON. Password + TOTP stays mandatory: passkeys are only ever an addition.
 * Adding one needs both factors within the last REAUTH_MS (the sign-in, or the "confirm it is
 * you" form here), so a stolen session cookie cannot turn into lasting access (security L7).
 */
import type { Context } from "hono";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { assertSameSite, requireUser, oversightFactory, type OversightEnv } from "../../../auth/session.ts";
import {
  authenticationOptions,
  challengeOf,
  checkChallenge,
  MAX_PASSKEY_NAME,
  MAX_PASSKEYS,
  parseCredential,
  registrationOptions,
  relyingParty,
  spendChallenge,
  verifyRegistration,
} from "../../../auth/passkeys.ts";
import { audit, auditStatement } from "../../../db/audit.ts";
import { deletePasskeyStatement, insertPasskey, listPasskeys, passkeyName } from "../../../db/passkeys.ts";
import { AppError } from "../../../lib/errors.ts";
import { keyedLines, Nav, opath, page, tr } from "../views.tsx";
import { Csrf, ErrorSummary, Field, PostButton, Table } from "../../../ui/components.tsx";
import { beijingToday } from "../../../domain/working-days.ts";
import { readForm } from "../../../lib/form-body.ts";
import { countLoginFailure, loginRowByEmail, markReauthenticated, REAUTH_MS, takeTotpStep } from "../../../db/accounts.ts";
import { verifyPassword } from "../../../auth/password.ts";
import { verifyTotp } from "../../../auth/totp.ts";
import { CodeField } from "../views.tsx";

/** Both factors proved within REAUTH_MS on this session. */
const recentlyAuthenticated = (c: Context<OversightEnv>, now = Date.now()) => now - c.get("user").reauthAt <= REAUTH_MS;

/** "Confirm it is you": password + TOTP again, before adding a passkey. */
function ReauthForm({ c }: { c: Context<OversightEnv> }) {
  const t = tr(c);
  return (
    <form method="post" action={opath(c, "/account/reauth")}>
      <p>{t("passkey.reauth.intro", { minutes: REAUTH_MS / 60_000 })}</p>
      <Csrf token={c.get("user").csrf} />
      <Field id="password" label={t("oversight.login.password")}>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </Field>
      <CodeField label={t("oversight.login.code")} />
      <button type="submit">{t("passkey.reauth.submit")}</button>
    </form>
  );
}

const noStore = { "cache-control": "no-store" };

/** The passkey sign-in form of the login page: hidden until the passkey script finds WebAuthn. */
export function PasskeyLogin({ c }: { c: Context }) {
  const t = tr(c);
  return (
    <form method="post" action={opath(c, "/login/passkey")} data-passkey="login" data-passkey-options={opath(c, "/login/passkey/options")} data-passkey-error={t("passkey.error")} hidden>
      <h2>{t("passkey.login.title")}</h2>
      <p class="hint" id="passkey-hint">
        {t("passkey.login.hint")}
      </p>
      <input type="hidden" name="credential" value="" />
      <button id="passkey" type="submit" aria-describedby="passkey-hint">
        {t("passkey.login.submit")}
      </button>
      <p role="status" data-passkey-status></p>
    </form>
  );
}

async function accountPage(c: Context<OversightEnv>, errors: { field: string; key: string }[] = [], status = 200): Promise<Response> {
  const t = tr(c);
  const user = c.get("user");
  const passkeys = await listPasskeys(c.env.DB, user.id);
  const done = c.req.query("done");
  return page(
    c,
    t("passkey.account.title"),
    <>
      <Nav c={c} />
      {errors.length > 0 && <ErrorSummary heading={t("oversight.error.title")} lines={keyedLines(c, errors)} />}
      <h1>{t("passkey.account.title")}</h1>
      {(done === "added" || done === "removed" || done === "confirmed") && (
        <div class="notice" role="status">
          <p>{t(`passkey.account.${done}`)}</p>
        </div>
      )}
      <p>{t("passkey.account.intro")}</p>
      {passkeys.length === 0 ? (
        <p>{t("passkey.list.none")}</p>
      ) : (
        <Table id="passkeys" caption={t("passkey.list.caption")} headers={[t("passkey.list.name"), t("passkey.list.added"), t("passkey.list.last_used"), t("passkey.list.remove")]}>
          {passkeys.map((p) => (
            <tr>
              <td>{p.name}</td>
              <td>{beijingToday(new Date(p.created_at))}</td>
              <td>{p.last_used_at ? beijingToday(new Date(p.last_used_at)) : t("passkey.list.never")}</td>
              <td>
                <PostButton
                  action={opath(c, `/account/passkeys/${encodeURIComponent(p.credential_id)}/delete`)}
                  csrf={user.csrf}
                  label={t("passkey.list.remove")}
                  ariaLabel={t("passkey.list.remove_label", { name: p.name })}
                />
              </td>
            </tr>
          ))}
        </Table>
      )}
      <h2>{t("passkey.add.title")}</h2>
      {passkeys.length >= MAX_PASSKEYS ? (
        <p>{t("passkey.add.limit", { n: MAX_PASSKEYS })}</p>
      ) : !recentlyAuthenticated(c) ? (
        <ReauthForm c={c} />
      ) : (
        <>
          <p data-passkey-unsupported>{t("passkey.add.unsupported")}</p>
          <form method="post" action={opath(c, "/account/passkeys")} data-passkey="register" data-passkey-options={opath(c, "/account/passkeys/options")} data-passkey-error={t("passkey.error")} hidden>
            <Csrf token={user.csrf} />
            <input type="hidden" name="credential" value="" />
            <Field id="name" label={t("passkey.add.name")}>
              <input id="name" name="name" maxlength={MAX_PASSKEY_NAME} required autocomplete="off" />
            </Field>
            <button type="submit">{t("passkey.add.submit")}</button>
            <p role="status" data-passkey-status></p>
          </form>
        </>
      )}
    </>,
    status,
    "passkey",
  );
}

export const passkeyRoutes = oversightFactory.createApp();

// Sign-in options: any discoverable credential of this site, with user verification. Nothing is
// stored: the challenge is signed and becomes spent only when a sign-in uses it (auth.tsx).
passkeyRoutes.post("/login/passkey/options", async (c) => {
  assertSameSite(c);
  return c.json(await authenticationOptions(c.env.SESSION_KEY, c.req.url), 200, noStore);
});

passkeyRoutes.get("/account", requireUser(), (c) => accountPage(c));

/** The account page with "confirm it is you first" (403): adding a passkey needs a recent sign-in. */
const reauthNeeded = (c: Context<OversightEnv>) => accountPage(c, [{ field: "password", key: "passkey.reauth.needed" }], 403);

passkeyRoutes.post("/account/reauth", requireUser(), async (c) => {
  const user = c.get("user");
  const form = await readForm(c);
  const now = Date.now();
  const password = typeof form.password === "string" ? form.password : "";
  const code = typeof form.code === "string" ? form.code.trim() : "";
  const row = await loginRowByEmail(c.env.DB, user.email);
  // The same checks, lockout and audit as the sign-in: a confirmation is a sign-in without a new session.
  const ok = row !== null && row.locked_until <= now && (await verifyPassword(password, row.password_hash));
  const step = ok ? verifyTotp(row.totp_secret, code, row.totp_last_step, now) : null;
  if (!row || step === null || !(await takeTotpStep(c.env.DB, row.id, step, now, null))) {
    const locked = row ? await countLoginFailure(c.env.DB, row.id, now) : false;
    await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "login_failed", detail: locked ? "reauth locked" : "reauth" });
    return accountPage(c, [{ field: "password", key: "passkey.reauth.failed" }], 401);
  }
  await markReauthenticated(c.env.DB, user.sessionHash, now);
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "login", detail: "reauth" });
  return c.redirect(`${opath(c, "/account")}?done=confirmed`, 303);
});

passkeyRoutes.post("/account/passkeys/options", requireUser(), async (c) => {
  if (!recentlyAuthenticated(c)) return reauthNeeded(c);
  const user = c.get("user");
  const existing = await listPasskeys(c.env.DB, user.id);
  if (existing.length >= MAX_PASSKEYS) throw new AppError("unprocessable");
  const options = await registrationOptions(c.env.SESSION_KEY, c.req.url, { id: user.id, email: user.email, displayName: user.displayName }, existing, tr(c)("site.name"));
  return c.json(options, 200, noStore);
});

passkeyRoutes.post("/account/passkeys", requireUser(), async (c) => {
  if (!recentlyAuthenticated(c)) return reauthNeeded(c);
  const user = c.get("user");
  const form = await readForm(c);
  const name = (typeof form.name === "string" ? form.name.trim() : "").slice(0, MAX_PASSKEY_NAME) || tr(c)("passkey.add.default_name");
  const failed = () => accountPage(c, [{ field: "name", key: "passkey.add.failed" }], 422);
  if ((await listPasskeys(c.env.DB, user.id)).length >= MAX_PASSKEYS) return failed();
  const response = parseCredential<RegistrationResponseJSON>(typeof form.credential === "string" ? form.credential : "");
  const encoded = response && challengeOf(response);
  const challenge = encoded ? await checkChallenge(c.env.SESSION_KEY, encoded, "register", user.id, relyingParty(c.req.url).origin) : null;
  if (!response || !challenge || !(await spendChallenge(c.env.DB, challenge))) return failed();
  const credential = await verifyRegistration(c.req.url, response, challenge);
  if (!credential) return failed();
  const db = c.env.DB;
  if (!(await insertPasskey(db, { ...credential, userId: user.id, name, now: Date.now() }))) return failed();
  await audit(db, { bodyId: user.bodyId, userId: user.id, action: "passkey_added", detail: name });
  return c.redirect(`${opath(c, "/account")}?done=added`, 303);
});

passkeyRoutes.post("/account/passkeys/:id/delete", requireUser(), async (c) => {
  const user = c.get("user");
  const db = c.env.DB;
  const name = await passkeyName(db, c.req.param("id"), user.id);
  if (name === null) throw new AppError("not_found");
  await db.batch([
    deletePasskeyStatement(db, c.req.param("id"), user.id),
    auditStatement(db, { bodyId: user.bodyId, userId: user.id, action: "passkey_removed", detail: name }),
  ]);
  return c.redirect(`${opath(c, "/account")}?done=removed`, 303);
});
