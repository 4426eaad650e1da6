/**
 * Passkeys (worker/auth/passkeys.ts) of oversight users and of editors: the account page where a
 * signed-in account lists, adds and removes passkeys, the options endpoints the passkey script
 * calls, and the passkey part of the sign-in page. Sign-in with a passkey itself is next to each
 * password sign-in (worker/routes/oversight/auth/index.tsx, worker/routes/editor/index.tsx), whose lockout, rate limit and audit it
 * shares (worker/services/sign-in.ts). One set of routes, built per kind of account by
 * `passkeyAccountRoutes`: oversight users in oversight/auth/passkeys.tsx, editors in editor/passkeys.tsx.
 *
 * Confirming, adding and removing are CSRF-protected form posts, each one call of
 * worker/services/passkeys.ts (which audits in the kind's log); the options endpoints answer
 * JSON. Password + TOTP stays mandatory: passkeys are only ever an addition. Adding one needs both
 * factors within the last REAUTH_MS (the sign-in, or the "confirm it is you" form here), so a
 * stolen session cookie cannot turn into lasting access (security L7).
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import type { Child } from "hono/jsx";
import type { Bindings, Variables } from "../../env.ts";
import { assertSameSite } from "../../auth/session.ts";
import { authenticationOptions, MAX_PASSKEY_NAME, MAX_PASSKEYS, passkeyPurpose, registrationOptions } from "../../auth/passkeys.ts";
import { listPasskeys } from "../../db/passkeys.ts";
import type { AccountRef } from "../../db/account-audit.ts";
import { REAUTH_MS, type AccountKind, type SessionAccount } from "../../db/accounts.ts";
import { addPasskey, reauthenticate, removePasskey } from "../../services/passkeys.ts";
import { AppError } from "../../lib/errors.ts";
import { CodeField, keyedLines, page, tr } from "../../ui/backoffice.tsx";
import { Csrf, ErrorSummary, Field, PostButton, Table } from "../../ui/components.tsx";
import { beijingToday } from "../../domain/working-days.ts";
import { field, readForm } from "../../lib/form-body.ts";

/** The routes need only the bindings; each kind's middleware sets its own account variable, read through `holder`. */
type PasskeyAreaEnv = { Bindings: Bindings; Variables: Variables };

/** What differs between the kinds of account: tables (and so the audit log), paths, the session, the menu. */
export interface PasskeyAccountConfig {
  kind: AccountKind;
  /** The kind's session guard (requireUser, requireEditor): signed in, and the CSRF token on posts. */
  require: () => MiddlewareHandler;
  /** A path of this area in the request's language («/account» → «/oversight/account»). */
  path: (c: Context, p: string) => string;
  /** The signed-in account (an oversight user's carries the body whose log its entries go to). */
  holder: (c: Context) => SessionAccount & AccountRef;
  /** The area's menu above the page. */
  nav: (c: Context) => Child;
}

const noStore = { "cache-control": "no-store" };

/** The passkey sign-in form of a login page (`path` of its area): hidden until the passkey script finds WebAuthn. */
export function PasskeyLogin({ c, path }: { c: Context; path: (c: Context, p: string) => string }) {
  const t = tr(c);
  return (
    <form
      method="post"
      action={path(c, "/login/passkey")}
      data-passkey="login"
      data-passkey-options={path(c, "/login/passkey/options")}
      data-passkey-error={t("passkey.error")}
      hidden
    >
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

/** "Confirm it is you": password + TOTP again, before adding a passkey. */
function ReauthForm({ c, action, csrf }: { c: Context; action: string; csrf: string }) {
  const t = tr(c);
  return (
    <form method="post" action={action}>
      <p>{t("passkey.reauth.intro", { minutes: REAUTH_MS / 60_000 })}</p>
      <Csrf token={csrf} />
      <Field id="password" label={t("oversight.login.password")}>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </Field>
      <CodeField label={t("oversight.login.code")} />
      <button type="submit">{t("passkey.reauth.submit")}</button>
    </form>
  );
}

/**
 * The routes of one kind's account page: GET /account, POST /account/reauth, /account/passkeys/options,
 * /account/passkeys, /account/passkeys/:id/delete, and the sign-in options POST /login/passkey/options.
 */
export function passkeyAccountRoutes(cfg: PasskeyAccountConfig) {
  const { kind } = cfg;
  /** Both factors proved within REAUTH_MS on this session. */
  const recentlyAuthenticated = (c: Context<PasskeyAreaEnv>, now = Date.now()) => now - cfg.holder(c).reauthAt <= REAUTH_MS;

  async function accountPage(c: Context<PasskeyAreaEnv>, errors: { field: string; key: string }[] = [], status = 200): Promise<Response> {
    const t = tr(c);
    const holder = cfg.holder(c);
    const passkeys = await listPasskeys(c.env.DB, holder.id, kind);
    const done = c.req.query("done");
    return page(
      c,
      t("passkey.account.title"),
      <>
        {cfg.nav(c)}
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
          <Table
            id="passkeys"
            caption={t("passkey.list.caption")}
            headers={[t("passkey.list.name"), t("passkey.list.added"), t("passkey.list.last_used"), t("passkey.list.remove")]}
          >
            {passkeys.map((p) => (
              <tr>
                <td>{p.name}</td>
                <td>{beijingToday(new Date(p.created_at))}</td>
                <td>{p.last_used_at ? beijingToday(new Date(p.last_used_at)) : t("passkey.list.never")}</td>
                <td>
                  <PostButton
                    action={cfg.path(c, `/account/passkeys/${encodeURIComponent(p.credential_id)}/delete`)}
                    csrf={holder.csrf}
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
          <ReauthForm c={c} action={cfg.path(c, "/account/reauth")} csrf={holder.csrf} />
        ) : (
          <>
            <p data-passkey-unsupported>{t("passkey.add.unsupported")}</p>
            <form
              method="post"
              action={cfg.path(c, "/account/passkeys")}
              data-passkey="register"
              data-passkey-options={cfg.path(c, "/account/passkeys/options")}
              data-passkey-error={t("passkey.error")}
              hidden
            >
              <Csrf token={holder.csrf} />
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

  /** The account page with "confirm it is you first" (403): adding a passkey needs a recent sign-in. */
  const reauthNeeded = (c: Context<PasskeyAreaEnv>) => accountPage(c, [{ field: "password", key: "passkey.reauth.needed" }], 403);
  const account = (c: Context<PasskeyAreaEnv>, done: string) => c.redirect(`${cfg.path(c, "/account")}?done=${done}`, 303);

  const routes = new Hono<PasskeyAreaEnv>();

  // Sign-in options: any discoverable credential of this site, with user verification. Nothing is
  // stored: the challenge is signed for this kind's sign-in and becomes spent only when a sign-in uses it.
  routes.post("/login/passkey/options", async (c) => {
    assertSameSite(c);
    return c.json(await authenticationOptions(c.env.SESSION_KEY, c.req.url, passkeyPurpose(kind, "login")), 200, noStore);
  });

  routes.get("/account", cfg.require(), (c) => accountPage(c));

  routes.post("/account/reauth", cfg.require(), async (c) => {
    const form = await readForm(c);
    // The same checks, lockout and audit as the sign-in: a confirmation is a sign-in without a new session.
    const ok = await reauthenticate(c.env.DB, kind, cfg.holder(c), { password: field(form, "password"), code: field(form, "code") });
    if (!ok) return accountPage(c, [{ field: "password", key: "passkey.reauth.failed" }], 401);
    return account(c, "confirmed");
  });

  routes.post("/account/passkeys/options", cfg.require(), async (c) => {
    if (!recentlyAuthenticated(c)) return reauthNeeded(c);
    const holder = cfg.holder(c);
    const existing = await listPasskeys(c.env.DB, holder.id, kind);
    if (existing.length >= MAX_PASSKEYS) throw new AppError("unprocessable");
    const options = await registrationOptions(c.env.SESSION_KEY, c.req.url, holder, existing, tr(c)("site.name"), passkeyPurpose(kind, "register"));
    return c.json(options, 200, noStore);
  });

  routes.post("/account/passkeys", cfg.require(), async (c) => {
    if (!recentlyAuthenticated(c)) return reauthNeeded(c);
    const form = await readForm(c);
    const name = field(form, "name").slice(0, MAX_PASSKEY_NAME) || tr(c)("passkey.add.default_name");
    const credential = typeof form.credential === "string" ? form.credential : "";
    if (!(await addPasskey(c.env, kind, cfg.holder(c), c.req.url, credential, name)))
      return accountPage(c, [{ field: "name", key: "passkey.add.failed" }], 422);
    return account(c, "added");
  });

  routes.post("/account/passkeys/:id/delete", cfg.require(), async (c) => {
    if (!(await removePasskey(c.env.DB, kind, cfg.holder(c), c.req.param("id") ?? ""))) throw new AppError("not_found");
    return account(c, "removed");
  });

  return routes;
}
