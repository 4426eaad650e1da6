import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { NO_JS_COST, noJsCost, protectionDisabled, rateLimitKey, UnprotectedInProductionError } from "../../worker/domain/abuse.ts";
import { formFields, makeArea, postForm, postJson, randomAddress, solvedAltcha, validReport } from "./report-fixtures.ts";

describe("rate-limit keys", () => {
  it("hide the address behind a keyed hash that changes every day", () => {
    const today = rateLimitKey("k".repeat(40), "203.0.113.7", "2025-06-01");
    expect(today).toMatch(/^[0-9a-f]{32}$/);
    expect(today).not.toContain("203");
    expect(rateLimitKey("k".repeat(40), "203.0.113.7", "2025-06-01")).toBe(today);
    expect(rateLimitKey("k".repeat(40), "203.0.113.7", "2025-06-02")).not.toBe(today);
    expect(rateLimitKey("other-key".repeat(5), "203.0.113.7", "2025-06-01")).not.toBe(today);
  });
});

describe("the local-only benchmark switch", () => {
  const base = { RATE_KEY: "r", ALTCHA_KEY: "a" };
  it.each([
    ["local, unset", { ENVIRONMENT: "local" }, false],
    ["local, set", { ENVIRONMENT: "local", INTAKE_UNPROTECTED: "1" }, true],
  ])("is %s → protection off: %s", (_name, vars, off) => {
    expect(protectionDisabled({ ...base, ...vars } as never)).toBe(off);
  });

  it.each(["production", "test"])("is refused in %s: intake stops rather than run unprotected", (environment) => {
    expect(() => protectionDisabled({ ...base, ENVIRONMENT: environment, INTAKE_UNPROTECTED: "1" } as never)).toThrow(UnprotectedInProductionError);
  });
});

describe("the no-JS price", () => {
  it.each([
    ["production, var set", { ENVIRONMENT: "production", NO_JS_COST: "1" }, NO_JS_COST],
    ["local, var set", { ENVIRONMENT: "local", NO_JS_COST: "1" }, NO_JS_COST],
    ["test, unset", { ENVIRONMENT: "test" }, NO_JS_COST],
    ["test, not a whole number", { ENVIRONMENT: "test", NO_JS_COST: "0.5" }, NO_JS_COST],
    ["test, var set", { ENVIRONMENT: "test", NO_JS_COST: "1" }, 1],
  ])("is %s → %i tokens: the var counts in the browser tests' environment only", (_name, vars, cost) => {
    expect(noJsCost(vars)).toBe(cost);
  });
});

describe("intake rate limits", () => {
  it("give the no-JS form (no proof of work) a stricter limit than the API", async () => {
    const area = await makeArea();
    const address = randomAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await postForm("/report", formFields(validReport(area, { title: `第${i}次重复填报报表` })), [], address)).status);
    // INTAKE_LIMITER allows 10 a minute; a no-JS submission costs NO_JS_COST of them.
    const allowed = Math.floor(10 / NO_JS_COST);
    expect(statuses.slice(0, allowed)).toEqual(Array(allowed).fill(201));
    expect(statuses[allowed]).toBe(429);
    const refused = await postForm("/report", formFields(validReport(area)), [], address);
    expect(refused.headers.get("retry-after")).toBe("60");
    const html = await refused.text();
    expect(html).toContain("提交过于频繁");
    expect(html).toMatch(/name="imposerName"[^>]*value="县农业农村局"/);
  });

  it("never store the address or any hash of it", async () => {
    const area = await makeArea();
    const address = "198.51.100.23";
    await postForm("/report", formFields(validReport(area)), [], address);
    const dump = JSON.stringify((await env.DB.prepare("SELECT * FROM reports WHERE township_code = ?1").bind(area.township).all()).results);
    expect(dump).not.toContain(address);
    expect(dump).not.toContain(rateLimitKey(env.RATE_KEY, address));
  });

  it("apply to the JSON API too", async () => {
    const address = randomAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await postJson("/api/evidence", "x", { "content-type": "image/png", "cf-connecting-ip": address })).status);
    expect(statuses).toContain(429);
  });

  it("refuse an API report over the limit before spending its solved challenge", async () => {
    const address = randomAddress();
    const area = await makeArea();
    // INTAKE_LIMITER allows 10 reports a minute per address.
    for (let i = 0; i < 10; i++)
      expect(
        (
          await postJson(
            "/api/reports",
            { ...validReport(area, { title: `第${i}次重复填报报表` }), altcha: await solvedAltcha() },
            { "cf-connecting-ip": address },
          )
        ).status,
      ).toBe(201);
    const report = { ...validReport(area), altcha: await solvedAltcha() };
    const refused = await postJson("/api/reports", report, { "cf-connecting-ip": address });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    // The same solution still works once the client is within the limit (here: from another address).
    expect((await postJson("/api/reports", report)).status).toBe(201);
  });
});
