/**
 * Editors' accounts "exactly as for oversight users" (issue 12 item 2): an optional passkey
 * (added on /editor/account, signing in at /editor/login, removed), never crossing with an
 * oversight user's; `npm run admin -- disable-editor` and `reset-editor` (their SQL, run as the
 * script runs it); the desk's audit page. Every account change lands in editor_audit.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { disableEditorSql } from "../../worker/db/account-sql.ts";
import { resetEditorCredentialsSql } from "../../worker/auth/editor-account.ts";
import { editorAudit } from "../../worker/db/editor-audit.ts";
import { getPage, makeBodyWithUser, makeEditor, makeEditorSession, postForm, TEST_PASSWORD, totpCode, type Session } from "../support/factories.ts";
import { SoftPasskey } from "../support/webauthn.ts";

const fetcher = exports.default;
const FAILED_TEXT = "邮箱、密码或动态码不正确，或账户已暂时锁定。";

const options = async (path: string, session: Session | null) => {
  const res = await postForm(fetcher, path, session, session ? { csrf: session.csrf } : {});
  expect(res.status, path).toBe(200);
  return res.json<{ challenge: string; rp: { id: string }; user: { id: string }; rpId: string }>();
};

/** Given a signed-in account of `area` ("editor" or "oversight"), when it adds a passkey, then the key and the answer. */
async function addPasskey(area: "editor" | "oversight", session: Session, name = "编辑的电脑") {
  const key = await SoftPasskey.create();
  const credential = await key.register(await options(`/${area}/account/passkeys/options`, session));
  const res = await postForm(fetcher, `/${area}/account/passkeys`, session, { csrf: session.csrf, name, credential: JSON.stringify(credential) });
  return { key, res };
}

const signIn = async (area: "editor" | "oversight", key: SoftPasskey, challengeFrom: "editor" | "oversight" = area) =>
  postForm(fetcher, `/${area}/login/passkey`, null, {
    credential: JSON.stringify(await key.authenticate(await options(`/${challengeFrom}/login/passkey/options`, null))),
  });

const login = (email: string, password: string, code: string) => postForm(fetcher, "/editor/login", null, { email, password, code });

const auditOf = async (editorId: string) =>
  (
    await env.DB.prepare("SELECT action, detail, contribution_id, at FROM editor_audit WHERE editor_id = ?1 ORDER BY id")
      .bind(editorId)
      .all<{ action: string; detail: string | null; at: number }>()
  ).results;
const passkeysOf = async (editorId: string) =>
  (await env.DB.prepare("SELECT name, counter FROM editor_passkeys WHERE user_id = ?1").bind(editorId).all<{ name: string; counter: number }>()).results;

/** An editor with a session and one passkey. */
async function editorWithPasskey() {
  const editor = await makeEditor(env.DB);
  const session = await makeEditorSession(env.DB, editor.id);
  const { key, res } = await addPasskey("editor", session);
  expect(res.status).toBe(303);
  return { editor, session, key };
}

describe("an editor's passkey", () => {
  it("is added on the desk's account page, stored with the editors' passkeys only, listed and audited", async () => {
    const { editor, session } = await editorWithPasskey();
    expect(await passkeysOf(editor.id)).toEqual([{ name: "编辑的电脑", counter: 0 }]);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM passkeys WHERE user_id = ?1").bind(editor.id).first("n")) as number).toBe(0);
    const page = await (await getPage(fetcher, "/editor/account", session)).text();
    expect(page).toContain("编辑的电脑");
    expect(page).toContain('action="/editor/account/passkeys"');
    expect(page).toMatch(/<script[^>]+src="\/_astro\/[^"]+\.js"/);
    expect(await auditOf(editor.id)).toContainEqual(expect.objectContaining({ action: "passkey_added", detail: "编辑的电脑" }));
  });

  it("signs in at /editor/login with the editor cookie, audited as a passkey sign-in", async () => {
    const { editor, key } = await editorWithPasskey();
    const res = await signIn("editor", key);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/editor");
    const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
    expect(cookie).toMatch(/^__Host-qd_editor=/);
    expect((await auditOf(editor.id)).at(-1)).toMatchObject({ action: "login", detail: "passkey" });
    expect((await fetcher.fetch("https://localhost/editor", { headers: { cookie }, redirect: "manual" })).status).toBe(200);
    expect((await passkeysOf(editor.id))[0]!.counter).toBe(1);
  });

  it("needs a recent confirmation of both factors before one is added", async () => {
    const editor = await makeEditor(env.DB);
    const session = await makeEditorSession(env.DB, editor.id);
    await env.DB.prepare("UPDATE editor_sessions SET reauth_at = 0 WHERE user_id = ?1").bind(editor.id).run();
    expect((await postForm(fetcher, "/editor/account/passkeys/options", session, { csrf: session.csrf })).status).toBe(403);
    expect(await (await getPage(fetcher, "/editor/account", session)).text()).toContain('action="/editor/account/reauth"');
    const wrong = await postForm(fetcher, "/editor/account/reauth", session, { csrf: session.csrf, password: TEST_PASSWORD, code: "000000" });
    expect(wrong.status).toBe(401);
    const ok = await postForm(fetcher, "/editor/account/reauth", session, { csrf: session.csrf, password: TEST_PASSWORD, code: totpCode(editor.totpSecret) });
    expect(ok.headers.get("location")).toBe("/editor/account?done=confirmed");
    expect((await addPasskey("editor", session)).res.status).toBe(303);
    expect((await auditOf(editor.id)).map((a) => `${a.action} ${a.detail}`)).toEqual(["login_failed reauth", "login reauth", "passkey_added 编辑的电脑"]);
  });

  it("is removed only with the CSRF token and only by its editor, then signs in no more; audited", async () => {
    const { editor, session, key } = await editorWithPasskey();
    const other = await makeEditorSession(env.DB, (await makeEditor(env.DB)).id);
    const path = `/editor/account/passkeys/${key.credentialId}/delete`;
    expect((await postForm(fetcher, path, session, {})).status).toBe(403);
    expect((await postForm(fetcher, path, other, { csrf: other.csrf })).status).toBe(404);
    expect((await postForm(fetcher, path, session, { csrf: session.csrf })).status).toBe(303);
    expect(await passkeysOf(editor.id)).toEqual([]);
    expect(await auditOf(editor.id)).toContainEqual(expect.objectContaining({ action: "passkey_removed", detail: "编辑的电脑" }));
    expect((await signIn("editor", key)).status).toBe(401);
  });
});

describe("passkeys never cross between editors and oversight users", () => {
  it("an oversight user's passkey does not sign in to the desk, and an editor's not to oversight", async () => {
    const official = await makeBodyWithUser(env.DB);
    const theirs = await addPasskey("oversight", official.session, "机构电脑");
    expect(theirs.res.status).toBe(303);
    const atDesk = await signIn("editor", theirs.key);
    expect(atDesk.status).toBe(401);
    expect(atDesk.headers.get("set-cookie")).toBeNull();
    expect(await atDesk.text()).toContain("通行密钥登录没有成功");
    const { key } = await editorWithPasskey();
    const atOversight = await signIn("oversight", key);
    expect(atOversight.status).toBe(401);
    expect(atOversight.headers.get("set-cookie")).toBeNull();
    // Each still signs in where it belongs.
    expect((await signIn("oversight", theirs.key)).status).toBe(303);
    expect((await signIn("editor", key)).status).toBe(303);
  });

  it("a sign-in challenge of one area is refused by the other", async () => {
    const { key } = await editorWithPasskey();
    expect((await signIn("editor", key, "oversight")).status).toBe(401);
    const official = await makeBodyWithUser(env.DB);
    const theirs = await addPasskey("oversight", official.session, "机构电脑");
    expect((await signIn("oversight", theirs.key, "editor")).status).toBe(401);
  });

  it("a registration challenge handed out to an editor does not register an oversight passkey", async () => {
    const official = await makeBodyWithUser(env.DB);
    const editorSession = await makeEditorSession(env.DB, (await makeEditor(env.DB)).id);
    const opts = await options("/editor/account/passkeys/options", editorSession);
    // Pretend the challenge was for this user: the purpose still differs.
    const credential = await (await SoftPasskey.create()).register({ ...opts, user: { id: isoBase64URL.fromUTF8String(official.user.id) } });
    const res = await postForm(fetcher, "/oversight/account/passkeys", official.session, {
      csrf: official.session.csrf,
      name: "x",
      credential: JSON.stringify(credential),
    });
    expect(res.status).toBe(422);
  });
});

describe("npm run admin -- disable-editor and reset-editor", () => {
  it("a disabled editor's sessions end and neither password nor passkey signs in; audited", async () => {
    const { editor, session, key } = await editorWithPasskey();
    await env.DB.exec(disableEditorSql(editor.email.toUpperCase()));
    const desk = await getPage(fetcher, "/editor", session);
    expect(desk.status).toBe(303);
    expect(desk.headers.get("location")).toBe("/editor/login");
    expect((await env.DB.prepare("SELECT count(*) AS n FROM editor_sessions WHERE user_id = ?1").bind(editor.id).first("n")) as number).toBe(0);
    const password = await login(editor.email, TEST_PASSWORD, totpCode(editor.totpSecret));
    expect(password.status).toBe(401);
    expect(await password.text()).toContain(FAILED_TEXT);
    expect((await signIn("editor", key)).status).toBe(401);
    const last = (await auditOf(editor.id)).at(-1)!;
    expect(last).toMatchObject({ action: "disabled", detail: "cli" });
    expect(last.at % 3_600_000).toBe(0);
    expect(Math.abs(last.at - Date.now())).toBeLessThan(2 * 3_600_000);
  });

  it("disabling one editor leaves the others signed in", async () => {
    const a = await makeEditor(env.DB);
    const b = await makeEditor(env.DB);
    const bSession = await makeEditorSession(env.DB, b.id);
    await env.DB.exec(disableEditorSql(a.email));
    expect((await getPage(fetcher, "/editor", bSession)).status).toBe(200);
  });

  it("a reset gives new credentials: the old ones, the sessions and the passkeys stop; audited", async () => {
    const { editor, session, key } = await editorWithPasskey();
    const reset = await resetEditorCredentialsSql(editor.email);
    await env.DB.exec(reset.sql);
    expect((await getPage(fetcher, "/editor", session)).status).toBe(303);
    expect(await passkeysOf(editor.id)).toEqual([]);
    expect((await signIn("editor", key)).status).toBe(401);
    expect((await login(editor.email, TEST_PASSWORD, totpCode(editor.totpSecret))).status).toBe(401);
    expect((await login(editor.email, reset.password, totpCode(reset.totpSecret))).status).toBe(303);
    expect((await auditOf(editor.id)).map((a) => a.action)).toEqual(expect.arrayContaining(["reset", "login"]));
  });
});

describe("the desk's audit page", () => {
  it("lists who did what to which contribution on which day, newest first, in words; and is audited", async () => {
    const editor = await makeEditor(env.DB);
    const session = await makeEditorSession(env.DB, editor.id);
    const contribution = crypto.randomUUID();
    await editorAudit(env.DB, { editorId: editor.id, action: "login_failed", detail: "passkey locked" });
    await editorAudit(env.DB, { editorId: editor.id, action: "outcome", contributionId: contribution, detail: "declined" });
    const res = await getPage(fetcher, "/editor/audit", session);
    expect(res.status).toBe(200);
    const html = await res.text();
    const failed = html.indexOf("通行密钥，账户已暂时锁定");
    const outcome = html.indexOf(`href="/editor/c/${contribution}"`);
    expect(failed).toBeGreaterThan(0);
    expect(outcome).toBeGreaterThan(0);
    expect(outcome).toBeLessThan(failed);
    expect(html).toContain(`上报 ${contribution.slice(0, 8)}`);
    expect(html).toContain("未收录");
    expect(html).toContain(editor.email);
    expect(html).not.toMatch(/>declined</);
    expect((await auditOf(editor.id)).at(-1)).toMatchObject({ action: "view_audit" });
    const en = await (await getPage(fetcher, "/en/editor/audit", session)).text();
    expect(en).toContain("Desk audit log");
    expect(en).toContain("Not added");
  });

  it("pages back with ?before=, fifty entries a page", async () => {
    const editor = await makeEditor(env.DB);
    const session = await makeEditorSession(env.DB, editor.id);
    await env.DB.batch(
      Array.from({ length: 60 }, (_, i) =>
        env.DB.prepare("INSERT INTO editor_audit (editor_id, at, action, detail) VALUES (?1, 0, 'view_queue', ?2)").bind(
          editor.id,
          i % 2 ? "received" : "reviewing",
        ),
      ),
    );
    const first = await (await getPage(fetcher, "/editor/audit", session)).text();
    expect(first.match(/<td data-action=/g)!.length).toBe(50);
    const older = /href="\/editor\/audit\?before=(\d+)"/.exec(first);
    expect(older).not.toBeNull();
    const second = await (await getPage(fetcher, `/editor/audit?before=${older![1]}`, session)).text();
    expect(second).toContain('href="/editor/audit"');
    // Ten of the sixty, and whatever other tests wrote before them.
    expect(second.match(/<td data-action="view_queue"/g)!.length).toBeGreaterThanOrEqual(10);
  });
});
