/**
 * An admin's invite and reset (issue 16): the values through the one invite schema
 * (worker/domain/account.ts, also `npm run admin`), and the invite or reset written in one batch
 * with its audit entry, so neither is left without the other.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AccountEmail, InviteInput } from "../../worker/domain/account.ts";
import { AppError } from "../../worker/lib/errors.ts";
import { inviteUser, resetUser } from "../../worker/services/invites.ts";
import { watchD1 } from "./d1-calls.ts";
import { makeBody, makeUser } from "../support/factories.ts";
import { TEST_SECRETS } from "../support/secrets.ts";

const KEY = TEST_SECRETS.SESSION_KEY;

const count = async (sql: string, ...values: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...values)
    .first<{ n: number }>())!.n;

async function anAdmin() {
  return makeUser(env.DB, await makeBody(env.DB), "admin");
}

/** The field errors of what `run` threw (it must throw a validation_failed). */
async function refusedFields(run: () => Promise<unknown>) {
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("validation_failed");
  return (err as AppError).fields;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("InviteInput", () => {
  it("lower-cases the address and knows only the three roles", () => {
    expect(InviteInput.parse({ email: "Zhang.San@Example.ORG", role: "viewer" })).toEqual({ email: "zhang.san@example.org", role: "viewer" });
    expect(InviteInput.safeParse({ email: "a@example.org", role: "owner" }).success).toBe(false);
    expect(AccountEmail.safeParse("zhang.at.example").success).toBe(false);
  });
});

describe("inviteUser", () => {
  it("writes the invite and its audit entry in one batch, and nothing on its own", async () => {
    const admin = await anAdmin();
    const email = `${crypto.randomUUID().slice(0, 8)}@Example.org`;
    const d1 = watchD1();
    const token = await inviteUser(env.DB, KEY, admin, { email, role: "triager" });
    expect(d1.batches()).toEqual([2]);
    expect(d1.singles()).toBe(0);
    vi.restoreAllMocks();
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const lower = email.toLowerCase();
    expect(await count("SELECT COUNT(*) AS n FROM invites WHERE email = ?1 AND role = 'triager' AND created_by = ?2", lower, admin.id)).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE user_id = ?1 AND action = 'invite' AND detail = ?2", admin.id, `${lower} triager`)).toBe(1);
  });

  it("refuses a malformed address and an unknown role with the codes the users page renders, writing nothing", async () => {
    const admin = await anAdmin();
    const fields = await refusedFields(() => inviteUser(env.DB, KEY, admin, { email: "zhang.at.example", role: "owner" }));
    expect(fields).toEqual([
      { path: "email", code: "oversight.invite.e.email" },
      { path: "role", code: "e.required" },
    ]);
    expect(await count("SELECT COUNT(*) AS n FROM invites WHERE created_by = ?1", admin.id)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE user_id = ?1", admin.id)).toBe(0);
  });
});

describe("resetUser", () => {
  it("writes the reset link, the reset and its audit entry in one batch, after the one read of the user", async () => {
    const admin = await anAdmin();
    const user = await makeUser(env.DB, admin.bodyId, "viewer");
    const d1 = watchD1();
    expect(await resetUser(env.DB, KEY, admin, user.id)).not.toBeNull();
    // The invite, the two reset statements (sessions, password) and the audit entry.
    expect(d1.batches()).toEqual([4]);
    expect(d1.singles()).toBe(1);
    vi.restoreAllMocks();
    expect(await count("SELECT COUNT(*) AS n FROM invites WHERE user_id = ?1 AND created_by = ?2", user.id, admin.id)).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE user_id = ?1 AND action = 'password_reset' AND detail = ?2", admin.id, user.email)).toBe(1);
  });
});
