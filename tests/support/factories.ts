/**
 * Test data factories for triage (STYLE.md §12: data from factories, never seeded magic ids).
 * Every call makes fresh random ids, so tests never depend on each other's rows.
 */
import { serializeSigned } from "hono/utils/cookie";
import { TOTP, Secret } from "otpauth";
import { hashPassword } from "../../worker/auth/password.ts";
import { newTotpSecret } from "../../worker/auth/totp.ts";
import { keyedHash, randomToken } from "../../worker/auth/tokens.ts";
import { EDITOR_SESSION, SESSION_COOKIE } from "../../worker/auth/session.ts";
import { SESSION_TTL_MS } from "../../worker/db/accounts.ts";
import type { Role } from "../../worker/domain/lifecycle.ts";
import type { ReportStatus } from "../../worker/domain/report-status.ts";
import { TEST_SECRETS } from "./secrets.ts";

const rid = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

export interface BodyOptions {
  level?: "county" | "prefecture" | "province" | "central";
  areaCode?: string;
  kind?: string;
  joined?: boolean;
  name?: string;
  channels?: unknown[];
}

export async function makeBody(db: D1Database, o: BodyOptions = {}): Promise<string> {
  const id = rid("body");
  await db
    .prepare("INSERT INTO oversight_bodies (id, name, kind, level, area_code, joined, channels) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
    .bind(
      id,
      o.name ?? `测试机构 ${id}`,
      o.kind ?? "burden_reduction_office",
      o.level ?? "county",
      o.areaCode ?? "431021",
      o.joined === false ? 0 : 1,
      JSON.stringify(o.channels ?? [{ type: "inbox" }]),
    )
    .run();
  return id;
}

export interface ReportOptions {
  bodyId: string;
  status?: ReportStatus;
  category?: string;
  townshipCode?: string;
  title?: string;
  description?: string;
  receivedOn?: string;
  deliveredOn?: string;
  ackDueOn?: string;
  concludeDueOn?: string;
  duplicateGroup?: string | null;
  dutyItemRef?: string | null;
  outcome?: string | null;
  transferCount?: number;
}

/** A report held by `bodyId` (active assignment with deadlines), `routed` unless told otherwise. */
export async function makeReport(db: D1Database, o: ReportOptions): Promise<string> {
  const id = rid("r");
  const delivered = o.deliveredOn ?? "2025-09-01";
  await db.batch([
    db
      .prepare(
        `INSERT INTO reports (id, receipt_hash, received_on, township_code, imposer_name, imposer_level, category, title, description, status, outcome,
           duplicate_group, duty_item_ref, first_delivered_on, transfer_count) VALUES (?1, ?2, ?3, ?4, '县农业农村局', 'county', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)`,
      )
      .bind(
        id,
        `v1:${randomToken()}`,
        o.receivedOn ?? delivered,
        o.townshipCode ?? "431021100",
        o.category ?? "forms",
        o.title ?? `每周填报三张表 ${id}`,
        o.description ?? "镇里每周要填报同样内容的三张表格。",
        o.status ?? "routed",
        o.outcome ?? null,
        o.duplicateGroup ?? null,
        o.dutyItemRef ?? null,
        delivered,
        o.transferCount ?? 0,
      ),
    db
      // The body's case (migration 0042) starts in the report's status.
      .prepare(
        "INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, ack_due_on, conclude_due_on, status, outcome) VALUES (?1, ?2, 1, ?3, ?3, ?4, ?5, ?6, ?7)",
      )
      .bind(id, o.bodyId, delivered, o.ackDueOn ?? "2025-09-08", o.concludeDueOn ?? "2025-11-28", o.status ?? "routed", o.outcome ?? null),
  ]);
  return id;
}

export const TEST_PASSWORD = "correct horse battery staple";
let cachedHash: Promise<string> | null = null;
/** One real Argon2id hash (production parameters) per test file, shared by its users. */
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

export interface TestUser {
  id: string;
  bodyId: string;
  email: string;
  role: Role;
  totpSecret: string;
}

export async function makeUser(db: D1Database, bodyId: string, role: Role = "triager"): Promise<TestUser> {
  const id = rid("u");
  const email = `${id}@example.org`;
  const totpSecret = newTotpSecret();
  await db
    .prepare("INSERT INTO users (id, body_id, email, display_name, role, password_hash, totp_secret, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
    .bind(id, bodyId, email, `用户 ${id}`, role, await passwordHash(), totpSecret, Date.now())
    .run();
  return { id, bodyId, email, role, totpSecret };
}

/** The current TOTP code of a secret (as an authenticator app would show it). */
export const totpCode = (secret: string, timestamp = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp });

export interface Session {
  cookie: string;
  csrf: string;
}

/** A signed-in session for `userId` (as after a successful sign-in), with its CSRF token. */
export async function makeSession(db: D1Database, userId: string): Promise<Session> {
  const token = randomToken();
  const idHash = await keyedHash(TEST_SECRETS.SESSION_KEY, "session", token);
  // As after a sign-in: both factors just proved (reauth_at, migrations/0035).
  await db
    .prepare("INSERT INTO sessions (id_hash, user_id, created_at, expires_at, reauth_at) VALUES (?1, ?2, ?3, ?4, ?3)")
    .bind(idHash, userId, Date.now(), Date.now() + SESSION_TTL_MS)
    .run();
  const cookie = (await serializeSigned(`__Host-${SESSION_COOKIE}`, token, TEST_SECRETS.SESSION_KEY, { secure: true, path: "/" })).split(";")[0]!;
  return { cookie, csrf: await keyedHash(TEST_SECRETS.SESSION_KEY, "csrf", idHash) };
}

/** A body with a signed-in user of `role` and a report it holds. */
export async function makeBodyWithUser(db: D1Database, role: Role = "triager", body: BodyOptions = {}) {
  const bodyId = await makeBody(db, body);
  const user = await makeUser(db, bodyId, role);
  const session = await makeSession(db, user.id);
  return { bodyId, user, session };
}

/** POSTs a form as a signed-in user (manual redirects, so tests see the 303). */
export function postForm(
  fetcher: { fetch: (input: string, init?: RequestInit) => Promise<Response> },
  path: string,
  session: Session | null,
  fields: Record<string, string | string[]>,
) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
  return fetcher.fetch(`https://localhost${path}`, {
    method: "POST",
    redirect: "manual",
    // A fresh source address per post, as LOGIN_LIMITER counts per source too (security L11).
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "cf-connecting-ip": `10.${crypto.getRandomValues(new Uint8Array(3)).join(".")}`,
      ...(session ? { cookie: session.cookie } : {}),
    },
    body,
  });
}

export function getPage(fetcher: { fetch: (input: string, init?: RequestInit) => Promise<Response> }, path: string, session: Session | null) {
  return fetcher.fetch(`https://localhost${path}`, { redirect: "manual", headers: session ? { cookie: session.cookie } : {} });
}

/** An editor of the contributions desk (migrations/0052) with the shared test password. */
export async function makeEditor(db: D1Database): Promise<{ id: string; email: string; totpSecret: string }> {
  const id = rid("ed");
  const email = `${id}@example.org`;
  const totpSecret = newTotpSecret();
  await db
    .prepare("INSERT INTO editors (id, email, password_hash, totp_secret, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
    .bind(id, email, await passwordHash(), totpSecret, Date.now())
    .run();
  return { id, email, totpSecret };
}

/** A signed-in editor session (the `__Host-qd_editor` cookie), with its CSRF token. */
export async function makeEditorSession(db: D1Database, editorId: string): Promise<Session> {
  const token = randomToken();
  const idHash = await keyedHash(TEST_SECRETS.SESSION_KEY, EDITOR_SESSION.purpose, token);
  await db
    .prepare("INSERT INTO editor_sessions (id_hash, user_id, created_at, expires_at, reauth_at) VALUES (?1, ?2, ?3, ?4, ?3)")
    .bind(idHash, editorId, Date.now(), Date.now() + SESSION_TTL_MS)
    .run();
  const cookie = (await serializeSigned(`__Host-${EDITOR_SESSION.cookie}`, token, TEST_SECRETS.SESSION_KEY, { secure: true, path: "/" })).split(";")[0]!;
  return { cookie, csrf: await keyedHash(TEST_SECRETS.SESSION_KEY, "csrf", idHash) };
}
