/**
 * The editors' desk (issue 12 item 2): sign-in with the oversight rules (lockout, one text for
 * every failure, a TOTP code once), create-editor's SQL, and each desk action: it changes the
 * row, writes editor_audit, and a refused form comes back on its page with the reason (no 500).
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { getPage, makeEditor, makeEditorSession, postForm, TEST_PASSWORD, totpCode, type Session } from "../support/factories.ts";
import { insertContribution } from "../../worker/db/contributions.ts";
import { newEditorSql } from "../../worker/auth/editor-account.ts";
import { MAX_FAILED } from "../../worker/db/accounts.ts";
import { makeArea } from "./report-fixtures.ts";

const fetcher = exports.default;
const login = (email: string, password: string, code: string) => postForm(fetcher, "/editor/login", null, { email, password, code });
const FAILED_TEXT = "邮箱、密码或动态码不正确，或账户已暂时锁定。";

/** A contribution in the area's county, `received` unless told. */
async function makeContribution(o: { county: string; townships: string[]; wholeCounty?: boolean; status?: string; file?: boolean }) {
  const id = crypto.randomUUID();
  const file = o.file ? { key: `contributions/${id}/f.pdf`, name: "清单.pdf", type: "pdf" as const, size: 9 } : null;
  if (file) await env.CONTRIBUTIONS.put(file.key, "%PDF-1.7\n");
  await insertContribution(env.DB, {
    id,
    codeHash: `v1:${crypto.randomUUID()}`,
    kind: "list",
    countyCode: o.county,
    townships: o.townships,
    wholeCounty: o.wholeCounty ?? false,
    url: `https://www.example.gov.cn/${id}.html`,
    governmentHost: true,
    note: "附件在页面底部",
    file,
    receivedOn: "2026-11-30",
  }).run();
  if (o.status) await env.DB.prepare("UPDATE contributions SET status = ?2 WHERE id = ?1").bind(id, o.status).run();
  return id;
}

const row = (id: string) => env.DB.prepare("SELECT * FROM contributions WHERE id = ?1").bind(id).first<Record<string, unknown>>();
const auditOf = async (id: string) =>
  (
    await env.DB.prepare("SELECT action, detail, editor_id, at FROM editor_audit WHERE contribution_id = ?1 ORDER BY id")
      .bind(id)
      .all<{ action: string; detail: string | null; editor_id: string; at: number }>()
  ).results;

let area: Awaited<ReturnType<typeof makeArea>>;
let editor: Awaited<ReturnType<typeof makeEditor>>;
let session: Session;

beforeAll(async () => {
  area = await makeArea();
  editor = await makeEditor(env.DB);
  session = await makeEditorSession(env.DB, editor.id);
});

describe("editor sign-in", () => {
  it("needs password and TOTP code, and sets the editor cookie", async () => {
    const e = await makeEditor(env.DB);
    const res = await login(e.email, TEST_PASSWORD, totpCode(e.totpSecret));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/editor");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toContain("__Host-qd_editor=");
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const audit = await env.DB.prepare("SELECT action, at FROM editor_audit WHERE editor_id = ?1").bind(e.id).all<{ action: string; at: number }>();
    expect(audit.results.map((a) => a.action)).toEqual(["login"]);
    expect(audit.results[0]!.at % 3_600_000).toBe(0);
  });

  it("refuses a wrong code, a wrong password and an unknown address with the same text", async () => {
    const e = await makeEditor(env.DB);
    const answers = [
      await login(e.email, TEST_PASSWORD, "000000"),
      await login(e.email, "wrong password!", totpCode(e.totpSecret)),
      await login("nobody@example.org", TEST_PASSWORD, "123456"),
    ];
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.headers.get("set-cookie") ?? "").not.toContain("qd_editor");
      expect(await res.text()).toContain(FAILED_TEXT);
    }
  });

  it("locks the account after repeated failures, even for the right password", async () => {
    const e = await makeEditor(env.DB);
    for (let i = 0; i < MAX_FAILED; i++) await login(e.email, "wrong password!", "000000");
    expect(Number(await env.DB.prepare("SELECT locked_until FROM editors WHERE id = ?1").bind(e.id).first("locked_until"))).toBeGreaterThan(Date.now());
    const res = await login(e.email, TEST_PASSWORD, totpCode(e.totpSecret));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain(FAILED_TEXT);
    const failures = await env.DB.prepare("SELECT detail FROM editor_audit WHERE editor_id = ?1 AND action = 'login_failed' ORDER BY id")
      .bind(e.id)
      .all<{ detail: string | null }>();
    expect(failures.results.at(-1)?.detail).toBe("locked");
  });

  it("an editor from create-editor's SQL signs in with the printed password and secret", async () => {
    const email = `cli-${crypto.randomUUID().slice(0, 6)}@example.org`;
    const created = await newEditorSql(email, Date.now());
    await env.DB.exec(created.sql);
    expect(created.password.length).toBeGreaterThanOrEqual(12);
    expect((await login(email, created.password, totpCode(created.totpSecret))).status).toBe(303);
  });
});

describe("the desk", () => {
  it("the queue lists contributions of a status with the county's name, and is audited", async () => {
    const id = await makeContribution({ county: area.county, townships: [area.township] });
    const html = await (await getPage(fetcher, "/editor?status=received", session)).text();
    expect(html).toContain(`/editor/c/${id}`);
    expect(html).toContain(`测试${area.county}县`);
    expect(
      (await env.DB.prepare("SELECT count(*) AS n FROM editor_audit WHERE editor_id = ?1 AND action = 'view_queue'").bind(editor.id).first("n")) as number,
    ).toBeGreaterThan(0);
  });

  it("the queue and the duplicate picker name a hand-in's townships the same way, and a malformed list reads as none, not a 500", async () => {
    const county = await makeContribution({ county: area.county, townships: [], wholeCounty: true });
    const two = await makeContribution({ county: area.county, townships: [area.township, `${area.county}999`] });
    const broken = await makeContribution({ county: area.county, townships: [] });
    await env.DB.prepare("UPDATE contributions SET townships = '{not json' WHERE id = ?1").bind(broken).run();
    const res = await getPage(fetcher, "/editor?status=received", session);
    expect(res.status).toBe(200);
    const html = await res.text();
    const cell = (id: string) => html.match(new RegExp(`/editor/c/${id}"[\\s\\S]*?<td data-label="乡镇（街道）">([^<]*)</td>`))?.[1];
    expect(cell(county)).toBe("全县");
    expect(cell(two)).toBe("2 个乡镇（街道）");
    expect(cell(broken)).toBe("0 个乡镇（街道）");
    // The picker names up to three, by name where the county knows the code.
    const page = await getPage(fetcher, `/editor/c/${broken}`, session);
    expect(page.status).toBe(200);
    const picker = await page.text();
    expect(picker).toContain(`value="${two}"/>2026-11-30收到 · ${area.townshipName}、${area.county}999 · `);
    expect(picker).toContain(`value="${county}"/>2026-11-30收到 · 全县 · `);
  });

  it("a contribution's page shows source, note and the file, and the file comes as an attachment; both audited", async () => {
    const id = await makeContribution({ county: area.county, townships: [area.township], file: true });
    const page = await getPage(fetcher, `/editor/c/${id}`, session);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`https://www.example.gov.cn/${id}.html`);
    expect(html).toContain("（政府网站）");
    expect(html).toContain("附件在页面底部");
    const file = await getPage(fetcher, `/editor/c/${id}/file`, session);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(await file.text()).toBe("%PDF-1.7\n");
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["view_contribution", "download_file"]);
  });

  it("offers a one-township hand-in's part as the whole file, as the pull reads it; a county file's townships start unset", async () => {
    const single = await makeContribution({ county: area.county, townships: [area.township], file: true });
    const county = await makeContribution({ county: area.county, townships: [], wholeCounty: true, file: true });
    const selected = async (id: string) =>
      /<select id="part_(\d{9})"[\s\S]*?<\/select>/
        .exec(await (await getPage(fetcher, `/editor/c/${id}`, session)).text())![0]
        .match(/<option value="([a-z]*)" selected/)?.[1];
    expect(await selected(single)).toBe("file");
    expect(await selected(county)).toBeUndefined();
  });

  it("shows the parse preview: items per part, headings not recognised, rows not placed", async () => {
    const id = await makeContribution({ county: area.county, townships: [area.township] });
    const preview = [
      {
        township: area.township,
        written: "data/duty-lists/x/2025.yaml",
        counts: { basic: 12, assisting: 7, returned: 2 },
        unmapped: ["四、其他事项"],
        problems: ["Sheet1 9: no title", "Sheet1 10: no title"],
      },
    ];
    await env.DB.prepare("UPDATE contributions SET preview = ?2 WHERE id = ?1").bind(id, JSON.stringify(preview)).run();
    const html = await (await getPage(fetcher, `/editor/c/${id}`, session)).text();
    expect(html).toContain("基本履职事项 12");
    expect(html).toContain("配合履职事项 7");
    expect(html).toContain("四、其他事项");
    expect(html).toContain(area.townshipName);
    expect(html).not.toContain("no title");
  });

  it("review → metadata with township parts → import ready → accepted: each changes the row and is audited", async () => {
    const id = await makeContribution({ county: area.county, townships: [], wholeCounty: true, file: true });
    const post = (action: string, fields: Record<string, string>) => postForm(fetcher, `/editor/c/${id}/${action}`, session, { csrf: session.csrf, ...fields });
    expect((await post("review", {})).status).toBe(303);
    expect((await row(id))!.status).toBe("reviewing");
    const meta = await post("metadata", {
      issuer: "测试县人民政府办公室",
      document_number: "测政办发〔2025〕3号",
      adopted_on: "2025-03-01",
      published_on: "2025-03-05",
      version: "2025",
      [`part_${area.township}`]: "sheet",
      [`where_${area.township}`]: "清泉镇",
    });
    expect(meta.status).toBe(303);
    const r = (await row(id))!;
    expect(r).toMatchObject({
      issuer: "测试县人民政府办公室",
      document_number: "测政办发〔2025〕3号",
      adopted_on: "2025-03-01",
      published_on: "2025-03-05",
      version: "2025",
    });
    expect(JSON.parse(r.township_parts as string)).toEqual([{ township: area.township, sheet: "清泉镇" }]);
    expect((await post("import-ready", { ready: "1" })).status).toBe(303);
    expect((await row(id))!.import_ready).toBe(1);
    expect((await post("outcome", { status: "accepted", path: `/${area.township}/` })).status).toBe(303);
    expect(await row(id)).toMatchObject({ status: "accepted", outcome_path: `/${area.township}/` });
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["start_review", "record_metadata", "import_ready", "outcome"]);
    expect((await auditOf(id)).every((a) => a.editor_id === editor.id)).toBe(true);
  });

  it("marks a duplicate of another contribution, and declines with a reason", async () => {
    const first = await makeContribution({ county: area.county, townships: [area.township] });
    const id = await makeContribution({ county: area.county, townships: [area.township], status: "reviewing" });
    const post = (action: string, fields: Record<string, string>) => postForm(fetcher, `/editor/c/${id}/${action}`, session, { csrf: session.csrf, ...fields });
    expect((await post("duplicate", { duplicate_of: first })).status).toBe(303);
    expect((await row(id))!.duplicate_of).toBe(first);
    expect((await post("outcome", { status: "declined", reason: "与另一份上报重复" })).status).toBe(303);
    expect(await row(id)).toMatchObject({ status: "declined", outcome_reason: "与另一份上报重复", import_ready: 0 });
    expect((await auditOf(id)).map((a) => `${a.action} ${a.detail}`)).toEqual([`mark_duplicate ${first}`, "outcome declined"]);
  });

  it("offers the county's other contributions as the duplicate's original, and refuses itself and another county's", async () => {
    const other = await makeArea();
    const earlier = await makeContribution({ county: area.county, townships: [area.township] });
    const elsewhere = await makeContribution({ county: other.county, townships: [other.township] });
    const id = await makeContribution({ county: area.county, townships: [], wholeCounty: true });
    const html = await (await getPage(fetcher, `/editor/c/${id}`, session)).text();
    expect(html).toMatch(
      new RegExp(
        `<label class="choice"><input type="radio" name="duplicate_of" value="${earlier}"/>2026-11-30收到 · ${area.townshipName} · www.example.gov.cn</label>`,
      ),
    );
    expect(html).toMatch(/<input type="radio" name="duplicate_of" value="" checked=""\/>不是重复上报/);
    expect(html).not.toContain(`value="${elsewhere}"`);
    expect(html).not.toContain(`value="${id}"`);
    const post = (of: string) => postForm(fetcher, `/editor/c/${id}/duplicate`, session, { csrf: session.csrf, duplicate_of: of });
    for (const of of [elsewhere, id]) {
      const res = await post(of);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain("其他县的上报");
    }
    expect((await row(id))!.duplicate_of).toBeNull();
    expect((await post(earlier)).status).toBe(303);
    expect((await row(id))!.duplicate_of).toBe(earlier);
    expect(await (await getPage(fetcher, `/editor/c/${id}`, session)).text()).toMatch(new RegExp(`value="${earlier}" checked`));
  });

  it("a refused form re-renders its page with the reason and changes nothing", async () => {
    const id = await makeContribution({ county: area.county, townships: [area.township], status: "reviewing" });
    const post = (action: string, fields: Record<string, string>) => postForm(fetcher, `/editor/c/${id}/${action}`, session, { csrf: session.csrf, ...fields });
    const cases: [string, Record<string, string>, string][] = [
      ["metadata", { adopted_on: "2025-13-40", version: "" }, "请填写有效的日期"],
      ["metadata", { version: "2025 第一版" }, "版本只能包含"],
      ["metadata", { [`part_${area.township}`]: "pages", [`where_${area.township}`]: "三到七" }, "页码范围的格式"],
      ["duplicate", { duplicate_of: id }, "没有找到这份上报"],
      ["outcome", { status: "declined", reason: "" }, "请填写未收录的原因"],
      ["outcome", { status: "accepted", path: "not a path" }, "以 / 开头"],
      ["outcome", {}, "填写的内容不符合要求"],
      ["review", {}, "这一步在当前状态下不能进行"],
    ];
    for (const [action, fields, text] of cases) {
      const res = await post(action, fields);
      expect(res.status, `${action} ${JSON.stringify(fields)}`).toBeGreaterThanOrEqual(409);
      expect(res.status).toBeLessThan(500);
      expect(await res.text()).toContain(text);
    }
    expect(await row(id)).toMatchObject({ status: "reviewing", adopted_on: null, version: null, duplicate_of: null, township_parts: null });
  });

  it("refuses a post without the CSRF token", async () => {
    const id = await makeContribution({ county: area.county, townships: [area.township] });
    expect((await postForm(fetcher, `/editor/c/${id}/review`, session, {})).status).toBe(403);
    expect((await row(id))!.status).toBe("received");
  });
});
