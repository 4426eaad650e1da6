import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { Secret, TOTP } from "otpauth";
import { addVirtualAuthenticator, axeViolations, launchBrowser, openPage, overflow, squeezedCells } from "../support/browser.ts";
import { E2E_STATE } from "../support/server.ts";
import { hashPassword } from "../../worker/auth/password.ts";
import { d1Query } from "../../scripts/lib/run.ts";
import { sql } from "../../worker/db/sql-literal.ts";

/**
 * The editors' desk in Chromium (issue 12 item 2): an editor signs in with password + TOTP, opens
 * the queue and a county file's contribution, records where one township's part is and starts the
 * review, all without scripts on the pages; then adds a passkey on the account page, signs in with
 * it, reads the audit page and marks a duplicate from the county's other contributions. Axe and the
 * page walk's layout checks at 390 and 1280 px on every desk page. Screenshots go to
 * test-results/editor-desk/ for a look.
 */
const origin = inject("origin").replace("127.0.0.1", "localhost");
const target = { remote: false, persistTo: E2E_STATE };
const EDITOR = { email: "editor@e2e.qingdan.invalid", password: "an-editor-demo-password", totpSecret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" };
const CONTRIBUTION = "e2e-contribution-county-file";
/** An earlier hand-in of the same county: the duplicate picker offers it. */
const EARLIER = "e2e-contribution-earlier";
let browser: Browser;
let township: string;

const code = () => new TOTP({ secret: Secret.fromBase32(EDITOR.totpSecret), digits: 6, period: 30, algorithm: "SHA1" }).generate();

beforeAll(async () => {
  browser = await launchBrowser();
  township = d1Query<{ code: string }>("SELECT code FROM divisions WHERE parent_code = '431021' AND level = 'township' ORDER BY code LIMIT 1", target)[0]!.code;
  const hash = await hashPassword(EDITOR.password);
  d1Query(
    `INSERT INTO editors (id, email, password_hash, totp_secret, created_at) VALUES ('e2e-editor', ${sql(EDITOR.email)}, ${sql(hash)}, ${sql(EDITOR.totpSecret)}, 0)
       ON CONFLICT (email) DO UPDATE SET totp_last_step = 0, failed_logins = 0, locked_until = 0, disabled = 0;
     DELETE FROM editor_passkeys WHERE user_id = 'e2e-editor';
     DELETE FROM contributions WHERE id IN (${sql(CONTRIBUTION)}, ${sql(EARLIER)});
     INSERT INTO contributions (id, code_hash, kind, county_code, townships, whole_county, url, government_host, received_on)
       VALUES (${sql(EARLIER)}, 'v1:e2e-editor-desk-earlier', 'list', '431021', ${sql(JSON.stringify([township]))}, 0, 'https://xxgk.example.gov.cn/2025/list.pdf', 1, '2026-11-28');
     INSERT INTO contributions (id, code_hash, kind, county_code, townships, whole_county, url, government_host, note, received_on, preview)
       VALUES (${sql(CONTRIBUTION)}, 'v1:e2e-editor-desk', 'list', '431021', '[]', 1, 'https://www.example.gov.cn/xxgk/2025/qingdan.html', 1, '第二张表是配合履职事项。', '2026-11-30',
       ${sql(JSON.stringify([{ township, written: "x.yaml", counts: { basic: 31, assisting: 12, returned: 4 }, unmapped: ["附件2"], problems: ["r 9"] }]))})`,
    target,
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function look(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/editor-desk/${name}-${width}.png`, fullPage: true });
    expect(await axeViolations(page), `${name} at ${width}px`).toEqual([]);
    // The page walk's layout checks (tests/e2e/page-walk.test.ts), for the desk's pages.
    expect(await overflow(page), `${name} at ${width}px: horizontal overflow (px)`).toBeLessThanOrEqual(0);
    expect(await squeezedCells(page), `${name} at ${width}px: squeezed table cells`).toEqual([]);
  }
}

describe("the editors' desk in a browser", () => {
  it("signs in, lists the queue, opens a county file and records a township's part", async () => {
    const { page, errors, context } = await openPage(browser);
    await page.goto(`${origin}/editor`);
    await page.waitForURL(`${origin}/editor/login`);
    await look(page, "login");
    await page.getByLabel("电子邮箱").fill(EDITOR.email);
    await page.getByLabel("密码").fill(EDITOR.password);
    await page.getByLabel("验证器六位动态码").fill(code());
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL(`${origin}/editor`);
    await look(page, "queue");
    await page.locator(`a[href="/editor/c/${CONTRIBUTION}"]`).click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await look(page, "contribution");
    await page.getByRole("button", { name: /开始核对/ }).click();
    await page
      .getByLabel(/在文件中的位置$/)
      .first()
      .selectOption("sheet");
    await page
      .getByLabel(/的工作表名、标题或页码$/)
      .first()
      .fill("清泉镇");
    await page.getByLabel("版本（例如 2025 或 2025-1）").fill("2025");
    await page.getByRole("button", { name: "保存导入信息" }).click();
    await page.getByRole("button", { name: "标记为可以导入" }).waitFor();
    const row = d1Query<{ status: string; township_parts: string; version: string }>(
      `SELECT status, township_parts, version FROM contributions WHERE id = ${sql(CONTRIBUTION)}`,
      target,
    )[0]!;
    expect(row.status).toBe("reviewing");
    expect(row.version).toBe("2025");
    expect(JSON.parse(row.township_parts)).toEqual([{ township, sheet: "清泉镇" }]);
    await look(page, "contribution-reviewing");
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("adds a passkey on the desk's account page, signs in with it alone, reads the audit and picks a duplicate", async () => {
    const { page, errors, context } = await openPage(browser);
    const authenticator = await addVirtualAuthenticator(page);
    await page.goto(`${origin}/editor/login`);
    await page.getByRole("button", { name: "使用通行密钥登录" }).waitFor();
    await page.getByLabel("电子邮箱").fill(EDITOR.email);
    await page.getByLabel("密码").fill(EDITOR.password);
    // A fresh code step: the first test used the current one.
    await page
      .getByLabel("验证器六位动态码")
      .fill(new TOTP({ secret: Secret.fromBase32(EDITOR.totpSecret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL(`${origin}/editor`);

    await page.getByRole("link", { name: "账户与通行密钥" }).click();
    await page.waitForURL(`${origin}/editor/account`);
    await look(page, "account");
    await page.getByLabel(/^名称/).fill("编辑台电脑");
    await page.getByRole("button", { name: "添加通行密钥" }).click();
    await page.waitForURL(`${origin}/editor/account?done=added`);
    expect(await authenticator.credentials()).toHaveLength(1);
    await look(page, "account-added");

    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(`${origin}/editor/login`);
    await page.getByRole("button", { name: "使用通行密钥登录" }).click();
    await page.waitForURL(`${origin}/editor`);

    await page.getByRole("link", { name: "审计记录" }).click();
    await page.waitForURL(`${origin}/editor/audit`);
    await expect(page.getByRole("table", { name: "审计记录，最新的在前" }).textContent()).resolves.toContain("添加通行密钥");
    await look(page, "audit");

    await page.goto(`${origin}/editor/c/${CONTRIBUTION}`);
    await page.getByLabel(/2026-11-28收到 · .+ · xxgk\.example\.gov\.cn/).check();
    await page.getByRole("button", { name: "保存重复标记" }).click();
    await page.getByRole("link", { name: "打开原来的那份上报" }).waitFor();
    expect(d1Query<{ duplicate_of: string }>(`SELECT duplicate_of FROM contributions WHERE id = ${sql(CONTRIBUTION)}`, target)[0]!.duplicate_of).toBe(EARLIER);
    const audit = d1Query<{ action: string; detail: string | null }>(
      "SELECT action, detail FROM editor_audit WHERE editor_id = 'e2e-editor' AND action IN ('login', 'passkey_added') ORDER BY id DESC LIMIT 2",
      target,
    );
    expect(audit).toEqual([
      { action: "login", detail: "passkey" },
      { action: "passkey_added", detail: "编辑台电脑" },
    ]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
