import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "../../worker/auth/password.ts";
import { verifyTotp } from "../../worker/auth/totp.ts";
import { inviteUser } from "../../worker/services/invites.ts";
import { MAX_FAILED } from "../../worker/db/accounts.ts";
import { getPage, makeBody, makeUser, postForm, TEST_PASSWORD, totpCode } from "../support/factories.ts";
import { TEST_SECRETS } from "../support/secrets.ts";

const fetcher = exports.default;
const sessionCookie = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";
const login = (email: string, password: string, code: string) => postForm(fetcher, "/oversight/login", null, { email, password, code });
const userRow = (id: string) =>
  env.DB.prepare("SELECT failed_logins, locked_until, password_hash FROM users WHERE id = ?1")
    .bind(id)
    .first<{ failed_logins: number; locked_until: number; password_hash: string }>();

describe("password hashing", () => {
  it("hashes with Argon2id at 19 MiB and 2 passes, stored with the hash, and verifies", async () => {
    const hash = await hashPassword("一个足够长的密码口令");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword("一个足够长的密码口令", hash)).toBe(true);
    expect(await verifyPassword("另一个密码口令口令", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash(hash.replace("t=2", "t=1"))).toBe(true);
  });
});

describe("TOTP", () => {
  it("accepts the current code once and refuses a replay", () => {
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const now = Date.UTC(2025, 9, 9, 2, 0, 0);
    const step = verifyTotp(secret, totpCode(secret, now), 0, now);
    expect(step).toBe(Math.floor(now / 30_000));
    expect(verifyTotp(secret, totpCode(secret, now), step!, now)).toBeNull();
    expect(verifyTotp(secret, "000000", 0, now)).toBeNull();
  });
});

describe("signing in", () => {
  it("needs password and TOTP code, and sets an HttpOnly Secure SameSite=Strict session cookie", async () => {
    const user = await makeUser(env.DB, await makeBody(env.DB));
    const res = await login(user.email, TEST_PASSWORD, totpCode(user.totpSecret));
    expect(res.status).toBe(303);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-qd_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=28800/);
    const inbox = await fetcher.fetch("https://localhost/oversight", { headers: { cookie: sessionCookie(res) }, redirect: "manual" });
    expect(inbox.status).toBe(200);
    const entry = await env.DB.prepare("SELECT action, user_id FROM audit_log WHERE user_id = ?1").bind(user.id).first();
    expect(entry).toEqual({ action: "login", user_id: user.id });
  });

  it.each([
    ["a wrong password", "wrong password!!", true],
    ["a wrong code", TEST_PASSWORD, false],
  ])("refuses %s with the same answer and no cookie", async (_name, password, goodCode) => {
    const user = await makeUser(env.DB, await makeBody(env.DB));
    const res = await login(user.email, password, goodCode ? totpCode(user.totpSecret) : "123456");
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.text()).toContain("不正确");
  });

  it("refuses an unknown address with the same answer", async () => {
    const res = await login("nobody@example.org", TEST_PASSWORD, "123456");
    expect(res.status).toBe(401);
  });

  it("locks the account after repeated failures, even for the right password", async () => {
    const user = await makeUser(env.DB, await makeBody(env.DB));
    for (let i = 0; i < MAX_FAILED; i++) await login(user.email, "wrong password!!", "000000");
    expect((await userRow(user.id))!.locked_until).toBeGreaterThan(Date.now());
    const res = await login(user.email, TEST_PASSWORD, totpCode(user.totpSecret));
    expect(res.status).toBe(401);
  });

  it("rehashes a password stored with older parameters at sign-in", async () => {
    const user = await makeUser(env.DB, await makeBody(env.DB));
    const weak = await hashPassword(TEST_PASSWORD, { m: 1024, t: 1, p: 1 });
    await env.DB.prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1").bind(user.id, weak).run();
    expect((await login(user.email, TEST_PASSWORD, totpCode(user.totpSecret))).status).toBe(303);
    expect((await userRow(user.id))!.password_hash).toMatch(/m=19456,t=2,p=1/);
  });

  it("ends every session of the user on 'sign out everywhere'", async () => {
    const user = await makeUser(env.DB, await makeBody(env.DB));
    const first = sessionCookie(await login(user.email, TEST_PASSWORD, totpCode(user.totpSecret)));
    const second = sessionCookie(await login(user.email, TEST_PASSWORD, totpCode(user.totpSecret, Date.now() + 30_000)));
    const page = await (await fetcher.fetch("https://localhost/oversight", { headers: { cookie: first } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const out = await fetcher.fetch("https://localhost/oversight/logout-everywhere", {
      method: "POST",
      redirect: "manual",
      headers: { cookie: first, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf }),
    });
    expect(out.status).toBe(303);
    for (const cookie of [first, second])
      expect((await fetcher.fetch("https://localhost/oversight", { headers: { cookie }, redirect: "manual" })).status).toBe(303);
  });
});

describe("invites and password resets", () => {
  it("creates the invited user after a password and a valid TOTP code, then signs them in", async () => {
    const bodyId = await makeBody(env.DB);
    const admin = await makeUser(env.DB, bodyId, "admin");
    const token = await inviteUser(env.DB, TEST_SECRETS.SESSION_KEY, admin, { email: "New@Example.org", role: "triager" });
    const form = await (await getPage(fetcher, `/oversight/invite/${token}`, null)).text();
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(form)![1]!;
    const signature = /name="signature" value="([^"]+)"/.exec(form)![1]!;
    const wrong = await postForm(fetcher, `/oversight/invite/${token}`, null, { secret, signature, name: "新用户", password: "short", code: "000000" });
    expect(wrong.status).toBe(422);
    const swapped = await postForm(fetcher, `/oversight/invite/${token}`, null, {
      secret: "JBSWY3DPEHPK3PXP",
      signature,
      name: "新用户",
      password: "a long enough password",
      code: totpCode("JBSWY3DPEHPK3PXP"),
    });
    expect(swapped.status).toBe(403);
    const ok = await postForm(fetcher, `/oversight/invite/${token}`, null, {
      secret,
      signature,
      name: "新用户",
      password: "a long enough password",
      code: totpCode(secret),
    });
    expect(ok.status).toBe(303);
    const user = await env.DB.prepare("SELECT role, body_id, totp_secret FROM users WHERE email = 'new@example.org'").first();
    expect(user).toEqual({ role: "triager", body_id: bodyId, totp_secret: secret });
    // Used once.
    expect((await getPage(fetcher, `/oversight/invite/${token}`, null)).status).toBe(404);
  });
});

describe("sign-in from another site", () => {
  it.each([
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["a foreign Origin", { origin: "https://evil.example" }],
  ])("refuses a post with %s", async (_name, headers) => {
    const res = await fetcher.fetch("https://localhost/oversight/login", {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ email: "a@example.org", password: "x", code: "000000" }),
    });
    expect(res.status).toBe(403);
  });
});
