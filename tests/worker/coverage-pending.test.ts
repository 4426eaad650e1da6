/**
 * /coverage/pending (issue 12 item 5): handed-in lists awaiting an editor, counted per county,
 * nothing else about them. Channel hand-ins and decided lists are not counted.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeArea, randomAddress } from "./report-fixtures.ts";

async function handIn(fields: [string, string][]): Promise<void> {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  const res = await exports.default.fetch("http://localhost/contribute", { method: "POST", body: form, headers: { "cf-connecting-ip": randomAddress() } });
  expect(res.status, await res.clone().text()).toBe(201);
}

const countyLine = (html: string, county: string) => html.match(new RegExp(`<li><a href="/r/${county}/"[^>]*>[^<]*</a>([^<]*)</li>`))?.[1];

describe("/coverage/pending", () => {
  it("counts a county's undecided list hand-ins, not its channels or decided ones, and shows nothing else of them", async () => {
    const area = await makeArea();
    const list = (url: string): [string, string][] => [
      ["kind", "list"],
      ["county", area.county],
      ["townships", area.township],
      ["url", url],
      ["note", "附件在页面底部"],
    ];
    await handIn(list("https://www.example.gov.cn/a.html"));
    await handIn(list("https://www.example.gov.cn/b.html"));
    await handIn(list("https://www.example.gov.cn/c.html"));
    await handIn([
      ["kind", "channel"],
      ["county", area.county],
      ["wholeCounty", "1"],
      ["url", "https://www.example.gov.cn/mailbox.html"],
    ]);
    // An editor has decided on one of them (the desk's outcome): it no longer waits.
    await env.DB.prepare("UPDATE contributions SET status = 'declined', outcome_on = '2026-12-01' WHERE url = ?1 AND county_code = ?2")
      .bind("https://www.example.gov.cn/c.html", area.county)
      .run();
    await env.DB.prepare("UPDATE contributions SET status = 'reviewing' WHERE url = ?1 AND county_code = ?2")
      .bind("https://www.example.gov.cn/b.html", area.county)
      .run();

    const res = await exports.default.fetch("http://localhost/coverage/pending");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("待核对的清单上报");
    expect(countyLine(html, area.county)).toBe("：2 份");
    expect(html).toContain(`测试${area.county}县`);
    for (const hidden of ["example.gov.cn", "附件在页面底部", "2026-12-01"]) expect(html).not.toContain(hidden);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
  });

  it("a county with nothing pending is not listed; /en/coverage/pending is English", async () => {
    const area = await makeArea();
    const zh = await (await exports.default.fetch("http://localhost/coverage/pending")).text();
    expect(countyLine(zh, area.county)).toBeUndefined();
    const en = await exports.default.fetch("http://localhost/en/coverage/pending");
    expect(en.status).toBe(200);
    expect(await en.text()).toContain("Handed-in lists awaiting review");
  });
});
