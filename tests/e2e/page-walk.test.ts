/**
 * Every page type at a phone's width and a desktop's (issue 14 item 4, UX 6, 37, 38): no
 * horizontal overflow, no table cell narrower than 4em whose text wraps to two characters or
 * fewer per line, no serious or critical axe issue. Screenshots go to test-results/page-walk/
 * (git-ignored) for people to look at.
 */
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { Secret, TOTP } from "otpauth";
import { axeViolations, launchBrowser, overflow, squeezedCells } from "../support/browser.ts";
import { E2E_STATE } from "../support/server.ts";
import { seedDemoUsers } from "../../scripts/seed-demo-users.ts";
import { hashPassword } from "../../worker/auth/password.ts";
import { d1Query } from "../../scripts/lib/run.ts";
import { sql } from "../../worker/db/sql-literal.ts";

// "localhost": Chromium keeps the Secure session cookie on http://localhost only.
const origin = inject("origin").replace("127.0.0.1", "localhost");
const target = { remote: false, persistTo: E2E_STATE };
const SHOTS = "test-results/page-walk";
const WIDTHS = [390, 1280] as const;
/** An admin of the demo admin's body of its own, so this walk's sign-in never meets another test's TOTP step. */
const WALKER = { email: "walker@e2e.qingdan.invalid", password: "page-walk-password-1", totpSecret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" };

interface Walked {
  name: string;
  path: string;
  /** What the page must answer (404 and 410 pages are pages too). */
  status?: number;
  /** Arrive at the state to check (a form submitted empty, …) after loading `path`. */
  then?: (page: Page) => Promise<void>;
  oversight?: true;
  /** Seen by someone not signed in (the sign-in page sends a signed-in officer to the inbox). */
  signedOut?: true;
}

const PAGES: Walked[] = [
  { name: "home", path: "/" },
  { name: "province", path: "/r/43/" },
  { name: "prefecture", path: "/r/4310/" },
  { name: "county", path: "/r/431027/" },
  { name: "township", path: "/r/431027100/" },
  { name: "township-history", path: "/r/431027100/history/" },
  { name: "township-no-list", path: "/r/431027102/" },
  { name: "measures", path: "/measures/" },
  { name: "measure", path: "/measures/2024-guidong-30-village-items/" },
  { name: "search", path: `/search/?q=${encodeURIComponent("南华村")}` },
  { name: "check", path: "/check/" },
  { name: "check-answer", path: `/check/find?township=431027100&task=${encodeURIComponent("动物检疫")}` },
  { name: "report", path: "/report?township=431027100" },
  {
    name: "report-errors",
    path: "/report?township=431027100",
    then: async (page) => {
      await page.locator("form.report-form").evaluate((f: HTMLFormElement) => f.setAttribute("novalidate", ""));
      await Promise.all([page.waitForLoadState("load"), page.locator('form.report-form [type="submit"]').last().click()]);
      await page.locator(".error-summary").waitFor();
    },
  },
  { name: "report-receipt", path: "/report?township=431027100", then: async (page) => void (await fileReport(page)) },
  {
    name: "report-next-steps",
    path: "/report?township=431027100",
    then: async (page) => {
      const code = await fileReport(page);
      await page.getByLabel("请输入回执码的最后一组").fill(code.slice(-4));
      await page.getByRole("button", { name: "我已保存，继续" }).click();
      await page.getByRole("heading", { name: "接下来会怎样" }).waitFor();
    },
  },
  { name: "track", path: "/track" },
  {
    name: "track-result",
    path: "/track",
    then: async (page) => {
      await page.getByLabel("回执码").fill(lastCode!);
      await page.getByRole("button", { name: "查询" }).click();
      await page.locator(".track-status").waitFor();
    },
  },
  { name: "stats", path: "/stats" },
  { name: "stats-area", path: "/stats?area=431027" },
  { name: "about", path: "/about/" },
  { name: "join", path: "/join/" },
  { name: "data", path: "/data/" },
  { name: "coverage", path: "/coverage/" },
  { name: "coverage-province", path: "/coverage/43/" },
  { name: "coverage-pending", path: "/coverage/pending" },
  { name: "contribute", path: "/contribute?township=431027102" },
  { name: "en-home", path: "/en/" },
  { name: "en-about", path: "/en/about/" },
  { name: "en-join", path: "/en/join/" },
  { name: "not-found", path: "/r/999999999/", status: 404 },
  { name: "en-not-found", path: "/en/nothing-here/", status: 404 },
  { name: "oversight-login", path: "/oversight/login", signedOut: true },
  { name: "oversight-inbox", path: "/oversight", oversight: true },
  { name: "oversight-case", path: "/oversight/reports/demo-report-2", oversight: true },
  { name: "oversight-audit", path: "/oversight/audit", oversight: true },
  { name: "oversight-users", path: "/oversight/users", oversight: true },
  { name: "oversight-account", path: "/oversight/account", oversight: true },
];

/** The code of the report the walk filed last (the track result shows it). */
let lastCode: string | undefined;

/** Files a report on the form as a reporter would (the island solves the proof of work) and returns its code. */
async function fileReport(page: Page): Promise<string> {
  await page.getByLabel("加负担的单位或部门").fill("桂东县农业农村局");
  await page.getByLabel("该单位的级别").selectOption("county");
  await page.getByLabel("负担类别").selectOption("forms");
  await page.getByLabel("标题").fill(`每月重复填报种植面积表（页面巡检 ${Date.now()}）`);
  await page.getByLabel("具体情况").fill("同一组种植面积数据每月要向三个部门分别填报，格式各不相同，每次要花两天时间。");
  await page.getByRole("button", { name: "匿名提交" }).click();
  await page.locator(".receipt-code").waitFor({ timeout: 90_000 });
  lastCode = ((await page.locator(".receipt-code").textContent()) ?? "").replace(/\s/g, "");
  return lastCode;
}

let browser: Browser;
const contexts = new Map<string, BrowserContext>();

async function signIn(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(`${origin}/oversight/login`);
  await page.getByLabel("电子邮箱").fill(WALKER.email);
  await page.getByLabel("密码").fill(WALKER.password);
  await page.getByLabel("验证器六位动态码").fill(new TOTP({ secret: Secret.fromBase32(WALKER.totpSecret), digits: 6, period: 30 }).generate());
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL(`${origin}/oversight`);
  await page.close();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
  await seedDemoUsers(target);
  const hash = await hashPassword(WALKER.password);
  d1Query(
    `INSERT INTO users (id, body_id, email, display_name, role, password_hash, totp_secret, created_at)
       SELECT 'e2e-walker', body_id, ${sql(WALKER.email)}, '页面巡检员', 'admin', ${sql(hash)}, ${sql(WALKER.totpSecret)}, 0 FROM users WHERE id = 'demo-admin'
     ON CONFLICT (email) DO UPDATE SET body_id = excluded.body_id, totp_last_step = 0, failed_logins = 0, locked_until = 0, disabled = 0`,
    target,
  );
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "zh-CN" });
    contexts.set(String(width), context);
  }
  // One sign-in for both widths: the session cookie is copied, so the walk spends one TOTP step.
  const signedIn = contexts.get("1280")!;
  await signIn(signedIn);
  await contexts.get("390")!.addCookies(await signedIn.cookies());
}, 240_000);
afterAll(async () => {
  for (const context of contexts.values()) await context.close();
  await browser?.close();
});

describe.each(WIDTHS)("every page type at %i px", (width) => {
  it.each(PAGES.map((p) => [p.name, p] as const))("%s", async (name, walked) => {
    const context = walked.signedOut ? await browser.newContext({ viewport: { width, height: 900 }, locale: "zh-CN" }) : contexts.get(String(width))!;
    const page = await context.newPage();
    const res = await page.goto(`${origin}${walked.path}`);
    expect(res?.status(), `${name}: status`).toBe(walked.status ?? 200);
    if (walked.oversight) expect(page.url(), `${name}: signed in`).not.toContain("/login");
    await walked.then?.(page);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    expect(await overflow(page), `${name}: horizontal overflow (px)`).toBeLessThanOrEqual(0);
    expect(await squeezedCells(page), `${name}: squeezed table cells`).toEqual([]);
    const serious = (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious, `${name}: serious axe issues`).toEqual([]);
    await page.close();
    if (walked.signedOut) await context.close();
  });
});
