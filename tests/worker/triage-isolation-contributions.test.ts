/**
 * The role boundary between reports and contributions (issue 12 item 2, isolation matrix):
 * oversight users see no contribution data on any oversight page or export, no oversight path
 * serves contributions, and the two codes are separate: a contribution code opens no report on
 * /track and a receipt code opens no contribution on /contribute/track.
 * The editor side (editors see no report data) joins this matrix with the editors' desk.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { getPage, makeBodyWithUser, type Session } from "../support/factories.ts";
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
  for (const [k, v] of [["kind", "list"], ["county", area.county], ["townships", area.township], ["url", SECRET_URL], ["note", SECRET_NOTE]]) form.append(k!, v!);
  const html = await (await fetcher.fetch("http://localhost/contribute", { method: "POST", body: form, headers: { "cf-connecting-ip": randomAddress() } })).text();
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
