import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { getPage, makeBodyWithUser, makeReport, makeSession, makeUser, postForm, type Session } from "../support/factories.ts";

/**
 * The access matrix (issue #6 §2): every triage page and action, tried by users of another body,
 * lesser roles, logged-out requests and forged CSRF tokens. Each gets 403/404 (or the login
 * redirect) and a body that reveals nothing of the report.
 */
const fetcher = exports.default;
let own: { bodyId: string; admin: Session; triager: Session; viewer: Session };
let other: Session;
let otherAdmin: Session;
let reportId: string;
let ownUserId: string;
const SECRET_TITLE = "只在本机构可见的标题";

beforeAll(async () => {
  const a = await makeBodyWithUser(env.DB, "admin");
  const triager = await makeUser(env.DB, a.bodyId, "triager");
  const viewer = await makeUser(env.DB, a.bodyId, "viewer");
  own = { bodyId: a.bodyId, admin: a.session, triager: await makeSession(env.DB, triager.id), viewer: await makeSession(env.DB, viewer.id) };
  ownUserId = triager.id;
  other = (await makeBodyWithUser(env.DB, "triager")).session;
  otherAdmin = (await makeBodyWithUser(env.DB, "admin")).session;
  reportId = await makeReport(env.DB, { bodyId: a.bodyId, title: SECRET_TITLE, description: "机密描述" });
});

type Req = { method: "GET" | "POST"; label: string; path: () => string; fields?: () => Record<string, string> };
const REPORT_PAGES: Req[] = [
  { method: "GET", label: "/oversight/reports/:id", path: () => `/oversight/reports/${reportId}` },
  { method: "GET", label: "/en/oversight/reports/:id", path: () => `/en/oversight/reports/${reportId}` },
  { method: "GET", label: "/oversight/reports/:id/evidence/ev-1", path: () => `/oversight/reports/${reportId}/evidence/ev-1` },
];
const REPORT_ACTIONS: Req[] = [
  { method: "POST", label: "/oversight/reports/:id/transition", path: () => `/oversight/reports/${reportId}/transition`, fields: () => ({ action: "accept" }) },
  { method: "POST", label: "/oversight/reports/:id/notes", path: () => `/oversight/reports/${reportId}/notes`, fields: () => ({ text: "备注" }) },
  {
    method: "POST",
    label: "/oversight/reports/:id/messages",
    path: () => `/oversight/reports/${reportId}/messages`,
    fields: () => ({ text: "答复", kind: "public_reply" }),
  },
  {
    method: "POST",
    label: "/oversight/reports/:id/summary",
    path: () => `/oversight/reports/${reportId}/summary`,
    fields: () => ({ step: "draft", text: "经核查属实，已责令县直部门合并报表并停止重复报送。" }),
  },
  { method: "POST", label: "/oversight/bulk", path: () => "/oversight/bulk", fields: () => ({ action: "accept", ids: reportId }) },
];
const ADMIN_ONLY: Req[] = [
  { method: "GET", label: "/oversight/users", path: () => "/oversight/users" },
  { method: "GET", label: "/oversight/audit", path: () => "/oversight/audit" },
  { method: "GET", label: "/oversight/audit.csv", path: () => "/oversight/audit.csv" },
  { method: "POST", label: "/oversight/users/invite", path: () => "/oversight/users/invite", fields: () => ({ email: "x@example.org", role: "admin" }) },
  { method: "POST", label: "/oversight/users/:uid/reset", path: () => `/oversight/users/${ownUserId}/reset` },
];
const LISTS: Req[] = [
  { method: "GET", label: "/oversight", path: () => "/oversight" },
  { method: "GET", label: "/oversight/export.csv", path: () => "/oversight/export.csv" },
  { method: "GET", label: "/oversight/export.json", path: () => "/oversight/export.json" },
];

async function send(req: Req, session: Session | null, csrf?: string) {
  if (req.method === "GET") return getPage(fetcher, req.path(), session);
  return postForm(fetcher, req.path(), session, { ...(req.fields?.() ?? {}), csrf: csrf ?? session?.csrf ?? "" });
}

async function expectNothingLearned(res: Response, allowed: number[]) {
  expect(allowed).toContain(res.status);
  const text = await res.text();
  expect(text).not.toContain(SECRET_TITLE);
  expect(text).not.toContain("机密描述");
}

const ALL = [...REPORT_PAGES, ...REPORT_ACTIONS, ...ADMIN_ONLY, ...LISTS];

describe("triage access matrix", () => {
  describe("logged-out requests", () => {
    it.each(ALL.map((r) => [r.method, r.label, r] as const))("%s %s is refused or sent to sign-in", async (_m, _p, req) => {
      const res = await send(req, null);
      await expectNothingLearned(res, req.method === "GET" ? [303] : [403]);
      if (req.method === "GET") expect(res.headers.get("location")).toMatch(/\/oversight\/login$/);
    });
  });

  describe("a user of another body", () => {
    it.each([...REPORT_PAGES, ...REPORT_ACTIONS].map((r) => [r.method, r.label, r] as const))(
      "%s %s answers 404 as if the report did not exist",
      async (_m, _p, req) => {
        const res = await send(req, other);
        if (req.path().endsWith("/bulk")) {
          // Bulk skips reports the body does not hold: the report stays untouched.
          expect(res.status).toBe(303);
        } else await expectNothingLearned(res, [404]);
        const row = await env.DB.prepare("SELECT status FROM reports WHERE id = ?1").bind(reportId).first<{ status: string }>();
        expect(row!.status).toBe("routed");
      },
    );

    it.each(LISTS.map((r) => [r.label, r] as const))("GET %s lists none of the report", async (_p, req) => {
      await expectNothingLearned(await send(req, other), [200]);
      await expectNothingLearned(await send(req, otherAdmin), [200]);
    });

    it("an admin of another body cannot reset this body's user", async () => {
      await expectNothingLearned(await send(ADMIN_ONLY[4]!, otherAdmin), [404]);
    });
  });

  describe("lesser roles", () => {
    it.each(REPORT_ACTIONS.map((r) => [r.label, r] as const))("a viewer cannot POST %s", async (_p, req) => {
      const res = await send(req, own.viewer);
      expect(res.status).toBe(403);
    });

    it.each(ADMIN_ONLY.map((r) => [r.method, r.label, r] as const))("a triager cannot %s %s", async (_m, _p, req) => {
      expect((await send(req, own.triager)).status).toBe(403);
    });

    it("a viewer can read the report", async () => {
      const res = await send(REPORT_PAGES[0]!, own.viewer);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(SECRET_TITLE);
    });
  });

  describe("forged CSRF tokens", () => {
    it.each([...REPORT_ACTIONS, ...ADMIN_ONLY.filter((r) => r.method === "POST")].map((r) => [r.label, r] as const))(
      "POST %s with a forged token is refused",
      async (_p, req) => {
        for (const forged of ["", "forged", own.triager.csrf]) {
          const res = await send(req, own.admin, forged);
          expect(res.status).toBe(403);
        }
        const row = await env.DB.prepare("SELECT status FROM reports WHERE id = ?1").bind(reportId).first<{ status: string }>();
        expect(row!.status).toBe("routed");
      },
    );
  });
});
