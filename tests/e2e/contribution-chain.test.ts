/**
 * Issue 12's "Done when", end to end in Chromium, once without JavaScript and once with it: a
 * resident hands in a gov.cn URL and an .xlsx for 清泉镇 on its township page and gets a
 * contribution code → an editor (made with `npm run admin -- create-editor`) signs in at
 * /editor/login, records issuer, document number, dates, version and where 清泉镇's part is, and
 * marks it import-ready → `npm run contributions:pull` writes the YAML draft into a copy of data/,
 * and `npm run check:data` passes on that copy → `npm run build` of the copy, served by a second
 * `wrangler dev` on a copy of the e2e state, shows 清泉镇's list with its source → the contribution
 * reads 已收录 with the link. With JavaScript the upload shows its progress up to 100 %.
 *
 * The repo's data/ and the served dist/ stay as they are (other files rely on 清泉镇 having no
 * list). Screenshots of the hand-in form, the code page, the editor's page and the rebuilt
 * township page go to .tmp/shots/chain/, each page passes axe at 390 and 1280 px.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import ExcelJS from "exceljs";
import { parse } from "yaml";
import { Secret, TOTP } from "otpauth";
import { axeViolations, launchBrowser, openPage, overflow } from "../support/browser.ts";
import { E2E_STATE, E2E_VARS } from "../support/server.ts";
import { d1Query, OFFLINE_ENV } from "../../scripts/lib/run.ts";
import { freePort, startWranglerDev, type WranglerDev } from "../../scripts/lib/wrangler-dev.ts";
import { sql } from "../../worker/db/sql-literal.ts";
import { DutyList } from "../../data/schema/index.ts";

// The desk's session cookie is only kept on a host Chromium treats as secure over http (as in editor-desk.test.ts).
const origin = inject("origin").replace("127.0.0.1", "localhost");
const QINGQUAN = "431027102";
const target = { remote: false, persistTo: E2E_STATE };
const SHOTS = ".tmp/shots/chain";
/** This run's mark in URLs and addresses: the e2e state persists between runs. */
const RUN = randomBytes(4).toString("hex");
const ISSUER = "桂东县人民政府";

const ITEMS = {
  basic: ["加强清泉镇党委自身建设", "组织实施农村人居环境整治", "做好辖区退役军人服务保障"],
  assisting: ["配合开展森林防火巡查", "配合做好耕地保护监督"],
  returned: ["生猪屠宰检疫", "农村建房规划审批"],
};

let browser: Browser;
const servers: WranglerDev[] = [];
const roots: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  for (const server of servers) server.stop();
  await browser?.close();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/**
 * 清泉镇's list as a county publishes it: one sheet, the three parts under their headings. With
 * `seal`, the scanned seal such files carry (2 MB of image data), so the upload takes long enough
 * to report its progress.
 */
async function listFile(seal: boolean): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet("清泉镇");
  const rows: (string | null)[][] = [
    ["桂东县清泉镇履职事项清单", null, null, null],
    ["一、基本履职事项", null, null, null],
    ["序号", "类别（领域）", "事项名称", "履职依据"],
    ...ITEMS.basic.map((name, i) => [String(i + 1), "党的建设", name, null]),
    ["二、配合履职事项", null, null, null],
    ["序号", "事项名称", "对应上级部门", "乡镇（街道）配合职责"],
    ...ITEMS.assisting.map((name, i) => [String(i + 1), name, "县林业局", "巡查并报告"]),
    ["三、上级部门收回事项", null, null, null],
    ["序号", "事项名称", "承接部门", "工作方式"],
    ...ITEMS.returned.map((name, i) => [String(i + 1), name, "县农业农村局", "由县级部门直接办理"]),
  ];
  rows.forEach((row) => ws.addRow(row));
  if (seal) ws.addImage(workbook.addImage({ buffer: randomBytes(2 * 1024 * 1024) as unknown as ExcelJS.Buffer, extension: "png" }), "F1:H6");
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Screenshots at 390 and 1280 px (LOOK at them), axe and no horizontal overflow at both. */
async function look(page: Page, name: string, js: boolean) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    expect(await axeViolations(page, { javaScript: js }), `${name} at ${width}px`).toEqual([]);
    expect(await overflow(page), `${name} at ${width}px: horizontal overflow (px)`).toBeLessThanOrEqual(0);
  }
}

/** An npm script as the maintainer runs it; its exit code and output. */
function npm(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync("npm", ["run", "--silent", ...args], { encoding: "utf8", env: { ...process.env, ...OFFLINE_ENV, ...env }, timeout: 300_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Step 1: the hand-in from 清泉镇's page; returns the contribution code. */
async function handIn(page: Page, url: string, js: boolean, name: string): Promise<string> {
  await page.goto(`${origin}/r/${QINGQUAN}/`);
  await page.getByRole("link", { name: "上报官方清单" }).click();
  await page.waitForURL(/\/contribute\?township=431027102$/);
  await page.getByLabel("发布网址").fill(url);
  await page.locator("#field-file").setInputFiles({
    name: "清泉镇履职事项清单.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await listFile(js),
  });
  await look(page, `${name}-form`, js);
  if (js) {
    // Every status line and progress value the script writes, kept on window (the answer replaces the body).
    await page.evaluate(() => {
      const seen: { text: string; value: number }[] = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      const status = document.querySelector("[data-upload-status]")!;
      const bar = document.querySelector<HTMLProgressElement>("[data-upload-progress]")!;
      new MutationObserver(() => seen.push({ text: status.textContent ?? "", value: bar.value })).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await expect.poll(() => page.locator("[data-altcha]").inputValue(), { timeout: 60_000 }).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
  }
  await page.getByRole("button", { name: "提交" }).click();
  const code = (await page.locator(".receipt-code").textContent())!.replace(/\s/g, "");
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  expect(await page.textContent("main")).toContain("这个网址在政府网站上");
  if (js) {
    const seen = await page.evaluate(() => (window as unknown as { seen: { text: string; value: number }[] }).seen);
    const percents = seen
      .map((s) => /^正在上传：(\d+)%$/.exec(s.text)?.[1])
      .filter((p) => p !== undefined)
      .map(Number);
    const trail = seen.map((s) => s.text).join(" | ");
    // The progress advances (never back) to 100 %, then the page says the upload is done.
    expect(percents.length, trail).toBeGreaterThan(0);
    expect(percents, trail).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1), trail).toBe(100);
    expect(seen.at(-1)?.text, trail).toBe("上传完毕，正在处理……");
  }
  await look(page, `${name}-code`, js);
  return code;
}

/** Step 2: an editor of its own signs in and records what the import needs. */
async function editorRecords(page: Page, id: string, js: boolean, name: string) {
  const email = `chain-${RUN}-${name}@e2e.qingdan.invalid`;
  const made = npm(["admin", "--", "create-editor", "--email", email, "--persist-to", E2E_STATE]);
  expect(made.status, made.output).toBe(0);
  const password = /password:\s+(\S+)/.exec(made.output)![1]!;
  const secret = /TOTP secret:\s+(\S+)/.exec(made.output)![1]!;
  await page.goto(`${origin}/editor/login`);
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByLabel("验证器六位动态码").fill(new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate());
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL(`${origin}/editor`);
  await page.locator(`a[href="/editor/c/${id}"]`).click();
  await page.getByRole("heading", { level: 1 }).waitFor();
  await look(page, `${name}-editor`, js);
  await page.getByRole("button", { name: /开始核对/ }).click();
  await page.getByLabel("发布机关").fill(ISSUER);
  await page.getByLabel("文号").fill("桂政办发〔2025〕12号");
  await page.getByLabel("印发日期").fill("2025-06-20");
  await page.getByLabel("公布日期").fill("2025-06-30");
  await page.getByLabel("版本（例如 2025 或 2025-1）").fill("2025");
  await page.getByLabel("清泉镇在文件中的位置").selectOption("file");
  await page.getByRole("button", { name: "保存导入信息" }).click();
  await page.getByRole("button", { name: "标记为可以导入" }).click();
  await page.getByText("已标记为可以导入").waitFor();
}

/** Steps 3 and 4: the pull into a copy of data/, the data check and the build of that copy; returns its root. */
function pullAndBuild(id: string, url: string): string {
  // The state persists between runs and files: only this contribution is ready for import.
  d1Query(`UPDATE contributions SET import_ready = 0 WHERE import_ready = 1 AND id <> ${sql(id)}`, target);
  const root = mkdtempSync(join(tmpdir(), "qingdan-chain-"));
  roots.push(root);
  cpSync("data", join(root, "data"), { recursive: true, filter: (src) => !src.startsWith(join("data", "generated")) });
  // The generated divisions are read only: the copy links to the project's.
  symlinkSync(resolve("data", "generated"), join(root, "data", "generated"));
  const env = { QINGDAN_ROOT: root };

  const pulled = npm(["contributions:pull", "--", "--persist-to", E2E_STATE, "--report"], env);
  expect(pulled.status, pulled.output).toBe(0);
  const draft = join(root, "data", "duty-lists", QINGQUAN, "2025.yaml");
  expect(existsSync(draft), pulled.output).toBe(true);
  expect(existsSync(join("data", "duty-lists", QINGQUAN)), "the repo's data/ is untouched").toBe(false);
  const text = readFileSync(draft, "utf8");
  expect(text).toContain(`# Draft from contribution ${id}`);
  const list = DutyList.parse(parse(text));
  expect({
    status: list.status,
    issuer: list.issuer,
    url: list.source?.url,
    documentNumber: list.source?.documentNumber,
    published: list.published,
    adopted: list.adopted,
  }).toEqual({
    status: "official",
    issuer: ISSUER,
    url,
    documentNumber: "桂政办发〔2025〕12号",
    published: "2025-06-30",
    adopted: "2025-06-20",
  });
  expect(list.parts.basic.map((i) => i.name)).toEqual(ITEMS.basic);
  expect(list.parts.assisting.map((i) => i.name)).toEqual(ITEMS.assisting);
  expect(list.parts.returned.map((i) => i.name)).toEqual(ITEMS.returned);

  const checked = npm(["check:data"], env);
  expect(checked.status, checked.output).toBe(0);
  const built = npm(["build"], { ...env, QINGDAN_OUT: join(root, "dist"), QINGDAN_PROVINCES: "43" });
  expect(built.status, built.output).toBe(0);
  // After the pull (which wrote its preview): the second server's own copy of the state.
  cpSync(E2E_STATE, join(root, "state"), { recursive: true });
  return root;
}

async function chain(js: boolean) {
  const name = js ? "js" : "nojs";
  const url = `https://www.guidong.gov.cn/zwgk/qingquan-chain-${RUN}-${name}.html`;
  const resident = await openPage(browser, { javaScriptEnabled: js });
  let code: string;
  try {
    code = await handIn(resident.page, url, js, name);
    if (js) expect(resident.errors).toEqual([]);
  } finally {
    await resident.context.close();
  }
  const id = d1Query<{ id: string }>(`SELECT id FROM contributions WHERE url = ${sql(url)}`, target)[0]!.id;

  const editor = await openPage(browser, { javaScriptEnabled: js });
  try {
    await editorRecords(editor.page, id, js, name);
  } finally {
    await editor.context.close();
  }
  const row = d1Query<{ status: string; import_ready: number; version: string }>(
    `SELECT status, import_ready, version FROM contributions WHERE id = ${sql(id)}`,
    target,
  )[0]!;
  expect(row).toEqual({ status: "reviewing", import_ready: 1, version: "2025" });

  const root = pullAndBuild(id, url);
  const second = await startWranglerDev({ port: await freePort(), persistTo: join(root, "state"), assetsDir: join(root, "dist"), vars: E2E_VARS });
  servers.push(second);

  const reader = await openPage(browser, { javaScriptEnabled: js });
  try {
    const page = reader.page;
    await page.goto(`${second.origin}/r/${QINGQUAN}/`);
    const main = (await page.textContent("main"))!;
    for (const item of [...ITEMS.basic, ...ITEMS.assisting, ...ITEMS.returned]) expect(main).toContain(item);
    expect(main).not.toContain("上报官方清单");
    expect(await page.locator(`main a[href="${url}"]`).count()).toBeGreaterThan(0);
    await look(page, `${name}-township`, js);

    await page.goto(`${second.origin}/contribute/track`);
    await page.getByLabel("上报编号").fill(code);
    await page.getByRole("button", { name: "查询" }).click();
    expect(await page.locator(".track-status").textContent()).toContain("已收录");
    expect(await page.getByRole("link", { name: "查看收录的清单" }).getAttribute("href")).toBe(`/r/${QINGQUAN}/`);
  } finally {
    await reader.context.close();
    second.stop();
  }
}

describe("a contribution from hand-in to the published list", () => {
  it("without JavaScript: code, editor, pull, data check, rebuild, 已收录", () => chain(false), 600_000);
  it("with JavaScript: the same, the upload showing its progress", () => chain(true), 600_000);
});
