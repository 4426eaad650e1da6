/**
 * Regression tests for the abuse-control findings of ../shared/reviews/security-2026-12.md
 * (issue 15 item 4). Each reproduces the review's steps inside the worker test harness.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { NO_POW_PER_COUNTY, NO_POW_PER_SOURCE, noPowSourceScope, rateLimitKey } from "../../worker/domain/abuse.ts";
import { bodyCounts } from "../../worker/db/no-pow.ts";
import { beijingToday } from "../../worker/domain/working-days.ts";
import { newReceiptCode } from "../../worker/domain/receipt.ts";
import { MAX_FAILED } from "../../worker/db/accounts.ts";
import {
  makeBody,
  makeBodyWithUser,
  makeReport,
  makeSession,
  makeUser,
  postForm as postOversight,
  TEST_PASSWORD,
  totpCode,
  type Session,
} from "../support/factories.ts";
import { count, formFields, makeArea, postForm, postJson, randomAddress, solvedAltcha, validReport } from "./report-fixtures.ts";

const fetcher = exports.default;
const hex4 = () => crypto.getRandomValues(new Uint16Array(1))[0]!.toString(16);
/** A random /64 and an address inside it. */
const randomSlash64 = () => `2001:db8:${hex4()}:${hex4()}`;
const inside = (prefix: string) => `${prefix}:${hex4()}:${hex4()}:${hex4()}:${hex4()}`;

function login(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetcher.fetch("https://localhost/oversight/login", {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": randomAddress(), ...headers },
    body: new URLSearchParams(fields),
  });
}

describe("security M6: limits key IPv6 addresses by /64", () => {
  it("gives every address of one /64 the same limiter key, and other /64s another", () => {
    const prefix = randomSlash64();
    const key = rateLimitKey("k".repeat(40), inside(prefix), "2026-12-01");
    expect(rateLimitKey("k".repeat(40), inside(prefix), "2026-12-01")).toBe(key);
    expect(rateLimitKey("k".repeat(40), `${prefix}::1`, "2026-12-01")).toBe(key);
    expect(rateLimitKey("k".repeat(40), inside(randomSlash64()), "2026-12-01")).not.toBe(key);
    // IPv4 keeps the full address.
    expect(rateLimitKey("k".repeat(40), "203.0.113.7", "2026-12-01")).not.toBe(rateLimitKey("k".repeat(40), "203.0.113.8", "2026-12-01"));
  });

  it("refuses receipt guesses on /api/track rotated through one /64", async () => {
    const prefix = randomSlash64();
    const statuses: number[] = [];
    // TRACK_LIMITER allows 20 a minute; 45 guesses put more than 20 into one window even across a minute boundary.
    for (let i = 0; i < 45; i++) statuses.push((await postJson("/api/track", { code: newReceiptCode() }, { "cf-connecting-ip": inside(prefix) })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});

describe("security M6: the no-JS form files without proof of work within daily budgets", () => {
  const prefill = (scope: string, used: number) =>
    env.DB.prepare("INSERT INTO no_pow_daily (day, scope, used) VALUES (?1, ?2, ?3) ON CONFLICT (day, scope) DO UPDATE SET used = ?3")
      .bind(beijingToday(), scope, used)
      .run();

  it("refuses a source over its daily budget, whichever address of its /64 it uses", async () => {
    const area = await makeArea();
    const prefix = randomSlash64();
    const first = inside(prefix);
    await prefill(noPowSourceScope(env.RATE_KEY, first, beijingToday()), NO_POW_PER_SOURCE - 1);
    expect((await postForm("/report", formFields(validReport(area)), [], first)).status).toBe(201);
    const refused = await postForm("/report", formFields(validReport(area, { title: "又一次重复填报报表" })), [], inside(prefix));
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("未开启 JavaScript 提交的反映已达上限");
    // With proof of work the same source still files.
    expect(
      (await postForm("/report", formFields({ ...validReport(area, { title: "第三份重复填报报表" }), altcha: await solvedAltcha() }), [], inside(prefix)))
        .status,
    ).toBe(201);
  });

  it("refuses a county over its daily cap with a 429 that names the official channels", async () => {
    const area = await makeArea();
    await env.DB.prepare(
      "INSERT INTO official_channels (id, name, kind, areas, url, phone) VALUES (?1, ?2, 'local_platform', ?3, 'https://example.org/', NULL)",
    )
      .bind(`ch-${area.county}`, `测试县纪委监委网站${area.county}`, JSON.stringify([area.county]))
      .run();
    await prefill(`county:${area.county}`, NO_POW_PER_COUNTY);
    const refused = await postForm("/report", formFields(validReport(area)));
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(html).toContain(`测试县纪委监委网站${area.county}`);
    expect(await count("SELECT COUNT(*) AS n FROM reports WHERE township_code = ?1", area.township)).toBe(0);
  });

  it("counts no-proof-of-work reports per body and day for the digest, and marks no report", async () => {
    const area = await makeArea();
    const bodyId = await makeBody(env.DB, { areaCode: area.county, level: "county" });
    // A township's own burden goes to the county's burden-reduction office.
    const township = { imposerLevel: "township", imposerName: `${area.townshipName}人民政府` };
    expect((await postForm("/report", formFields(validReport(area, township)))).status).toBe(201);
    expect(
      (await postForm("/report", formFields({ ...validReport(area, { ...township, title: "有工作量证明的反映" }), altcha: await solvedAltcha() }))).status,
    ).toBe(201);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM report_assignments a JOIN reports r ON r.id = a.report_id WHERE r.township_code = ?1 AND a.body_id = ?2",
        area.township,
        bodyId,
      ),
    ).toBe(2);
    expect((await bodyCounts(env.DB, beijingToday())).get(bodyId)).toBe(1);
    const rows = (await env.DB.prepare("SELECT * FROM reports WHERE township_code = ?1 ORDER BY title").bind(area.township).all<Record<string, unknown>>())
      .results;
    expect(rows).toHaveLength(2);
    const shape = (r: Record<string, unknown>) =>
      Object.keys(r)
        .filter((k) => r[k] !== null)
        .sort();
    expect(shape(rows[0]!)).toEqual(shape(rows[1]!));
  });
});

describe("security L1: /report/confirm shares the tracking limiter", () => {
  it("answers 429 once TRACK_LIMITER is spent for the address", async () => {
    const address = randomAddress();
    const statuses: number[] = [];
    // TRACK_LIMITER allows 20 a minute; 45 posts put more than 20 into one window even across a minute boundary.
    for (let i = 0; i < 45; i++) {
      const code = newReceiptCode();
      const res = await postForm("/report/confirm", { code, lastGroup: code.slice(-4) }, [], address);
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 200)).toBe(true);
  });
});

describe("security L2: idempotency keys are strong and a replay needs the original proof of work", () => {
  it("refuses a weak key", async () => {
    const area = await makeArea();
    const res = await postJson("/api/reports", { ...validReport(area), idempotencyKey: "a".repeat(22), altcha: await solvedAltcha() });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fields: { path: string }[] }).fields.map((f) => f.path)).toContain("idempotencyKey");
  });

  it("never returns the receipt to a replay without the original solution", async () => {
    const area = await makeArea();
    const key = crypto.randomUUID().replaceAll("-", "") + "Ab_-";
    const altcha = await solvedAltcha();
    const first = await postJson("/api/reports", { ...validReport(area), idempotencyKey: key, altcha });
    expect(first.status).toBe(201);
    const { receiptCode } = (await first.json()) as { receiptCode: string };
    // A third party who learnt the key: with garbage, and with a fresh solution of its own.
    const garbage = await postJson("/api/reports", { ...validReport(area, { title: "另一个标题另一个标题" }), idempotencyKey: key, altcha: "garbage" });
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).not.toContain(receiptCode);
    const fresh = await postJson("/api/reports", {
      ...validReport(area, { title: "另一个标题另一个标题" }),
      idempotencyKey: key,
      altcha: await solvedAltcha(),
    });
    expect(await fresh.text()).not.toContain(receiptCode);
    // The client's own retry (same key, same spent solution) gets its receipt back.
    const retry = await postJson("/api/reports", { ...validReport(area), idempotencyKey: key, altcha });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { receiptCode: string }).receiptCode).toBe(receiptCode);
  });
});

describe("security L3: login CSRF", () => {
  it("refuses a sign-in post with Origin null and no Sec-Fetch-Site", async () => {
    const res = await login({ email: "nobody@example.org", password: "x", code: "000000" }, { origin: "null" });
    expect(res.status).toBe(403);
  });

  it("refuses a cross-site invite acceptance", async () => {
    const res = await fetcher.fetch("https://localhost/oversight/invite/whatever", {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" },
      body: "secret=x",
    });
    expect(res.status).toBe(403);
  });
});

describe("security L4: malformed bodies and unknown paths are 4xx, never 500", () => {
  const broken = { "content-type": "multipart/form-data; boundary=xyz", "cf-connecting-ip": randomAddress() };
  it.each(["/track", "/report/confirm", "/oversight/login"])("%s with a body that is not multipart", async (path) => {
    const res = await fetcher.fetch(`https://localhost${path}`, { method: "POST", headers: broken, body: '{"code":"ABCD-EFGH-IJKL-MNOP-QRST"}' });
    expect(res.status).toBe(400);
  });

  it("a signed-in post with a body that is not multipart", async () => {
    const { session } = await makeBodyWithUser(env.DB, "admin");
    const res = await fetcher.fetch("https://localhost/oversight/bulk", { method: "POST", headers: { ...broken, cookie: session.cookie }, body: "{}" });
    expect(res.status).toBe(400);
  });

  it.each([
    ["POST", "/oversight/nonexistent"],
    ["PUT", "/oversight/reports/r-1/notes"],
    ["DELETE", "/oversight"],
  ])("%s %s while signed in", async (method, path) => {
    const { session } = await makeBodyWithUser(env.DB, "admin");
    const res = await fetcher.fetch(`https://localhost${path}`, {
      method,
      redirect: "manual",
      headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf: session.csrf }),
    });
    expect([404, 405]).toContain(res.status);
  });

  it("an invite for an address that already has an account", async () => {
    const { inviteUser } = await import("../../worker/services/invites.ts");
    const { TEST_SECRETS } = await import("../support/secrets.ts");
    const other = await makeUser(env.DB, await makeBody(env.DB), "admin");
    const admin = await makeUser(env.DB, await makeBody(env.DB), "admin");
    const token = await inviteUser(env.DB, TEST_SECRETS.SESSION_KEY, admin, { email: other.email, role: "triager" });
    const form = await (await fetcher.fetch(`https://localhost/oversight/invite/${token}`)).text();
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(form)![1]!;
    const signature = /name="signature" value="([^"]+)"/.exec(form)![1]!;
    const res = await fetcher.fetch(`https://localhost/oversight/invite/${token}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ secret, signature, name: "新用户", password: "a long enough password", code: totpCode(secret) }),
    });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("已有账户");
  });
});

describe("security L9: control characters in report text", () => {
  it.each([
    ["title", "每月重复填报\u0000种植面积表"],
    ["imposerName", "县农业\u0007农村局"],
    ["description", "同一组种植面积数据每月要向三个部门分别填报\u202e格式各不相同"],
    ["title", "每月重复填报\u0085种植面积表"],
  ])("refuses a control character in %s", async (field, value) => {
    const area = await makeArea();
    const res = await postJson("/api/reports", { ...validReport(area, { [field]: value }), altcha: await solvedAltcha() });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: { path: string; message: string }[] };
    expect(body.fields).toContainEqual(expect.objectContaining({ path: field, message: expect.stringContaining("包含无法显示的控制字符") }));
  });

  it("files a CRLF textarea from the no-JS form with LF line ends", async () => {
    const area = await makeArea();
    const description = "第一行：同一组种植面积数据每月要报三次。\r\n第二行：格式各不相同。\r第三行：每次两天。";
    const res = await postForm("/report", formFields(validReport(area, { description })));
    expect(res.status).toBe(201);
    const row = await env.DB.prepare("SELECT description FROM reports WHERE township_code = ?1").bind(area.township).first<{ description: string }>();
    expect(row!.description).toBe("第一行：同一组种植面积数据每月要报三次。\n第二行：格式各不相同。\n第三行：每次两天。");
  });
});

describe("security L9: control characters in what officials write on the oversight forms", () => {
  const post = (session: Session, path: string, fields: Record<string, string>) => postOversight(fetcher, path, session, { csrf: session.csrf, ...fields });
  const refusal = async (res: Response) => {
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("包含无法显示的控制字符");
  };

  it.each([
    ["notes", {}, "SELECT count(*) AS n FROM report_notes WHERE report_id = ?1"],
    ["messages", { kind: "message" }, "SELECT count(*) AS n FROM messages WHERE report_id = ?1"],
    ["messages", { kind: "public_reply" }, "SELECT count(*) AS n FROM messages WHERE report_id = ?1"],
  ] as const)("refuses a NUL or bidi override in %s %j and stores nothing; CRLF is stored as LF", async (form, extra, sql) => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "triager");
    const id = await makeReport(env.DB, { bodyId });
    for (const text of ["已电话核实\u0000情况属实", "已核实\u202e情况属实", "已核实\u0085情况属实"])
      await refusal(await post(session, `/oversight/reports/${id}/${form}`, { ...extra, text }));
    expect(await count(sql, id)).toBe(0);
    expect((await post(session, `/oversight/reports/${id}/${form}`, { ...extra, text: "第一行\r\n第二行\r第三行" })).status).toBe(303);
    const table = form === "notes" ? "report_notes" : "messages";
    expect((await env.DB.prepare(`SELECT text FROM ${table} WHERE report_id = ?1`).bind(id).first<{ text: string }>())!.text).toBe("第一行\n第二行\n第三行");
  });

  it("refuses a control character in a finding or a remedy, and the report does not move", async () => {
    const { bodyId, session } = await makeBodyWithUser(env.DB, "triager");
    const id = await makeReport(env.DB, { bodyId, status: "investigating" });
    await refusal(await post(session, `/oversight/reports/${id}/transition`, { action: "find_substantiated", finding: "经核查\u0007属实" }));
    await refusal(await post(session, `/oversight/reports/${id}/transition`, { action: "find_unsubstantiated", finding: "经核查\u202e不属实" }));
    expect((await env.DB.prepare("SELECT status FROM reports WHERE id = ?1").bind(id).first<{ status: string }>())!.status).toBe("investigating");
    expect((await post(session, `/oversight/reports/${id}/transition`, { action: "find_substantiated", finding: "经核查，\r\n确有重复填报。" })).status).toBe(
      303,
    );
    await refusal(await post(session, `/oversight/reports/${id}/transition`, { action: "require_remedy", remedy: "合并\u001b为一张表" }));
    expect((await env.DB.prepare("SELECT status FROM reports WHERE id = ?1").bind(id).first<{ status: string }>())!.status).toBe("substantiated");
  });

  it("sends a summary with a control character back to its form with the text kept, and stores none", async () => {
    const bodyId = await makeBody(env.DB);
    const admin = await makeSession(env.DB, (await makeUser(env.DB, bodyId, "admin")).id);
    const id = await makeReport(env.DB, { bodyId, status: "closed" as never, outcome: "remedied" });
    await env.DB.prepare("UPDATE reports SET publish_consent = 1, concluded_on = '2025-10-15', closed_on = '2025-10-20' WHERE id = ?1").bind(id).run();
    const text = "经核查，县直部门要求乡镇每月重复填报同一组数据属实，\u202e已责令合并为一张表并停止另行报送。";
    const res = await post(admin, `/oversight/reports/${id}/summary`, { step: "draft", text });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("包含无法显示的控制字符");
    expect(html).toContain("已责令合并为一张表");
    expect(await count("SELECT count(*) AS n FROM report_summaries WHERE report_id = ?1", id)).toBe(0);
    expect((await post(admin, `/oversight/reports/${id}/summary`, { step: "draft", text: text.replace("\u202e", "\r\n") })).status).toBe(303);
    expect((await env.DB.prepare("SELECT text FROM report_summaries WHERE report_id = ?1").bind(id).first<{ text: string }>())!.text).toContain(
      "属实，\n已责令",
    );
  });
});

describe("security M7: login races", () => {
  it("counts every one of 10 concurrent wrong passwords and locks the account", async () => {
    const user = await makeUser(env.DB, await makeBody(env.DB));
    await Promise.all(Array.from({ length: 10 }, () => login({ email: user.email, password: "wrong password!!", code: "000000" })));
    const row = await env.DB.prepare("SELECT locked_until FROM users WHERE id = ?1").bind(user.id).first<{ locked_until: number }>();
    expect(row!.locked_until).toBeGreaterThan(Date.now());
  });

  it("lets only one of 3 concurrent sign-ins with the same TOTP code through", async () => {
    const user = await makeUser(env.DB, await makeBody(env.DB));
    const code = totpCode(user.totpSecret);
    const results = await Promise.all(Array.from({ length: 3 }, () => login({ email: user.email, password: TEST_PASSWORD, code })));
    expect(results.filter((r) => r.status === 303).length).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?1", user.id)).toBe(1);
  });
});

describe("security L11: login abuse", () => {
  it("limits sign-in attempts per source, not only per account", async () => {
    const source = randomAddress();
    const statuses: number[] = [];
    // LOGIN_LIMITER allows 10 a minute; 25 attempts put more than 10 into one window even across a minute boundary.
    for (let i = 0; i < 25; i++)
      statuses.push(
        (await login({ email: `spray-${i}-${crypto.randomUUID()}@example.org`, password: "Winter2026!!", code: "000000" }, { "cf-connecting-ip": source }))
          .status,
      );
    expect(statuses).toContain(429);
  });

  it("answers a locked account exactly as a wrong password or an unknown address", async () => {
    const user = await makeUser(env.DB, await makeBody(env.DB));
    for (let i = 0; i < MAX_FAILED; i++) await login({ email: user.email, password: "wrong password!!", code: "000000" });
    const locked = await login({ email: user.email, password: TEST_PASSWORD, code: totpCode(user.totpSecret) });
    const other = await makeUser(env.DB, await makeBody(env.DB));
    const wrong = await login({ email: other.email, password: "wrong password!!", code: "000000" });
    const unknown = await login({ email: `nobody-${crypto.randomUUID()}@example.org`, password: "wrong password!!", code: "000000" });
    const strip = (html: string) => html.replace(/value="[^"]*"/g, "");
    const [a, b, c] = await Promise.all([locked, wrong, unknown].map(async (r) => strip(await r.text())));
    expect([locked.status, wrong.status, unknown.status]).toEqual([401, 401, 401]);
    expect(a).toBe(b);
    expect(b).toBe(c);
  });
});

describe("security L7: adding a passkey needs a recent sign-in, and signing out everywhere can remove recent passkeys", () => {
  const post = (path: string, session: { cookie: string; csrf: string }, fields: Record<string, string> = {}) =>
    fetcher.fetch(`https://localhost/oversight${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: session.cookie, "cf-connecting-ip": randomAddress() },
      body: new URLSearchParams({ csrf: session.csrf, ...fields }),
    });

  it("refuses passkey registration on a session signed in more than 5 minutes ago until password and code are given again", async () => {
    const { user, session } = await makeBodyWithUser(env.DB, "triager");
    await env.DB.prepare("UPDATE sessions SET reauth_at = ?2 WHERE user_id = ?1")
      .bind(user.id, Date.now() - 6 * 60_000)
      .run();
    expect((await post("/account/passkeys/options", session)).status).toBe(403);
    const wrong = await post("/account/reauth", session, { password: "wrong password!!", code: totpCode(user.totpSecret) });
    expect(wrong.status).toBe(401);
    expect((await post("/account/passkeys/options", session)).status).toBe(403);
    const ok = await post("/account/reauth", session, { password: TEST_PASSWORD, code: totpCode(user.totpSecret) });
    expect(ok.status).toBe(303);
    expect((await post("/account/passkeys/options", session)).status).toBe(200);
  });

  it("lists the passkeys with their creation day before signing out everywhere, and removes the recent ones on request", async () => {
    const { user, session } = await makeBodyWithUser(env.DB, "triager");
    const day = 86_400_000;
    const add = (id: string, name: string, createdAt: number) =>
      env.DB.prepare("INSERT INTO passkeys (credential_id, user_id, public_key, counter, transports, name, created_at) VALUES (?1, ?2, 'pk', 0, '[]', ?3, ?4)")
        .bind(id, user.id, name, createdAt)
        .run();
    await add(`old-${user.id}`, "办公室电脑", Date.now() - 30 * day);
    await add(`new-${user.id}`, "陌生设备", Date.now() - day);
    const confirm = await post("/logout-everywhere", session);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain("陌生设备");
    expect(html).toContain(beijingToday(new Date(Date.now() - day)));
    const out = await post("/logout-everywhere", session, { passkeys: "remove_recent" });
    expect(out.status).toBe(303);
    const left = (await env.DB.prepare("SELECT name FROM passkeys WHERE user_id = ?1").bind(user.id).all<{ name: string }>()).results.map((r) => r.name);
    expect(left).toEqual(["办公室电脑"]);
    expect(await count("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?1", user.id)).toBe(0);
  });
});
