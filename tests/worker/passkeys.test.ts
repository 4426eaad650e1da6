/**
 * Passkeys (WebAuthn) for oversight users, with a software authenticator (tests/support/webauthn.ts)
 * verified by the real @simplewebauthn/server inside workerd: registration needs a session and its
 * CSRF token; challenges are ours, short-lived and good once; sign-in needs user verification, a
 * growing counter and an enabled account, goes through the lockout, and is audited.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { CHALLENGE_TTL_MS, newChallenge } from "../../worker/auth/passkeys.ts";
import { MAX_FAILED } from "../../worker/db/accounts.ts";
import { getPage, makeBodyWithUser, makeSession, makeUser, postForm, totpCode, type Session } from "../support/factories.ts";
import { TEST_SECRETS } from "../support/secrets.ts";
import { SoftPasskey } from "../support/webauthn.ts";

const fetcher = exports.default;
const sessionCookie = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";

const registrationOptions = async (session: Session) => {
  const res = await postForm(fetcher, "/oversight/account/passkeys/options", session, { csrf: session.csrf });
  expect(res.status).toBe(200);
  return res.json<{
    challenge: string;
    rp: { id: string; name: string };
    user: { id: string; name: string };
    authenticatorSelection: { userVerification: string; residentKey: string };
  }>();
};

/** Given a signed-in user, when they add a passkey, then it is stored (the response is returned). */
async function addPasskey(session: Session, name = "办公室电脑") {
  const key = await SoftPasskey.create();
  const credential = await key.register(await registrationOptions(session));
  const res = await postForm(fetcher, "/oversight/account/passkeys", session, { csrf: session.csrf, name, credential: JSON.stringify(credential) });
  return { key, res };
}

const signInOptions = async () => {
  const res = await postForm(fetcher, "/oversight/login/passkey/options", null, {});
  expect(res.status).toBe(200);
  return res.json<{ challenge: string; rpId: string; userVerification: string; allowCredentials?: unknown[] }>();
};
const signIn = (credential: unknown) => postForm(fetcher, "/oversight/login/passkey", null, { credential: JSON.stringify(credential) });

const passkeysOf = (userId: string) =>
  env.DB.prepare("SELECT credential_id, name, counter, last_used_at FROM passkeys WHERE user_id = ?1")
    .bind(userId)
    .all<{ credential_id: string; name: string; counter: number; last_used_at: number | null }>();
const auditOf = (userId: string) =>
  env.DB.prepare("SELECT action, detail FROM audit_log WHERE user_id = ?1 ORDER BY id").bind(userId).all<{ action: string; detail: string | null }>();

/** A user with one registered passkey. */
async function userWithPasskey() {
  const who = await makeBodyWithUser(env.DB);
  const { key, res } = await addPasskey(who.session);
  expect(res.status).toBe(303);
  return { ...who, key };
}

describe("adding a passkey", () => {
  it("refuses the options and the registration without a session or without the CSRF token", async () => {
    const { session } = await makeBodyWithUser(env.DB);
    expect((await postForm(fetcher, "/oversight/account/passkeys/options", null, { csrf: session.csrf })).status).toBe(403);
    expect((await postForm(fetcher, "/oversight/account/passkeys/options", session, {})).status).toBe(403);
    expect((await postForm(fetcher, "/oversight/account/passkeys/options", session, { csrf: "forged" })).status).toBe(403);
    const credential = await (await SoftPasskey.create()).register(await registrationOptions(session));
    expect(
      (await postForm(fetcher, "/oversight/account/passkeys", null, { csrf: session.csrf, name: "x", credential: JSON.stringify(credential) })).status,
    ).toBe(403);
    expect((await postForm(fetcher, "/oversight/account/passkeys", session, { name: "x", credential: JSON.stringify(credential) })).status).toBe(403);
    expect((await getPage(fetcher, "/oversight/account", null)).status).toBe(303);
  });

  it("asks for a discoverable credential with user verification for this host, stores it, lists it and audits it", async () => {
    const { user, session } = await makeBodyWithUser(env.DB);
    const options = await registrationOptions(session);
    expect(options.rp.id).toBe("localhost");
    expect(options.authenticatorSelection).toMatchObject({ userVerification: "required", residentKey: "required" });
    expect(isoBase64URL.toUTF8String(options.user.id)).toBe(user.id);
    const key = await SoftPasskey.create();
    const res = await postForm(fetcher, "/oversight/account/passkeys", session, {
      csrf: session.csrf,
      name: "办公室电脑",
      credential: JSON.stringify(await key.register(options)),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/oversight/account?done=added");
    expect((await passkeysOf(user.id)).results).toEqual([{ credential_id: key.credentialId, name: "办公室电脑", counter: 0, last_used_at: null }]);
    const page = await (await getPage(fetcher, "/oversight/account", session)).text();
    expect(page).toContain("办公室电脑");
    expect(page).toContain('data-passkey="register"');
    expect(page).toMatch(/<script[^>]+src="\/_astro\/[^"]+\.js"/);
    expect((await auditOf(user.id)).results).toContainEqual({ action: "passkey_added", detail: "办公室电脑" });
  });

  it("refuses a replayed registration challenge", async () => {
    const { user, session } = await makeBodyWithUser(env.DB);
    const options = await registrationOptions(session);
    const first = await postForm(fetcher, "/oversight/account/passkeys", session, {
      csrf: session.csrf,
      name: "一",
      credential: JSON.stringify(await (await SoftPasskey.create()).register(options)),
    });
    expect(first.status).toBe(303);
    const again = await postForm(fetcher, "/oversight/account/passkeys", session, {
      csrf: session.csrf,
      name: "二",
      credential: JSON.stringify(await (await SoftPasskey.create()).register(options)),
    });
    expect(again.status).toBe(422);
    expect((await passkeysOf(user.id)).results.map((p) => p.name)).toEqual(["一"]);
  });

  it("refuses an expired challenge, another user's challenge, another origin and a credential without user verification", async () => {
    const { user, session } = await makeBodyWithUser(env.DB);
    const other = await makeBodyWithUser(env.DB);
    const expired = isoBase64URL.fromUTF8String(
      await newChallenge(TEST_SECRETS.SESSION_KEY, "register", user.id, "https://localhost", Date.now() - CHALLENGE_TTL_MS - 1000),
    );
    const cases = [
      await (await SoftPasskey.create()).register({ challenge: expired, rp: { id: "localhost" }, user: { id: "x" } }),
      await (await SoftPasskey.create()).register(await registrationOptions(other.session)),
      await (await SoftPasskey.create()).register(await registrationOptions(session), { origin: "https://evil.example" }),
      await (await SoftPasskey.create()).register(await registrationOptions(session), { unverified: true }),
    ];
    for (const credential of cases) {
      const res = await postForm(fetcher, "/oversight/account/passkeys", session, { csrf: session.csrf, name: "x", credential: JSON.stringify(credential) });
      expect(res.status).toBe(422);
    }
    expect((await passkeysOf(user.id)).results).toEqual([]);
  });
});

describe("signing in with a passkey", () => {
  it("hands out options without a session, asking for user verification, and refuses a cross-site request", async () => {
    const options = await signInOptions();
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "required" });
    const cross = await fetcher.fetch("https://localhost/oversight/login/passkey/options", { method: "POST", headers: { "sec-fetch-site": "cross-site" } });
    expect(cross.status).toBe(403);
  });

  it("signs in, counts the signature counter, starts a session and audits the login as a passkey login", async () => {
    const { user, key } = await userWithPasskey();
    const res = await signIn(await key.authenticate(await signInOptions()));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/oversight");
    const cookie = sessionCookie(res);
    expect(cookie).toMatch(/^__Host-qd_session=/);
    expect((await fetcher.fetch("https://localhost/oversight", { headers: { cookie }, redirect: "manual" })).status).toBe(200);
    const [stored] = (await passkeysOf(user.id)).results;
    expect(stored!.counter).toBe(1);
    expect(stored!.last_used_at).toBeGreaterThan(0);
    expect((await auditOf(user.id)).results.at(-1)).toEqual({ action: "login", detail: "passkey" });
  });

  it("refuses a replayed assertion, and counts it as a failed sign-in", async () => {
    const { user, key } = await userWithPasskey();
    const assertion = await key.authenticate(await signInOptions());
    expect((await signIn(assertion)).status).toBe(303);
    const replay = await signIn(assertion);
    expect(replay.status).toBe(401);
    expect(replay.headers.get("set-cookie")).toBeNull();
    expect(await replay.text()).toContain("通行密钥登录没有成功");
    expect((await auditOf(user.id)).results.at(-1)).toEqual({ action: "login_failed", detail: "passkey" });
  });

  it("refuses an expired challenge, a registration challenge and a challenge it did not sign", async () => {
    const { key, session } = await userWithPasskey();
    const expired = isoBase64URL.fromUTF8String(
      await newChallenge(TEST_SECRETS.SESSION_KEY, "login", "", "https://localhost", Date.now() - CHALLENGE_TTL_MS - 1000),
    );
    const forged = isoBase64URL.fromUTF8String(await newChallenge("not the session key", "login", "", "https://localhost"));
    for (const challenge of [expired, forged, (await registrationOptions(session)).challenge]) {
      expect((await signIn(await key.authenticate({ challenge, rpId: "localhost" }))).status).toBe(401);
    }
  });

  it("refuses an assertion without user verification, from another origin, or with a counter that went back", async () => {
    const { key } = await userWithPasskey();
    expect((await signIn(await key.authenticate(await signInOptions(), { unverified: true }))).status).toBe(401);
    expect((await signIn(await key.authenticate(await signInOptions(), { origin: "https://evil.example" }))).status).toBe(401);
    expect((await signIn(await key.authenticate(await signInOptions(), { counter: 7 }))).status).toBe(303);
    // A cloned authenticator would sign with an old counter.
    expect((await signIn(await key.authenticate(await signInOptions(), { counter: 5 }))).status).toBe(401);
  });

  it("refuses the passkey of a disabled user", async () => {
    const { user, key } = await userWithPasskey();
    await env.DB.prepare("UPDATE users SET disabled = 1 WHERE id = ?1").bind(user.id).run();
    const res = await signIn(await key.authenticate(await signInOptions()));
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a passkey of another user presenting someone else's user handle", async () => {
    const a = await userWithPasskey();
    const b = await makeBodyWithUser(env.DB);
    a.key.userHandle = isoBase64URL.fromUTF8String(b.user.id);
    expect((await signIn(await a.key.authenticate(await signInOptions()))).status).toBe(401);
  });

  it("shares the lockout of the password sign-in", async () => {
    const { user, key } = await userWithPasskey();
    for (let i = 0; i < MAX_FAILED; i++) await signIn(await key.authenticate(await signInOptions(), { unverified: true }));
    const row = await env.DB.prepare("SELECT locked_until FROM users WHERE id = ?1").bind(user.id).first<{ locked_until: number }>();
    expect(row!.locked_until).toBeGreaterThan(Date.now());
    expect((await signIn(await key.authenticate(await signInOptions()))).status).toBe(401);
    expect((await auditOf(user.id)).results.at(-1)).toEqual({ action: "login_failed", detail: "passkey locked" });
  });

  it("refuses a cross-site sign-in post", async () => {
    const res = await fetcher.fetch("https://localhost/oversight/login/passkey", {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: new URLSearchParams({ credential: "{}" }),
    });
    expect(res.status).toBe(403);
  });

  it("offers the passkey button on the sign-in page, hidden until the script finds WebAuthn", async () => {
    const page = await (await getPage(fetcher, "/oversight/login", null)).text();
    expect(page).toMatch(/<form[^>]+data-passkey="login"[^>]+hidden/);
    expect(page).toContain('name="password"');
    expect(page).toMatch(/<script[^>]+src="\/_astro\/[^"]+\.js"/);
    const en = await (await getPage(fetcher, "/en/oversight/login", null)).text();
    expect(en).toContain("Sign in with a passkey");
    expect(en).toContain('action="/en/oversight/login/passkey"');
  });
});

describe("removing passkeys and account changes", () => {
  it("removes a passkey only with the CSRF token, only the user's own, and audits it", async () => {
    const { user, key, session } = await userWithPasskey();
    const other = await makeBodyWithUser(env.DB);
    const path = `/oversight/account/passkeys/${key.credentialId}/delete`;
    expect((await postForm(fetcher, path, session, {})).status).toBe(403);
    expect((await postForm(fetcher, path, other.session, { csrf: other.session.csrf })).status).toBe(404);
    const res = await postForm(fetcher, path, session, { csrf: session.csrf });
    expect(res.status).toBe(303);
    expect((await passkeysOf(user.id)).results).toEqual([]);
    expect((await auditOf(user.id)).results).toContainEqual({ action: "passkey_removed", detail: "办公室电脑" });
    expect((await signIn(await key.authenticate(await signInOptions()))).status).toBe(401);
  });

  it("keeps passkeys on 'sign out everywhere' when told to keep them", async () => {
    const { user, key, session } = await userWithPasskey();
    // With passkeys, the first post asks (security L7); "keep" signs out and keeps them.
    expect((await postForm(fetcher, "/oversight/logout-everywhere", session, { csrf: session.csrf })).status).toBe(200);
    expect((await postForm(fetcher, "/oversight/logout-everywhere", session, { csrf: session.csrf, passkeys: "keep" })).status).toBe(303);
    expect((await passkeysOf(user.id)).results).toHaveLength(1);
    expect((await signIn(await key.authenticate(await signInOptions()))).status).toBe(303);
  });

  it("stops passkeys at once when an admin resets the password, and deletes them when the reset is accepted", async () => {
    const { user, key, bodyId } = await userWithPasskey();
    const admin = await makeSession(env.DB, (await makeUser(env.DB, bodyId, "admin")).id);
    const reset = await postForm(fetcher, `/oversight/users/${user.id}/reset`, admin, { csrf: admin.csrf });
    expect(reset.status).toBe(200);
    const token = /\/oversight\/invite\/([A-Za-z0-9_-]+)/.exec(await reset.text())![1]!;
    expect((await signIn(await key.authenticate(await signInOptions()))).status).toBe(401);
    const form = await (await getPage(fetcher, `/oversight/invite/${token}`, null)).text();
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(form)![1]!;
    const signature = /name="signature" value="([^"]+)"/.exec(form)![1]!;
    const accepted = await postForm(fetcher, `/oversight/invite/${token}`, null, {
      secret,
      signature,
      password: "a new long password",
      code: totpCode(secret),
    });
    expect(accepted.status).toBe(303);
    expect((await passkeysOf(user.id)).results).toEqual([]);
    expect((await auditOf(user.id)).results).toContainEqual({ action: "passkey_removed", detail: "password_reset: 1" });
  });
});
