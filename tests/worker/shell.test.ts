import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("static assets through the worker", () => {
  it("serves the built home page for paths the worker does not handle", async () => {
    const res = await exports.default.fetch("http://localhost/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html lang="zh-CN"');
  });
});

describe("pages the worker renders into the shell", () => {
  const switchHref = async (path: string) =>
    (await (await exports.default.fetch(`http://localhost${path}`)).text()).match(/<a class="lang-switch" href="([^"]*)"/)?.[1];

  it("point the language switch at the same page in the other language, not at the shell", async () => {
    expect(await switchHref("/stats?year=2024")).toBe("/en/stats?year=2024");
    expect(await switchHref("/en/stats")).toBe("/stats");
    expect(await switchHref("/oversight/login")).toBe("/en/oversight/login");
  });
});
