/**
 * Sessions of oversight users (and, with EDITOR_SESSION, of editors): a random token in an HttpOnly, Secure, SameSite=Strict cookie
 * (`__Host-` prefix: no Domain, path /), signed with SESSION_KEY; D1 keeps only a keyed hash
 * of the token with an expiry, so "log out everywhere" deletes the user's rows.
 * CSRF: every state-changing form carries a token derived from the session (keyed hash), and
 * every POST is refused without it (SameSite=Strict is a second line, not the only one).
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { createFactory } from "hono/factory";
import type { Bindings, Variables } from "../env.ts";
import type { Role } from "../domain/lifecycle.ts";
import { AppError } from "../lib/errors.ts";
import { keyedHash, safeEqual } from "./tokens.ts";
import {
  EDITOR_ACCOUNTS,
  OVERSIGHT_ACCOUNTS,
  SESSION_TTL_MS,
  sessionEditorRow,
  sessionUserRow,
  type AccountKind,
  type SessionAccount,
} from "../db/accounts.ts";
import { readForm } from "../lib/form-body.ts";
import { localePath } from "../../site/i18n/index.ts";

export const SESSION_COOKIE = "qd_session";

/**
 * Where one kind of account keeps its sessions: its tables, the cookie (name, path, prefix), the
 * purpose its token is hashed under and its sign-in page. Oversight users and editors never share
 * a session: other tables, another cookie, another hash purpose.
 */
export interface SessionKind {
  accounts: AccountKind;
  cookie: string;
  purpose: string;
  options: { path: string; httpOnly: true; secure: true; sameSite: "Strict"; prefix: "host" | "secure" };
  login: string;
}

export const OVERSIGHT_SESSION: SessionKind = {
  accounts: OVERSIGHT_ACCOUNTS,
  cookie: SESSION_COOKIE,
  purpose: "session",
  options: { path: "/", httpOnly: true, secure: true, sameSite: "Strict", prefix: "host" },
  login: "/oversight/login",
};

/**
 * Editors' desk (migrations/0052): `__Host-qd_editor`. Path / like the oversight cookie, because
 * the desk has an English copy under /en/editor, which a cookie scoped to /editor would not reach;
 * only the desk's routes read it.
 */
export const EDITOR_SESSION: SessionKind = {
  accounts: EDITOR_ACCOUNTS,
  cookie: "qd_editor",
  purpose: "editor-session",
  options: { path: "/", httpOnly: true, secure: true, sameSite: "Strict", prefix: "host" },
  login: "/editor/login",
};

export interface SessionUser extends SessionAccount {
  bodyId: string;
  bodyName: string;
  role: Role;
}

/** The signed-in editor of a desk request (editors have no display name: their address stands for it). */
export type SessionEditor = SessionAccount;

export interface OversightEnv {
  Bindings: Bindings;
  Variables: Variables & { user: SessionUser };
}

export interface EditorEnv {
  Bindings: Bindings;
  Variables: Variables & { editor: SessionEditor };
}

export const oversightFactory = createFactory<OversightEnv>();
export const editorFactory = createFactory<EditorEnv>();

/**
 * Sets the cookie of a session that worker/services/sign-in.ts started (its row, keyed by the
 * token's hash under `kind.purpose`): the service writes D1, the route answers HTTP.
 */
export async function setSessionCookie(c: Context, env: Bindings, token: string, kind = OVERSIGHT_SESSION): Promise<void> {
  await setSignedCookie(c, kind.cookie, token, env.SESSION_KEY, { ...kind.options, maxAge: SESSION_TTL_MS / 1000 });
}

export const clearSessionCookie = (c: Context, kind = OVERSIGHT_SESSION) => deleteCookie(c, kind.cookie, kind.options);

/** The stored hash of the request's session token of `kind`, or null (no cookie, bad signature). */
async function sessionHashOf(c: Context, env: Bindings, kind: SessionKind): Promise<string | null> {
  const token = await getSignedCookie(c, env.SESSION_KEY, kind.cookie, kind.options.prefix);
  return token ? keyedHash(env.SESSION_KEY, kind.purpose, token) : null;
}

/** The signed-in user of a request, or null (no cookie, bad signature, expired, disabled). */
export async function currentUser(c: Context, env: Bindings, now = Date.now()): Promise<SessionUser | null> {
  const idHash = await sessionHashOf(c, env, OVERSIGHT_SESSION);
  const row = idHash ? await sessionUserRow(env.DB, idHash, now) : null;
  if (!idHash || !row) return null;
  return {
    id: row.id,
    bodyId: row.body_id,
    bodyName: row.body_name,
    role: row.role,
    displayName: row.display_name,
    email: row.email,
    csrf: await keyedHash(env.SESSION_KEY, "csrf", idHash),
    sessionHash: idHash,
    reauthAt: row.reauth_at,
  };
}

/** The signed-in editor of a request, or null (no editor cookie, bad signature, expired, disabled). */
export async function currentEditor(c: Context, env: Bindings, now = Date.now()): Promise<SessionEditor | null> {
  const idHash = await sessionHashOf(c, env, EDITOR_SESSION);
  const row = idHash ? await sessionEditorRow(env.DB, idHash, now) : null;
  if (!idHash || !row) return null;
  return {
    id: row.id,
    email: row.email,
    displayName: row.email,
    csrf: await keyedHash(env.SESSION_KEY, "csrf", idHash),
    sessionHash: idHash,
    reauthAt: row.reauth_at,
  };
}

/**
 * Requires a signed-in account of `kind` (else redirect to its login page for GET, 403 for
 * anything else) and, on every non-GET request, a valid CSRF token in the form field `csrf`;
 * the account is set as the context variable `name`.
 */
const requireSession =
  (kind: SessionKind, load: (c: Context, env: Bindings) => Promise<{ csrf: string } | null>, name: "user" | "editor"): MiddlewareHandler =>
  async (c, next) => {
    const who = await load(c, c.env as Bindings);
    const safe = c.req.method === "GET" || c.req.method === "HEAD";
    if (!who) {
      if (safe) return c.redirect(localePath(c.get("lang"), kind.login), 303);
      throw new AppError("forbidden");
    }
    if (!safe) {
      const form = await readForm(c);
      const token = typeof form.csrf === "string" ? form.csrf : "";
      if (!safeEqual(token, who.csrf)) throw new AppError("forbidden");
    }
    c.set(name, who);
    await next();
  };

export const requireUser = (): MiddlewareHandler<OversightEnv> => requireSession(OVERSIGHT_SESSION, currentUser, "user");
export const requireEditor = (): MiddlewareHandler<EditorEnv> => requireSession(EDITOR_SESSION, currentEditor, "editor");

/**
 * Refuses cross-site posts to the sign-in and invite endpoints (login CSRF), which have no
 * session yet to derive a CSRF token from. Browsers say where a request comes from in
 * Sec-Fetch-Site; Origin is "null" on our pages (Referrer-Policy: no-referrer), which is only
 * believed together with a same-origin Sec-Fetch-Site: a sandboxed cross-site frame also sends
 * "null", and an old browser without Sec-Fetch-Site gives nothing to tell them apart (security L3).
 */
export function assertSameSite(c: Context): void {
  const site = c.req.header("sec-fetch-site");
  const origin = c.req.header("origin");
  const crossSite = site !== undefined && site !== "same-origin" && site !== "none";
  const foreignOrigin = origin !== undefined && origin !== "null" && origin !== new URL(c.req.url).origin;
  const unprovenNull = origin === "null" && site === undefined;
  if (crossSite || foreignOrigin || unprovenNull) throw new AppError("forbidden");
}

/** Requires one of `roles` (a viewer cannot act, only an admin manages users and reads the audit log). */
export const requireRole =
  (...roles: Role[]): MiddlewareHandler<OversightEnv> =>
  async (c, next) => {
    if (!roles.includes(c.get("user").role)) throw new AppError("forbidden");
    await next();
  };
