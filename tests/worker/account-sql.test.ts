/**
 * Architecture P8 point 3: `npm run admin` invites and resets with the worker's own statements
 * (worker/db/account-sql.ts as SQL text); run here as wrangler d1 execute would, then used
 * through the worker's pages.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminBodyRefusal, adminBodySql, insertInviteSql, RESET_PENDING, resetCredentialsSql } from "../../worker/db/account-sql.ts";
import { keyedHash, randomToken } from "../../worker/auth/tokens.ts";
import { makeBody, makeSession, makeUser } from "../support/factories.ts";

const fetcher = exports.default;

describe("architecture P8: the admin script's account SQL is the worker's", () => {
  it("an invite written as SQL text opens the worker's invite page, and keeps an odd address verbatim", async () => {
    const bodyId = await makeBody(env.DB);
    const token = randomToken();
    const email = "Odd?1'?2@Example.org";
    await env.DB.exec(
      insertInviteSql({ tokenHash: await keyedHash(env.SESSION_KEY, "invite", token), bodyId, email, role: "admin", createdBy: "cli", now: Date.now() }),
    );
    const row = await env.DB.prepare("SELECT email, role, created_by, expires_at FROM invites WHERE body_id = ?1")
      .bind(bodyId)
      .first<{ email: string; role: string; created_by: string; expires_at: number }>();
    expect(row).toMatchObject({ email: email.toLowerCase(), role: "admin", created_by: "cli" });
    expect(row!.expires_at).toBeGreaterThan(Date.now() + 6 * 24 * 3_600_000);
    const page = await fetcher.fetch(`https://localhost/oversight/invite/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(email.toLowerCase().replace("'", "&#39;"));
  });

  it("a reset written as SQL text ends the sessions and leaves the password RESET_PENDING", async () => {
    const bodyId = await makeBody(env.DB);
    const user = await makeUser(env.DB, bodyId, "admin");
    const session = await makeSession(env.DB, user.id);
    expect((await fetcher.fetch("https://localhost/oversight", { redirect: "manual", headers: { cookie: session.cookie } })).status).toBe(200);
    await env.DB.exec(resetCredentialsSql(user.id));
    expect(await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?1").bind(user.id).first("password_hash")).toBe(RESET_PENDING);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?1").bind(user.id).first("n")).toBe(0);
    expect((await fetcher.fetch("https://localhost/oversight", { redirect: "manual", headers: { cookie: session.cookie } })).status).toBe(303);
  });
});

describe("npm run admin -- create-admin: only a joined body gets an admin (issue 10 item 4)", () => {
  const refusalFor = async (bodyId: string) =>
    adminBodyRefusal(bodyId, (await env.DB.prepare(adminBodySql(bodyId)).first<{ name: string; joined: number }>()) ?? undefined);

  it("refuses a body that has not joined, saying how it joins", async () => {
    const bodyId = await makeBody(env.DB, { joined: false, name: "测试未加入市纪委监委" });
    const refusal = await refusalFor(bodyId);
    expect(refusal).toContain("测试未加入市纪委监委");
    expect(refusal).toContain("has not joined");
    expect(refusal).toContain("npm run load:bodies");
  });

  it("refuses an unknown body and accepts a joined one", async () => {
    expect(await refusalFor("no-such-body")).toBe("admin: no oversight body no-such-body");
    expect(await refusalFor(await makeBody(env.DB))).toBeNull();
  });
});
