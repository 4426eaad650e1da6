/**
 * The role boundary between reports and contributions (issue 12 item 2, isolation matrix):
 * oversight users see no contribution data on any oversight page or export, no oversight path
 * serves contributions, and the two codes are separate: a contribution code opens no report on
 * /track and a receipt code opens no contribution on /contribute/track.
 * The editor side: an editor session opens nothing under /oversight and no report data on the
 * desk (queue, contributions, audit); an oversight session opens nothing under /editor (audit and
 * account included), and neither posts to the other's passkey routes; signed out, /editor sends to its sign-in.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { getPage, makeBodyWithUser, makeEditor, makeEditorSession, makeReport, postForm as postWith, type Session } from "../support/factories.ts";
import { makeArea, postForm, randomAddress, receiptCodeIn, validReport, formFields } from "./report-fixtures.ts";

const fetcher = exports.default;
const SECRET_URL = "https://www.example.gov.cn/only-editors-may-see-this.html";
const SECRET_NOTE = "只给编辑看的说明";
let admin: Session;
let contributionCode: string;
let receiptCode: string;

beforeAll(async () => {
  admin = (await makeBodyWithUser(env.DB, "admin")).session;
  const area = await makeArea();
  const form = new FormData();
  for (const [k, v] of [
    ["kind", "list"],
    ["county", area.county],
    ["townships", area.township],
    ["url", SECRET_URL],
    ["note", SECRET_NOTE],
  ])
    form.append(k!, v!);
  const html = await (
    await fetcher.fetch("http://localhost/contribute", { method: "POST", body: form, headers: { "cf-connecting-ip": randomAddress() } })
  ).text();
  contributionCode = [...html.matchAll(/<span class="receipt-group">([0-9A-Z]{4})<\/span>/g)].map((m) => m[1]).join("-");
  receiptCode = receiptCodeIn(await (await postForm("/report", formFields(validReport(area)))).text());
});

describe("oversight users see no contribution data", () => {
  for (const path of ["/oversight", "/oversight/export.csv", "/oversight/export.json", "/oversight/users", "/oversight/audit", "/oversight/audit.csv"]) {
    it(`${path} carries no contribution's URL or note`, async () => {
      const body = await (await getPage(fetcher, path, admin)).text();
      expect(body).not.toContain(SECRET_URL);
      expect(body).not.toContain(SECRET_NOTE);
    });
  }

  it("no oversight path serves contributions", async () => {
    for (const path of ["/oversight/contributions", "/oversight/contributions/1"]) expect((await getPage(fetcher, path, admin)).status).toBe(404);
  });
});

describe("the two codes open only their own records", () => {
  it("a contribution code opens no report on /track", async () => {
    expect(contributionCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const res = await postForm("/track", { code: contributionCode });
    expect(await res.text()).not.toContain(SECRET_URL);
    expect(res.status).toBe(404);
  });

  it("a receipt code opens no contribution on /contribute/track", async () => {
    const res = await postForm("/contribute/track", { code: receiptCode });
    expect(res.status).toBe(404);
    expect(await (await postForm("/contribute/track", { code: contributionCode })).text()).toContain(SECRET_URL);
  });
});

describe("editors see no report data, oversight users no desk", () => {
  const REPORT_TITLE = `只给监督机构看的反映 ${crypto.randomUUID().slice(0, 6)}`;
  let editor: Session;
  let reportId: string;
  beforeAll(async () => {
    editor = await makeEditorSession(env.DB, (await makeEditor(env.DB)).id);
    const { bodyId } = await makeBodyWithUser(env.DB, "admin");
    reportId = await makeReport(env.DB, { bodyId, title: REPORT_TITLE });
  });

  it("an editor session gets nothing under /oversight", async () => {
    for (const path of [
      "/oversight",
      `/oversight/reports/${reportId}`,
      "/oversight/export.csv",
      "/oversight/export.json",
      "/oversight/audit",
      "/oversight/account",
      "/en/oversight",
    ]) {
      const res = await getPage(fetcher, path, editor);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location")).toMatch(/\/oversight\/login$/);
      expect(await res.text()).not.toContain(REPORT_TITLE);
    }
  });

  it("the desk shows no report data, and a report's id opens nothing", async () => {
    expect((await getPage(fetcher, `/editor/c/${reportId}`, editor)).status).toBe(404);
    const rows = await env.DB.prepare("SELECT id FROM contributions LIMIT 5").all<{ id: string }>();
    for (const path of ["/editor", "/editor?status=reviewing", ...rows.results.map((r) => `/editor/c/${r.id}`)]) {
      const body = await (await getPage(fetcher, path, editor)).text();
      expect(body).not.toContain(REPORT_TITLE);
    }
  });

  it("an oversight session gets nothing under /editor", async () => {
    const rows = await env.DB.prepare("SELECT id FROM contributions LIMIT 1").all<{ id: string }>();
    for (const path of [
      "/editor",
      `/editor/c/${rows.results[0]!.id}`,
      `/editor/c/${rows.results[0]!.id}/file`,
      "/editor/audit",
      "/editor/account",
      "/en/editor",
    ]) {
      const res = await getPage(fetcher, path, admin);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location")).toMatch(/\/editor\/login$/);
      expect(await res.text()).not.toContain(SECRET_URL);
    }
  });

  it("neither session can change the other's passkeys: each area's account posts need its own session", async () => {
    for (const path of ["/editor/account/passkeys/options", "/editor/account/passkeys", "/editor/account/reauth"])
      expect((await postWith(fetcher, path, admin, { csrf: admin.csrf })).status, path).toBe(403);
    for (const path of ["/oversight/account/passkeys/options", "/oversight/account/passkeys", "/oversight/account/reauth"])
      expect((await postWith(fetcher, path, editor, { csrf: editor.csrf })).status, path).toBe(403);
  });

  it("the desk's audit page carries no report data", async () => {
    expect(await (await getPage(fetcher, "/editor/audit", editor)).text()).not.toContain(REPORT_TITLE);
  });

  it("signed out, the desk redirects to /editor/login and refuses posts", async () => {
    const res = await getPage(fetcher, "/editor", null);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/editor/login");
    expect((await getPage(fetcher, "/editor/login", null)).status).toBe(200);
    const rows = await env.DB.prepare("SELECT id FROM contributions LIMIT 1").all<{ id: string }>();
    expect(
      (await fetcher.fetch(`https://localhost/editor/c/${rows.results[0]!.id}/review`, { method: "POST", body: new URLSearchParams({ csrf: "x" }) })).status,
    ).toBe(403);
  });

  it("an editor sees the contribution an oversight user cannot", async () => {
    const html = await (await getPage(fetcher, "/editor?status=received", editor)).text();
    const id = /\/editor\/c\/([0-9a-f-]{36})/.exec(html)?.[1];
    expect(id).toBeDefined();
    expect(await (await getPage(fetcher, `/editor/c/${id}`, editor)).text()).toMatch(/https:\/\/www\.example\.gov\.cn\//);
  });
});
