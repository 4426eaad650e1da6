import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { inboxQuery } from "../../worker/db/oversight.ts";
import { bigrams } from "../../worker/domain/search.ts";
import { searchBody } from "../../worker/db/inbox-search.ts";
import { addWorkingDays, beijingToday } from "../../worker/domain/working-days.ts";
import { getPage, makeBody, makeBodyWithUser, makeReport } from "../support/factories.ts";
import { DRAFTS_SQL } from "../../worker/db/summaries.ts";

const fetcher = exports.default;
const titlesOf = (html: string) => [...html.matchAll(/<a href="\/oversight\/reports\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe("inbox filters", () => {
  it.each([
    ["status", "?status=investigating", { status: "investigating" }],
    ["category", "?category=meetings", { category: "meetings" }],
    ["area", "?area=431021101", { townshipCode: "431021101" }],
    ["duplicate group", "?group=g-1", { duplicateGroup: "g-1" }],
    ["linked duty item", "?duty=basic%3A12", { dutyItemRef: "basic:12" }],
  ] as const)("filters by %s", async (_name, query, match) => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    await makeReport(env.DB, { bodyId, title: "应当列出", ...match });
    await makeReport(env.DB, { bodyId, title: "不应列出" });
    const html = await (await getPage(fetcher, `/oversight${query}`, session)).text();
    expect(titlesOf(html)).toEqual(["应当列出"]);
  });

  it("marks overdue and nearly-due reports and filters them", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    const today = beijingToday();
    await makeReport(env.DB, { bodyId, title: "逾期未签收", ackDueOn: "2020-01-02", concludeDueOn: "2030-01-01" });
    await makeReport(env.DB, { bodyId, title: "即将到期", ackDueOn: addWorkingDays(today, 1), concludeDueOn: "2030-01-01" });
    await makeReport(env.DB, { bodyId, title: "不急", ackDueOn: "2030-01-01", concludeDueOn: "2030-01-01" });
    await makeReport(env.DB, { bodyId, title: "已签收不算签收逾期", status: "investigating", ackDueOn: "2020-01-02", concludeDueOn: "2030-01-01" });
    const html = await (await getPage(fetcher, "/oversight", session)).text();
    // Each alert in the row's own alerts cell (beside the title, not inside it).
    const alerts = (title: string) =>
      new RegExp(`${title}</a></td><td[^>]*>(?:<span class="flags">)?((?:<mark class="flag">[^<]+</mark>)*)(?:</span>)?</td>`).exec(html)?.[1];
    expect(alerts("逾期未签收")).toBe('<mark class="flag">已超期</mark>');
    expect(alerts("即将到期")).toBe('<mark class="flag">剩 1 个工作日</mark>');
    expect(alerts("不急")).toBe("");
    expect(alerts("已签收不算签收逾期")).toBe("");
    expect(titlesOf(await (await getPage(fetcher, "/oversight?deadline=overdue", session)).text())).toEqual(["逾期未签收"]);
  });
});

describe("full-text search", () => {
  it("splits Chinese text into bigrams", () => {
    expect(bigrams("报表多，台账")).toEqual(["报表", "表多", "台账"]);
  });

  it("finds the body's own reports by Chinese words, never another body's", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    const other = await makeBody(env.DB);
    await makeReport(env.DB, { bodyId, title: "村里要求每天拍照留痕", description: "照片上传到工作群" });
    await makeReport(env.DB, { bodyId, title: "会议太多", description: "每周五次会议" });
    const foreign = await makeReport(env.DB, { bodyId: other, title: "拍照留痕也在别处" });
    expect(titlesOf(await (await getPage(fetcher, `/oversight?q=${encodeURIComponent("拍照留痕")}`, session)).text())).toEqual(["村里要求每天拍照留痕"]);
    expect(titlesOf(await (await getPage(fetcher, `/oversight?q=${encodeURIComponent("工作群")}`, session)).text())).toEqual(["村里要求每天拍照留痕"]);
    expect(titlesOf(await (await getPage(fetcher, `/oversight?q=${encodeURIComponent("会")}`, session)).text())).toEqual(["会议太多"]);
    expect(await searchBody(env.DB, bodyId, "拍照留痕")).not.toContain(foreign);
  });
});

describe("exports", () => {
  it("exports CSV with a BOM and the current filters, and JSON of the same rows", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    await makeReport(env.DB, { bodyId, title: '=HYPERLINK("x")', category: "meetings" });
    await makeReport(env.DB, { bodyId, title: "不导出", category: "forms" });
    const res = await getPage(fetcher, "/oversight/export.csv?category=meetings", session);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(2);
    // Formula injection is neutralised.
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    const json = (await (await getPage(fetcher, "/oversight/export.json?category=meetings", session)).json()) as { reports: { title: string }[] };
    expect(json.reports.map((r) => r.title)).toEqual(['=HYPERLINK("x")']);
  });

  it("keeps every code column in the CSV and adds a label column beside each coded one, in the export's language", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "viewer");
    await makeReport(env.DB, { bodyId, category: "meetings", status: "routed" });
    const rows = async (path: string) =>
      new TextDecoder()
        .decode(new Uint8Array(await (await getPage(fetcher, path, session)).arrayBuffer()))
        .slice(1)
        .split("\r\n")
        .filter(Boolean)
        .map((l) => l.split(","));
    const [header, row] = await rows("/oversight/export.csv");
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(header!.slice(header!.indexOf("category"), header!.indexOf("category") + 2)).toEqual(["category", "category_label"]);
    expect([cell("category"), cell("category_label"), cell("status"), cell("status_label"), cell("imposer_level_label"), cell("outcome_label")]).toEqual([
      "meetings",
      "会议多",
      "routed",
      "已送达",
      "县级",
      "",
    ]);
    const [enHeader, enRow] = await rows("/en/oversight/export.csv");
    expect(enRow![enHeader!.indexOf("category_label")]).toBe("Too many meetings");
  });
});

describe("inbox queries use indexes", () => {
  const filterSets = [
    {},
    { status: "routed" as const },
    { category: "forms" },
    { area: "431021" },
    { deadline: "overdue" as const },
    { deadline: "due_soon" as const },
    { duplicateGroup: "g" },
    { dutyItem: "basic:1" },
    { ids: ["a", "b"] },
    { unread: "message" as const },
    { unread: "reopen" as const, sort: "newest" as const },
    { status: "investigating" as const, category: "forms", area: "4310", deadline: "overdue" as const },
  ];
  it.each(filterSets.map((f) => [JSON.stringify(f), f]))("never scans the reports table (%s)", async (_name, filters) => {
    const bodyId = await makeBody(env.DB);
    for (let i = 0; i < 5; i++) await makeReport(env.DB, { bodyId });
    await env.DB.exec("ANALYZE");
    const { sql, params } = inboxQuery(bodyId, filters, "2025-10-09", "2025-10-14");
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    const plan = results.map((r) => r.detail);
    expect(plan.some((d) => /^SCAN (r|reports)\b/.test(d))).toBe(false);
    expect(plan.some((d) => /^SCAN a\b/.test(d))).toBe(false);
    expect(plan.join("\n")).toMatch(/report_assignments_body|PRIMARY KEY/);
  });

  it("lists the summary drafts awaiting approval without scanning reports", async () => {
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${DRAFTS_SQL}`).bind("b").all<{ detail: string }>();
    const plan = results.map((r) => r.detail).join("\n");
    expect(plan).not.toMatch(/^SCAN (r|s)\b/m);
    expect(plan).toMatch(/report_summaries_published/);
  });

  it("searches the n-gram table by its primary key", async () => {
    const { results } = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT g.report_id AS id FROM report_ngrams g JOIN report_assignments a ON a.report_id = g.report_id AND a.body_id = ?1 AND a.active = 1
        WHERE g.gram IN (?2, ?3) GROUP BY g.report_id HAVING count(*) = 2 LIMIT 500`,
    )
      .bind("b", "x1", "x2")
      .all<{ detail: string }>();
    expect(results.map((r) => r.detail).join("\n")).not.toMatch(/^SCAN g\b/m);
  });
});
