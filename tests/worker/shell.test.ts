import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("static assets through the worker", () => {
  it("serves the built home page for paths the worker does not handle", async () => {
    const res = await exports.default.fetch("http://localhost/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html lang="zh-CN"');
  });
});
