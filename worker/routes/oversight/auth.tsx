/**
 * Sign-in (password + TOTP in one form), sign-out, sign-out everywhere, and accepting an invite
 * or a password reset (set a password, enrol TOTP). Failed sign-ins count per account: after
 * MAX_FAILED the account is locked for LOCK_MS, and LOGIN_LIMITER limits attempts per account.
 * The answer to a failed sign-in never says which factor was wrong or whether the user exists.
 */
import type { Context } from "hono";
import { clearSessionCookie, currentUser, requireUser, startSession, triageFactory, type TriageEnv } from "../../auth/session.ts";
import { hashPassword, MIN_PASSWORD_LENGTH, needsRehash, verifyPassword } from "../../auth/password.ts";
import { newTotpSecret, totpUri, verifyTotp } from "../../auth/totp.ts";
import { keyedHash, randomToken } from "../../auth/tokens.ts";
import { audit } from "../../db/audit.ts";
import { AppError } from "../../lib/errors.ts";
import { CodeField, ErrorSummary, field, opath, page, tr } from "./ui.tsx";

export const MAX_FAILED = 5;
export const LOCK_MS = 15 * 60_000;

interface LoginRow {
  id: string;
  body_id: string;
  password_hash: string;
  totp_secret: string;
  totp_last_step: number;
  failed_logins: number;
  locked_until: number;
}

function LoginForm({ c, email, failed }: { c: Context; email: string; failed: boolean }) {
  const t = tr(c);
  return (
    <>
      <h1>{t("triage.login.title")}</h1>
      {failed && <ErrorSummary c={c} errors={[{ field: "email", key: "triage.login.failed" }]} />}
      <form method="post" action={opath(c, "/login")}>
        <p>
          <label for="email">{t("triage.login.email")}</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={email} />
        </p>
        <p>
          <label for="password">{t("triage.login.password")}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </p>
        <CodeField label={t("triage.login.code")} />
        <button type="submit">{t("triage.login.submit")}</button>
      </form>
    </>
  );
}

export const authRoutes = triageFactory.createApp();

authRoutes.get("/login", async (c) => {
  if (await currentUser(c, c.env)) return c.redirect(opath(c, ""), 303);
  return page(c, tr(c)("triage.login.title"), <LoginForm c={c} email="" failed={false} />);
});

authRoutes.post("/login", async (c) => {
  // Cross-site sign-in posts are refused (login CSRF). Browsers say where a request comes from in
  // Sec-Fetch-Site; Origin is "null" on our pages (Referrer-Policy: no-referrer), so it only counts when set.
  const site = c.req.header("sec-fetch-site");
  const origin = c.req.header("origin");
  if ((site && site !== "same-origin" && site !== "none") || (origin && origin !== "null" && origin !== new URL(c.req.url).origin)) {
    throw new AppError(403, "forbidden", "forbidden");
  }
  const form = await c.req.parseBody();
  const email = field(form, "email").toLowerCase();
  const fail = async (status: number) => page(c, tr(c)("triage.login.title"), <LoginForm c={c} email={email} failed={true} />, status);
  const limiterKey = await keyedHash(c.env.SESSION_KEY, "login-limit", email);
  const { success } = await c.env.LOGIN_LIMITER.limit({ key: limiterKey });
  if (!success) return fail(429);
  const user = await c.env.DB.prepare(
    "SELECT id, body_id, password_hash, totp_secret, totp_last_step, failed_logins, locked_until FROM users WHERE email = ?1 AND disabled = 0",
  )
    .bind(email)
    .first<LoginRow>();
  const now = Date.now();
  if (!user) {
    // Same work as for a real account, so timing does not reveal which addresses exist.
    await verifyPassword(field(form, "password"), "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    return fail(401);
  }
  if (user.locked_until > now) {
    await audit(c.env.DB, { bodyId: user.body_id, userId: user.id, action: "login_failed", detail: "locked" });
    return fail(401);
  }
  const passwordOk = await verifyPassword(field(form, "password"), user.password_hash);
  const step = passwordOk ? verifyTotp(user.totp_secret, field(form, "code"), user.totp_last_step, now) : null;
  if (!passwordOk || step === null) {
    const failed = user.failed_logins + 1;
    await c.env.DB.batch([
      c.env.DB.prepare("UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1").bind(user.id, failed >= MAX_FAILED ? 0 : failed, failed >= MAX_FAILED ? now + LOCK_MS : 0),
    ]);
    await audit(c.env.DB, { bodyId: user.body_id, userId: user.id, action: "login_failed", detail: failed >= MAX_FAILED ? "locked" : null });
    return fail(401);
  }
  const rehash = needsRehash(user.password_hash) ? await hashPassword(field(form, "password")) : null;
  await c.env.DB.prepare("UPDATE users SET failed_logins = 0, locked_until = 0, totp_last_step = ?2, password_hash = COALESCE(?3, password_hash) WHERE id = ?1")
    .bind(user.id, step, rehash)
    .run();
  await startSession(c, c.env, user.id, now);
  await audit(c.env.DB, { bodyId: user.body_id, userId: user.id, action: "login" });
  return c.redirect(opath(c, ""), 303);
});

authRoutes.post("/logout", requireUser(), async (c) => {
  const user = c.get("user");
  await c.env.DB.prepare("DELETE FROM sessions WHERE id_hash = ?1").bind(user.sessionHash).run();
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "logout" });
  clearSessionCookie(c);
  return c.redirect(opath(c, "/login"), 303);
});

authRoutes.post("/logout-everywhere", requireUser(), async (c) => {
  const user = c.get("user");
  await c.env.DB.prepare("DELETE FROM sessions WHERE user_id = ?1").bind(user.id).run();
  await audit(c.env.DB, { bodyId: user.bodyId, userId: user.id, action: "logout", detail: "everywhere" });
  clearSessionCookie(c);
  return c.redirect(opath(c, "/login"), 303);
});

// ---------------------------------------------------------------------------------------------
// Invites and password resets: one link, used once, valid INVITE_TTL_MS.

export const INVITE_TTL_MS = 7 * 24 * 3_600_000;

interface InviteRow {
  token_hash: string;
  body_id: string;
  email: string;
  role: string;
  user_id: string | null;
}

async function openInvite(c: Context<TriageEnv>, token: string): Promise<InviteRow> {
  const tokenHash = await keyedHash(c.env.SESSION_KEY, "invite", token);
  const row = await c.env.DB.prepare("SELECT token_hash, body_id, email, role, user_id FROM invites WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2")
    .bind(tokenHash, Date.now())
    .first<InviteRow>();
  if (!row) throw new AppError(404, "not_found", "not_found");
  return row;
}

/** Creates an invite (or, with `userId`, a password reset) and returns the one-time token. */
export async function createInvite(db: D1Database, sessionKey: string, opts: { bodyId: string; email: string; role: string; userId?: string; createdBy: string | null }): Promise<string> {
  const token = randomToken();
  await db
    .prepare("INSERT INTO invites (token_hash, body_id, email, role, user_id, created_by, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
    .bind(await keyedHash(sessionKey, "invite", token), opts.bodyId, opts.email.toLowerCase(), opts.role, opts.userId ?? null, opts.createdBy, Date.now() + INVITE_TTL_MS)
    .run();
  return token;
}

function InviteForm({ c, invite, secret, signature, errors }: { c: Context; invite: InviteRow; secret: string; signature: string; errors: { field: string; key: string }[] }) {
  const t = tr(c);
  return (
    <>
      <h1>{t(invite.user_id ? "triage.invite.reset_title" : "triage.invite.title")}</h1>
      <ErrorSummary c={c} errors={errors} />
      <p>{invite.email}</p>
      <form method="post">
        <input type="hidden" name="secret" value={secret} />
        <input type="hidden" name="signature" value={signature} />
        {!invite.user_id && (
          <p>
            <label for="name">{t("triage.invite.name")}</label>
            <input id="name" name="name" required autocomplete="name" />
          </p>
        )}
        <p>
          <label for="password">{t("triage.invite.password")}</label>
          <span class="hint" id="password-hint">
            {t("triage.invite.password_hint", { n: MIN_PASSWORD_LENGTH })}
          </span>
          <input id="password" name="password" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required aria-describedby="password-hint" />
        </p>
        <p>{t("triage.invite.totp_help")}</p>
        <p>
          <code>{secret}</code>
        </p>
        <p class="muted">
          <code>{totpUri(secret, invite.email)}</code>
        </p>
        <CodeField label={t("triage.login.code")} />
        <button type="submit">{t("triage.invite.submit")}</button>
      </form>
    </>
  );
}

authRoutes.get("/invite/:token", async (c) => {
  const invite = await openInvite(c, c.req.param("token"));
  const secret = newTotpSecret();
  const signature = await keyedHash(c.env.SESSION_KEY, "totp-enrol", `${invite.token_hash}:${secret}`);
  return page(c, tr(c)("triage.invite.title"), <InviteForm c={c} invite={invite} secret={secret} signature={signature} errors={[]} />);
});

authRoutes.post("/invite/:token", async (c) => {
  const invite = await openInvite(c, c.req.param("token"));
  const form = await c.req.parseBody();
  const secret = field(form, "secret");
  const signature = field(form, "signature");
  // The secret travels in the form, signed, so a page reload cannot swap it for one the invitee did not scan.
  if (signature !== (await keyedHash(c.env.SESSION_KEY, "totp-enrol", `${invite.token_hash}:${secret}`))) throw new AppError(403, "forbidden", "forbidden");
  const errors: { field: string; key: string }[] = [];
  const password = field(form, "password");
  const name = field(form, "name");
  if (!invite.user_id && !name) errors.push({ field: "name", key: "triage.invite.name_missing" });
  if ([...password].length < MIN_PASSWORD_LENGTH) errors.push({ field: "password", key: "triage.invite.password_short" });
  const step = verifyTotp(secret, field(form, "code"), 0);
  if (step === null) errors.push({ field: "code", key: "triage.invite.code_wrong" });
  if (errors.length) return page(c, tr(c)("triage.invite.title"), <InviteForm c={c} invite={invite} secret={secret} signature={signature} errors={errors} />, 422);
  const hash = await hashPassword(password);
  const now = Date.now();
  const userId = invite.user_id ?? crypto.randomUUID();
  const db = c.env.DB;
  await db.batch([
    invite.user_id
      ? db.prepare("UPDATE users SET password_hash = ?2, totp_secret = ?3, totp_last_step = ?4, failed_logins = 0, locked_until = 0 WHERE id = ?1").bind(userId, hash, secret, step)
      : db
          .prepare("INSERT INTO users (id, body_id, email, display_name, role, password_hash, totp_secret, totp_last_step, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
          .bind(userId, invite.body_id, invite.email, name, invite.role, hash, secret, step, now),
    // A reset ends every session of the account.
    db.prepare("DELETE FROM sessions WHERE user_id = ?1").bind(userId),
    db.prepare("UPDATE invites SET used_at = ?2 WHERE token_hash = ?1").bind(invite.token_hash, now),
  ]);
  await startSession(c, c.env, userId, now);
  await audit(db, { bodyId: invite.body_id, userId, action: "login", detail: invite.user_id ? "password_reset" : "invite_accepted" });
  return c.redirect(opath(c, ""), 303);
});
