/**
 * Misses reach the worker (wrangler.toml `not_found_handling = "none"`) and get a page in the
 * site's shell, in the request's language: 404, 410 for a retired code without successor, 301
 * to the successor or from a village code to its township (issue 14 item 5, UX 43).
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeArea } from "./report-fixtures.ts";
import { t } from "../../site/i18n/index.ts";

const get = (path: string, init?: RequestInit) => exports.default.fetch(`http://localhost${path}`, { redirect: "manual", ...init });

/** A fixture division change: `retired` merged into the area's township, `abolished` gone without successor. */
async function divisionChanges() {
  const area = await makeArea();
  const retired = `${area.county}198`;
  const abolished = `${area.county}199`;
  await env.DB.batch([
    env.DB.prepare("INSERT INTO division_changes (code, name, successor_code, kind, note) VALUES (?1, '旧并镇', ?2, 'merged', '2024 年并入')").bind(
      retired,
      area.township,
    ),
    env.DB.prepare(
      "INSERT INTO division_changes (code, name, successor_code, kind, effective, note) VALUES (?1, '旧撤乡', NULL, 'abolished', '2024-06-01', '2024 年撤销，辖区划入多个镇')",
    ).bind(abolished),
  ]);
  return { area, retired, abolished };
}

describe("pages that are not there", () => {
  it("answer 404 in the shell, in Chinese, with a place search and a way home", async () => {
    const res = await get("/measures/nope/");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN"');
    expect(html).toContain(`<h1>${t("zh-CN", "missing.title")}</h1>`);
    expect(html).toContain('action="/search/"');
    expect(html).toContain('class="site-footer"');
  });

  it("answer 404 in English under /en/", async () => {
    const res = await get("/en/nothing-here/");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain(`<h1>${t("en", "missing.title")}</h1>`);
    expect(html).toContain('action="/en/search/"');
  });

  it("answer 404 for a region code that never existed", async () => {
    expect((await get("/r/999999999/")).status).toBe(404);
  });

  it("send a village code to its township's page (301)", async () => {
    const { area } = await divisionChanges();
    const res = await get(`/r/${area.village}/`);
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`/r/${area.township}/`);
  });

  it("send a retired code to its successor (301)", async () => {
    const { area, retired } = await divisionChanges();
    const res = await get(`/r/${retired}/history/`);
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`/r/${area.township}/`);
  });

  it("answer 410 for a retired code without successor, saying what happened", async () => {
    const { abolished } = await divisionChanges();
    const res = await get(`/r/${abolished}/`);
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain(t("zh-CN", "missing.retired.title"));
    expect(html).toContain("旧撤乡");
    expect(html).toContain("2024 年撤销，辖区划入多个镇");
  });

  it("leave the API's JSON 404 alone", async () => {
    const res = await get("/api/nothing");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
  });

  it("answer another method on a page with 405 in the shell, not JSON (the content-aware error handler)", async () => {
    const res = await get("/report", { method: "PUT", body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(405);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain(`<h1>${t("zh-CN", "error.method_not_allowed")}</h1>`);
    expect(html).toContain('class="site-footer"');
  });

  it("still serve the pages that are there", async () => {
    expect((await get("/about/")).status).toBe(200);
  });
});
