import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { Secret, TOTP } from "otpauth";
import { addVirtualAuthenticator, axeViolations, launchBrowser, openPage } from "../support/browser.ts";
import { E2E_STATE } from "../support/server.ts";
import { hashPassword } from "../../worker/auth/password.ts";
import { d1Query } from "../../scripts/lib/run.ts";
import { sql } from "../../worker/db/sql-literal.ts";

/**
 * Passkeys in Chromium with a virtual authenticator (CDP WebAuthn domain: CTAP2, internal,
 * resident keys, user verification): a user signs in with password + TOTP, adds a passkey on the
 * account page, signs out and signs in again with the passkey alone. The passkey script comes
 * from /_astro under the shell's CSP: any CSP report would be a console error.
 */
// "localhost", not 127.0.0.1: Chromium accepts the Secure session cookie on http://localhost only, and WebAuthn needs a secure context.
const origin = inject("origin").replace("127.0.0.1", "localhost");
const target = { remote: false, persistTo: E2E_STATE };
const USER = { id: "e2e-passkey", email: "passkey@e2e.qingdan.invalid", password: "a passkey e2e password", totpSecret: "ONSWG4TFOQQHA2LTONVWK6JAMNXWIZLT" };
let browser: Browser;

const code = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate();

beforeAll(async () => {
  browser = await launchBrowser();
  const hash = await hashPassword(USER.password);
  d1Query(
    `INSERT OR IGNORE INTO oversight_bodies (id, name, kind, level, area_code, joined, demo) VALUES ('e2e-passkey-body', '【测试】通行密钥机构', 'discipline_commission', 'county', '431028', 1, 0);
     INSERT INTO users (id, body_id, email, display_name, role, password_hash, totp_secret, created_at) VALUES (${sql(USER.id)}, 'e2e-passkey-body', ${sql(USER.email)}, '通行密钥用户', 'triager', ${sql(hash)}, ${sql(USER.totpSecret)}, 0)
     ON CONFLICT (email) DO UPDATE SET totp_last_step = 0, failed_logins = 0, locked_until = 0, disabled = 0;
     DELETE FROM passkeys WHERE user_id = ${sql(USER.id)}`,
    target,
  );
});
afterAll(async () => {
  await browser?.close();
});

describe("passkeys in Chromium", () => {
  it("adds a passkey after a password + TOTP sign-in, then signs in with it alone", async () => {
    const { page, context, errors } = await openPage(browser);
    const authenticator = await addVirtualAuthenticator(page);

    // Given a user signed in with password and TOTP (the password form works as before).
    await page.goto(`${origin}/oversight/login`);
    await page.getByRole("button", { name: "使用通行密钥登录" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("电子邮箱").fill(USER.email);
    await page.getByLabel("密码").fill(USER.password);
    await page.getByLabel("验证器六位动态码").fill(code(USER.totpSecret));
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL(`${origin}/oversight`);

    // When they add a passkey on the account page.
    await page.getByRole("link", { name: "账户与通行密钥" }).click();
    await page.waitForURL(`${origin}/oversight/account`);
    expect(await page.getByText("添加通行密钥需要启用 JavaScript").isVisible()).toBe(false);
    await page.getByLabel(/^名称/).fill("测试电脑");
    await page.getByRole("button", { name: "添加通行密钥" }).click();
    await page.waitForURL(`${origin}/oversight/account?done=added`);
    await expect(page.getByRole("table", { name: "您的通行密钥" }).getByRole("cell", { name: "测试电脑", exact: true }).textContent()).resolves.toBe(
      "测试电脑",
    );
    expect(await authenticator.credentials()).toHaveLength(1);
    expect(await axeViolations(page)).toEqual([]);

    // Then, signed out, the passkey alone (with user verification) signs them in.
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(`${origin}/oversight/login`);
    await page.getByRole("button", { name: "使用通行密钥登录" }).click();
    await page.waitForURL(`${origin}/oversight`);
    // The signed-in user is named in the back-office header, beside the body (issue 14 item 1).
    await expect(page.locator(".backoffice-who").textContent()).resolves.toContain("通行密钥用户");

    const audit = d1Query<{ action: string; detail: string | null }>(
      `SELECT action, detail FROM audit_log WHERE user_id = ${sql(USER.id)} ORDER BY id DESC LIMIT 1`,
      target,
    );
    expect(audit).toEqual([{ action: "login", detail: "passkey" }]);
    const stored = d1Query<{ name: string; counter: number }>(`SELECT name, counter FROM passkeys WHERE user_id = ${sql(USER.id)}`, target);
    expect(stored).toEqual([{ name: "测试电脑", counter: expect.any(Number) }]);
    // No CSP violation, script or network error on any page of the flow.
    expect(errors).toEqual([]);
    await context.close();
  });

  it("security L7: asks for password and code again on an older session, and lists passkeys before signing out everywhere", async () => {
    const { page, context, errors } = await openPage(browser);
    await page.goto(`${origin}/oversight/login`);
    await page.getByLabel("电子邮箱").fill(USER.email);
    await page.getByLabel("密码").fill(USER.password);
    // A fresh code step: the first test used the current one.
    await page
      .getByLabel("验证器六位动态码")
      .fill(new TOTP({ secret: Secret.fromBase32(USER.totpSecret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL(`${origin}/oversight`);
    // The sign-in was more than 5 minutes ago.
    d1Query(`UPDATE sessions SET reauth_at = 0 WHERE user_id = ${sql(USER.id)}`, target);
    await page.goto(`${origin}/oversight/account`);
    await page.getByRole("button", { name: "确认身份" }).waitFor();
    expect(await page.getByRole("button", { name: "添加通行密钥" }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `.tmp/screens/account-reauth-${width}.png`, fullPage: true });
    }
    await page.getByRole("button", { name: "在所有设备退出" }).click();
    await page.getByRole("button", { name: /^退出并删除最近/ }).waitFor();
    await expect(page.getByRole("table", { name: "您的通行密钥" }).textContent()).resolves.toContain("测试电脑");
    expect(await axeViolations(page)).toEqual([]);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `.tmp/screens/logout-everywhere-${width}.png`, fullPage: true });
    }
    await page.getByRole("button", { name: "仅退出，保留通行密钥" }).click();
    await page.waitForURL(`${origin}/oversight/login`);
    expect(d1Query(`SELECT name FROM passkeys WHERE user_id = ${sql(USER.id)}`, target)).toEqual([{ name: "测试电脑" }]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps the sign-in page to password + TOTP without JavaScript", async () => {
    const { page, context } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin}/oversight/login`);
    expect(await page.getByRole("button", { name: "使用通行密钥登录" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "登录", exact: true }).isVisible()).toBe(true);
    await context.close();
  });
});
