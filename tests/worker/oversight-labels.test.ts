/**
 * The oversight pages speak the officer's language (issue 14 item 1, UX 32): on the zh-CN case
 * page and audit log every code, enum and event is shown by its label, never raw, and no English
 * word appears outside the codes and ids allowed below.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getPage, makeBody, makeBodyWithUser, makeReport, postForm } from "../support/factories.ts";
import { ACTIONS } from "../../worker/domain/lifecycle.ts";
import { REPORT_OUTCOMES, REPORT_STATUSES } from "../../worker/domain/report-status.ts";
import { IMPOSER_LEVELS, REPORT_CATEGORIES } from "../../data/schema/report-category.ts";
import { LIST_STATUSES } from "../../data/schema/report.ts";
import { AUDIT_ACTIONS } from "../../worker/db/audit.ts";
import { ROUTING_REASON_CODES } from "../../data/schema/routing-rule.ts";
import { englishWords, visibleText } from "../support/visible-text.ts";

const fetcher = exports.default;

const ENUM_VALUES = [
  ...REPORT_STATUSES,
  ...REPORT_OUTCOMES,
  ...REPORT_CATEGORIES,
  ...IMPOSER_LEVELS,
  ...LIST_STATUSES,
  ...ACTIONS,
  ...AUDIT_ACTIONS,
  ...ROUTING_REASON_CODES,
  "pending",
  "delivered",
  "failed",
  "inbox",
  "webhook",
  "email",
  "one-level-above",
  "received",
  "route",
];

/** A report routed to a joined body, with decisions (one of them from before reason codes), deliveries in three states and a concluded history. */
async function fixture() {
  const { bodyId, user, session } = await makeBodyWithUser(env.DB, "admin", { name: "桂东县减负办", areaCode: "431027" });
  const other = await makeBody(env.DB, { name: "郴州市纪委监委", level: "prefecture", areaCode: "4310", kind: "discipline_commission", joined: false });
  const reportId = await makeReport(env.DB, { bodyId, townshipCode: "431027100", category: "off_list_tasks", title: "每周填报三张表", status: "routed" });
  const db = env.DB;
  await db.batch([
    db.prepare(
      "INSERT OR IGNORE INTO divisions (code, name, level, parent_code, type) VALUES ('431027', '桂东县', 'county', '4310', 'county'), ('431027100', '沤江镇', 'township', '431027', 'town')",
    ),
    db.prepare("UPDATE reports SET list_status = 'on_list', duty_item_ref = 'basic:999' WHERE id = ?1").bind(reportId),
    db
      .prepare(
        "INSERT INTO report_events (report_id, seq, on_day, kind, from_status, to_status, actor) VALUES (?1, 1, '2025-09-01', 'received', NULL, 'received', 'reporter')",
      )
      .bind(reportId),
    db
      .prepare(
        "INSERT INTO report_events (report_id, seq, on_day, kind, from_status, to_status, body_id, actor) VALUES (?1, 2, '2025-09-01', 'route', 'received', 'routed', ?2, 'system')",
      )
      .bind(reportId, bodyId),
    db
      .prepare("INSERT INTO report_events (report_id, seq, on_day, kind, body_id, actor) VALUES (?1, 3, '2025-09-01', 'delivered', ?2, 'system')")
      .bind(reportId, bodyId),
    db
      .prepare(
        "INSERT INTO routing_decisions (report_id, seq, body_id, rule_id, reason, reason_code, reason_params, joined) VALUES (?1, 1, ?2, 'one-level-above', 'The burden-reduction office one level above', 'rule', ?3, 1)",
      )
      .bind(reportId, bodyId, JSON.stringify({ rule: "one-level-above" })),
    db
      .prepare(
        "INSERT INTO routing_decisions (report_id, seq, body_id, rule_id, reason, reason_code, reason_params, joined) VALUES (?1, 2, ?2, 'one-level-above', 'has not joined; official channel: 12388', 'not_joined_body', ?3, 0)",
      )
      .bind(reportId, other, JSON.stringify({ why: "rule", rule: "one-level-above", body: "郴州市纪委监委", channel: "12388 纪检监察举报" })),
    db
      .prepare(
        "INSERT INTO routing_decisions (report_id, seq, body_id, rule_id, reason, joined) VALUES (?1, 3, NULL, 'one-level-above', 'an old English reason', 0)",
      )
      .bind(reportId),
    db
      .prepare(
        "INSERT INTO evidence (id, token_hash, report_id, r2_key, media_type, bytes, uploaded_on) VALUES (?1, ?2, ?3, 'k', 'image/jpeg', 204800, '2025-09-01')",
      )
      .bind(crypto.randomUUID(), crypto.randomUUID(), reportId),
    ...(
      [
        ["inbox", "delivered", 1, "2025-09-01"],
        ["webhook", "pending", 2, null],
        ["email", "failed", 5, null],
      ] as const
    ).map(([channel, state, attempts, on], i) =>
      db
        .prepare(
          "INSERT INTO delivery_jobs (id, report_id, body_id, channel, channel_index, webhook_id, state, attempts, delivered_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .bind(crypto.randomUUID(), reportId, bodyId, channel, i, crypto.randomUUID(), state, attempts, on),
    ),
  ]);
  for (const [action, fields] of [
    ["accept", {}],
    ["investigate", {}],
    ["find_substantiated", { finding: "确有重复填报。" }],
  ] as const) {
    const res = await postForm(fetcher, `/oversight/reports/${reportId}/transition`, session, { csrf: session.csrf, action, ...fields });
    expect(res.status).toBe(303);
  }
  await postForm(fetcher, `/oversight/reports/${reportId}/messages`, session, { csrf: session.csrf, kind: "public_reply", text: "已责成整改。" });
  return { reportId, bodyId, other, user, session };
}

describe("oversight labels (UX 32)", () => {
  it("shows the zh-CN case page by labels only: no raw code, no English word", async () => {
    const { reportId, bodyId, other, session } = await fixture();
    const html = await (await getPage(fetcher, `/oversight/reports/${reportId}`, session)).text();
    const text = visibleText(html);
    // JPEG is the format's name in Chinese too (the report form's hint says «JPEG、PNG 或 PDF»).
    expect(englishWords(html, [reportId, bodyId, other, "JPEG"])).toEqual([]);
    for (const value of ENUM_VALUES) expect(text, value).not.toMatch(new RegExp(`(^|[^A-Za-z_-])${value}([^A-Za-z_-]|$)`));
    expect(text).toContain("桂东县");
    expect(text).toContain("沤江镇");
    expect(text).toContain("在履职事项清单上 · 未关联清单事项");
    expect(text).toContain("清单外事项、属地责任转嫁");
    expect(text).toContain("已送达本机构收件箱");
    expect(text).toContain("网络推送失败，第 2 次重试中");
    expect(text).toContain("电子邮件多次发送失败，已停止重试");
    expect(text).toContain("由加压方上一级的减负办和纪委监委受理");
    expect(text).toContain("郴州市纪委监委尚未加入本平台。");
    expect(text).toContain("按分派规则分派（早期记录，未存理由代码）。");
    expect(text).toContain("核查结论：查实");
    // The case header names the stage as the reporter's /track does (issue 14 item 3).
    expect(text).toContain("已有结论（查实）");
    expect(text).not.toContain("履职清单 unknown");
    // An evidence file by its kind and size in words, not its media type and a byte count.
    expect(text).toContain("JPEG 图片，200 KB");
    expect(text).not.toContain("image/jpeg");
    expect(text).toContain("已送达本机构收件箱（2025-09-01）");
  });

  it("shows the zh-CN audit log by labels: actions and status changes in words", async () => {
    const { reportId, bodyId, other, user, session } = await fixture();
    await getPage(fetcher, `/oversight/reports/${reportId}`, session);
    const html = await (await getPage(fetcher, "/oversight/audit", session)).text();
    const text = visibleText(html);
    expect(englishWords(html, [reportId, bodyId, other, user.id])).toEqual([]);
    expect(text).toContain("核查中 → 查实");
    expect(text).toContain("公开答复");
    for (const value of [...REPORT_STATUSES, ...AUDIT_ACTIONS, "public_reply"])
      expect(text, value).not.toMatch(new RegExp(`(^|[^A-Za-z_-])${value}([^A-Za-z_-]|$)`));
  });

  it("shows the English case page in English", async () => {
    const { reportId, session } = await fixture();
    const text = visibleText(await (await getPage(fetcher, `/en/oversight/reports/${reportId}`, session)).text());
    expect(text).toContain("Delivered to this body's inbox");
    expect(text).toContain("Webhook failed, retry 2 under way");
    expect(text).toContain("Finding: substantiated");
    // English punctuation around the words: no full-width colon or brackets of the zh-CN page.
    expect(text).toContain("Delivered to this body's inbox (2025-09-01)");
    expect(text).toContain("JPEG image, 200 KB");
    expect(text).toMatch(/郴州市纪委监委: /);
    // (Place names stay Chinese, with their own brackets: 沤江镇（桂东县）.)
    expect(text).not.toMatch(/（(division|County|2025)|[a-z]：/);
  });

  it("says so where a case has no routing record and no delivery, instead of an empty heading", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "triager", { name: "桂东县减负办" });
    const reportId = await makeReport(env.DB, { bodyId, townshipCode: "431027100", category: "meetings", title: "每周三次视频会", status: "routed" });
    const text = visibleText(await (await getPage(fetcher, `/oversight/reports/${reportId}`, session)).text());
    expect(text).toContain("没有分派记录。");
    expect(text).toContain("没有网络推送或电子邮件送达的记录。");
    const full = await fixture();
    const routed = visibleText(await (await getPage(fetcher, `/oversight/reports/${full.reportId}`, full.session)).text());
    expect(routed).not.toContain("没有分派记录");
    expect(routed).not.toContain("没有网络推送");
  });

  it("names a demo body in the header with the marker of the page's language", async () => {
    const { session } = await makeBodyWithUser(env.DB, "triager", { name: "桂东县减负办（演示）" });
    const zh = visibleText(await (await getPage(fetcher, "/oversight", session)).text());
    expect(zh).toContain("桂东县减负办（演示）");
    const en = visibleText(await (await getPage(fetcher, "/en/oversight", session)).text());
    expect(en).toContain("桂东县减负办 (demo)");
    expect(en).not.toContain("（演示）");
  });
});
