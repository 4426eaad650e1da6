/**
 * Sessions of oversight users: a random token in an HttpOnly, Secure, SameSite=Strict cookie
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
import { keyedHash, randomToken, safeEqual } from "./tokens.ts";
import { insertSession, sessionUserRow } from "../db/accounts.ts";
import { readForm } from "../lib/form-body.ts";
import { localePath } from "../../site/i18n/index.ts";

export const SESSION_COOKIE = "qd_session";
/** Sessions last 8 hours (one working day), then the user signs in again. */
export const SESSION_TTL_MS = 8 * 3_600_000;

export interface SessionUser {
  id: string;
  bodyId: string;
  bodyName: string;
  role: Role;
  displayName: string;
  email: string;
  /** CSRF token for this session's forms. */
  csrf: string;
  sessionHash: string;
  /** When this session last proved both factors: its sign-in, or the account page's confirmation (ms). */
  reauthAt: number;
}

export interface OversightEnv {
  Bindings: Bindings;
  Variables: Variables & { user: SessionUser };
}

export const oversightFactory = createFactory<OversightEnv>();

const cookieOptions = { path: "/", httpOnly: true, secure: true, sameSite: "Strict", prefix: "host" } as const;

/** Creates a session row and sets its cookie. */
export async function startSession(c: Context, env: Bindings, userId: string, now = Date.now()): Promise<void> {
  const token = randomToken();
  const idHash = await keyedHash(env.SESSION_KEY, "session", token);
  await insertSession(env.DB, { idHash, userId, now, expiresAt: now + SESSION_TTL_MS });
  await setSignedCookie(c, SESSION_COOKIE, token, env.SESSION_KEY, { ...cookieOptions, maxAge: SESSION_TTL_MS / 1000 });
}

export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION_COOKIE, cookieOptions);

/** The signed-in user of a request, or null (no cookie, bad signature, expired, disabled). */
export async function currentUser(c: Context, env: Bindings, now = Date.now()): Promise<SessionUser | null> {
  const token = await getSignedCookie(c, env.SESSION_KEY, SESSION_COOKIE, "host");
  if (!token) return null;
  const idHash = await keyedHash(env.SESSION_KEY, "session", token);
  const row = await sessionUserRow(env.DB, idHash, now);
  if (!row) return null;
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

/**
 * Requires a signed-in user (else redirect to the login page for GET, 403 for anything else)
 * and, on every non-GET request, a valid CSRF token in the form field `csrf`.
 */
export const requireUser = (): MiddlewareHandler<OversightEnv> => async (c, next) => {
  const user = await currentUser(c, c.env);
  const safe = c.req.method === "GET" || c.req.method === "HEAD";
  if (!user) {
    if (safe) return c.redirect(localePath(c.get("lang"), "/oversight/login"), 303);
    throw new AppError("forbidden");
  }
  if (!safe) {
    const form = await readForm(c);
    const token = typeof form.csrf === "string" ? form.csrf : "";
    if (!safeEqual(token, user.csrf)) throw new AppError("forbidden");
  }
  c.set("user", user);
  await next();
};

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
