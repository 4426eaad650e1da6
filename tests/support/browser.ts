/**
 * Browser helpers: Debian's Chromium driven by playwright-core (tools that download their
 * own browser cannot work offline), axe for accessibility, console-error capture.
 */
import { execFileSync } from "node:child_process";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { afterAll, beforeAll, expect } from "vitest";

export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Chromium not found: apt-get install chromium fonts-noto-cjk (see README)");
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

export interface PageWithErrors {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
}

/** A fresh context (no shared cookies) and page; `javaScriptEnabled: false` for the no-JS paths. */
export async function openPage(browser: Browser, options: { javaScriptEnabled?: boolean; locale?: string } = {}): Promise<PageWithErrors> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, locale: options.locale ?? "zh-CN" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return { context, page, errors };
}

/**
 * One browser for a test file, launched before its tests and closed after them, and `withPage`,
 * which runs `fn` on a fresh page (JavaScript on unless told) and closes its context afterwards.
 */
export function useBrowser() {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const launched = () => browser ?? expect.fail("the browser is launched in beforeAll");
  async function withPage<T>(fn: (page: Page, errors: string[]) => Promise<T>, javaScriptEnabled = true): Promise<T> {
    const { page, context, errors } = await openPage(launched(), { javaScriptEnabled });
    try {
      return await fn(page, errors);
    } finally {
      await context.close();
    }
  }
  return { browser: launched, withPage };
}

/** Cells narrower than 4em whose text runs at two characters or fewer per line (names read down the screen). */
export async function squeezedCells(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const cell of document.querySelectorAll<HTMLElement>("th, td")) {
      const text = (cell.innerText ?? "").replace(/\s+/g, "");
      const box = cell.getBoundingClientRect();
      if (text.length <= 2 || box.width === 0) continue;
      const em = Number.parseFloat(getComputedStyle(cell).fontSize);
      if (box.width >= 4 * em) continue;
      const range = document.createRange();
      range.selectNodeContents(cell);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      if (lines > 1 && text.length / lines <= 2) out.push(`${text.slice(0, 20)} (${Math.round(box.width)}px, ${lines} lines)`);
    }
    return out;
  });
}

/** How far the page is wider than the screen (px); 0 or less: no horizontal overflow. */
export const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** One axe violation, as the tests compare them. */
export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * axe with the WCAG 2.x A/AA rule sets; returns the violations (expect them to be empty).
 * axe never finishes in a context with JavaScript off (it hung the no-JS tests until their
 * timeout): pass `{ javaScript: false }` there, and the page's HTML, scripts removed, is served
 * again at the same address in a JS-on context (same origin, styles and CSP) and checked there.
 */
export async function axeViolations(page: Page, options: { javaScript?: boolean } = {}): Promise<AxeViolation[]> {
  if (options.javaScript === false) return axeViolationsOfCopy(page);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
}

/** axe on a JS-on copy of a no-JS page: what the server rendered, with no island altering it. */
async function axeViolationsOfCopy(page: Page): Promise<AxeViolation[]> {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const url = page.url();
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true, locale: "zh-CN", viewport: page.viewportSize() });
  try {
    const copy = await context.newPage();
    await copy.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
    await copy.goto(url);
    return await axeViolations(copy);
  } finally {
    await context.close();
  }
}

/**
 * A virtual platform authenticator for this page (CDP WebAuthn domain: CTAP2, internal, resident
 * keys, user verification), as a phone or laptop with a fingerprint reader.
 */
export async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { credentials: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials };
}
