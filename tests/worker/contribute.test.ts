/**
 * 上报官方清单 without JavaScript (issue 12 item 1): the form for a township's county, field
 * errors in the user's language, .xls/.doc refused with the hint, the file kept as uploaded in
 * the CONTRIBUTIONS bucket (not the evidence bucket), the code stored as a keyed hash only,
 * days only, the status page by code, and the 90-day file retention.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { publishedFor } from "../../worker/domain/contribution.ts";
import { purgeContributionFiles } from "../../worker/services/contributions.ts";
import { noPowSourceScope } from "../../worker/domain/abuse.ts";
import { beijingToday } from "../../worker/domain/working-days.ts";
import { count, makeArea, randomAddress } from "./report-fixtures.ts";

const XLSX = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x41, 0x42]);

function post(path: string, fields: [string, string][], file?: { name: string; bytes: Uint8Array }) {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  if (file) form.append("file", new File([file.bytes], file.name));
  return exports.default.fetch(`http://localhost${path}`, { method: "POST", body: form, headers: { "cf-connecting-ip": randomAddress() } });
}

const codeIn = (html: string) => [...html.matchAll(/<span class="receipt-group">([0-9A-Z]{4})<\/span>/g)].map((m) => m[1]).join("-");

describe("the contribution form", () => {
  it("GET /contribute?township= shows the county's townships with this one ticked, the file warning and no-JS form", async () => {
    const area = await makeArea();
    const res = await exports.default.fetch(`http://localhost/contribute?township=${area.township}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`name="townships" value="${area.township}" checked`));
    expect(html).toContain(area.townshipName);
    expect(html).toContain("文件会原样保存，仅供编辑核对；如果是你自己另存或扫描的文件，其中可能带有你的信息");
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).not.toMatch(/npm run/);
  });

  it("an unknown place is a 404 page in Chinese, not a 500", async () => {
    const res = await exports.default.fetch("http://localhost/contribute?township=999999999");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("没有找到这个县");
  });

  it("a missing or non-http URL and no township come back as field errors with the values kept", async () => {
    const area = await makeArea();
    const res = await post("/contribute", [
      ["kind", "list"],
      ["county", area.county],
      ["url", "ftp://example.gov.cn/a.pdf"],
      ["note", "附件在页面底部"],
    ]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#field-townships"');
    expect(html).toContain("请填写以 http:// 或 https:// 开头的完整网址。");
    expect(html).toContain(">附件在页面底部</textarea>");
    expect(await count("SELECT count(*) AS n FROM contributions WHERE county_code = ?1", area.county)).toBe(0);
  });

  for (const name of ["清单.xls", "清单.doc"]) {
    it(`refuses ${name} with «请另存为 .xlsx / .docx»`, async () => {
      const area = await makeArea();
      const res = await post(
        "/contribute",
        [
          ["kind", "list"],
          ["county", area.county],
          ["townships", area.township],
          ["url", "https://www.example.gov.cn/t.html"],
        ],
        { name, bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]) },
      );
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("请另存为 .xlsx / .docx");
    });
  }

  it("refuses a file whose bytes do not match its extension", async () => {
    const area = await makeArea();
    const res = await post(
      "/contribute",
      [
        ["kind", "list"],
        ["county", area.county],
        ["townships", area.township],
        ["url", "https://www.example.gov.cn/t.html"],
      ],
      { name: "清单.pdf", bytes: XLSX },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("文件内容与扩展名不符。");
  });

  it("a township of another county is refused", async () => {
    const a = await makeArea();
    const b = await makeArea();
    const res = await post("/contribute", [
      ["kind", "list"],
      ["county", a.county],
      ["townships", b.township],
      ["url", "https://www.example.gov.cn/t.html"],
    ]);
    expect(res.status).toBe(400);
  });
});

describe("a hand-in with an .xlsx", () => {
  it("answers with a code shown once, stores its keyed hash, a day, the file as uploaded in CONTRIBUTIONS, and nothing about the sender", async () => {
    const area = await makeArea();
    const res = await post(
      "/contribute",
      [
        ["kind", "list"],
        ["county", area.county],
        ["townships", area.township],
        ["url", "https://www.example.gov.cn/art/2025/6/30/notice.html"],
        ["note", "第二张表是配合事项"],
      ],
      { name: "清单.xlsx", bytes: XLSX },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    const code = codeIn(html);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(html).toContain("这个网址在政府网站上");
    const row = await env.DB.prepare("SELECT * FROM contributions WHERE county_code = ?1").bind(area.county).first<Record<string, unknown>>();
    expect(row).toMatchObject({
      kind: "list",
      townships: JSON.stringify([area.township]),
      whole_county: 0,
      government_host: 1,
      file_type: "xlsx",
      file_size: XLSX.length,
      status: "received",
    });
    expect(row!.received_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(String(row!.code_hash)).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code.replace(/-/g, ""));
    // Every column there is: none can hold an address, an agent, a cookie or a time.
    expect(Object.keys(row!).sort()).toEqual([
      "adopted_on",
      "code_hash",
      "county_code",
      "document_number",
      "duplicate_of",
      "file_deleted_on",
      "file_key",
      "file_name",
      "file_size",
      "file_type",
      "government_host",
      "id",
      "import_ready",
      "issuer",
      "kind",
      "note",
      "outcome_on",
      "outcome_path",
      "outcome_reason",
      "preview",
      "published_on",
      "received_on",
      "status",
      "township_parts",
      "townships",
      "url",
      "version",
      "whole_county",
    ]);
    const stored = await env.CONTRIBUTIONS.get(String(row!.file_key));
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(XLSX);
    expect(await env.EVIDENCE.get(String(row!.file_key))).toBeNull();
  });

  it("/contribute/track shows 已收到 for the code, 已收录 with the link, 未收录 with the reason; a wrong code gets the same 404", async () => {
    const area = await makeArea();
    const html = await (
      await post("/contribute", [
        ["kind", "list"],
        ["county", area.county],
        ["wholeCounty", "1"],
        ["url", "https://news.example.com/a.html"],
      ])
    ).text();
    expect(html).toContain("不在政府网站");
    const code = codeIn(html);
    const track = (typed: string) => post("/contribute/track", [["code", typed]]);
    const first = await track(code.toLowerCase());
    expect(first.status).toBe(200);
    expect(await first.text()).toMatch(/data-status="received"><strong>已收到/);
    await env.DB.prepare("UPDATE contributions SET status = 'accepted', outcome_path = ?2, outcome_on = '2026-12-01' WHERE county_code = ?1")
      .bind(area.county, `/r/${area.township}/`)
      .run();
    const accepted = await (await track(code)).text();
    expect(accepted).toContain("已收录");
    expect(accepted).toContain(`href="/r/${area.township}/"`);
    await env.DB.prepare("UPDATE contributions SET status = 'declined', outcome_reason = '网址打不开，未找到发布机关的页面' WHERE county_code = ?1")
      .bind(area.county)
      .run();
    expect(await (await track(code)).text()).toContain("网址打不开，未找到发布机关的页面");
    const wrong = await track("0000-0000-0000-0000-0000");
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain("没有找到这个编号");
  });
});

describe("abuse limits without proof of work", () => {
  it("a source gets the report form's daily no-proof-of-work budget for hand-ins, then a notice in Chinese", async () => {
    const area = await makeArea();
    const from = (address: string) => {
      const form = new FormData();
      for (const [k, v] of [
        ["kind", "list"],
        ["county", area.county],
        ["townships", area.township],
        ["url", "https://www.example.gov.cn/a.html"],
      ])
        form.append(k!, v!);
      return exports.default.fetch("http://localhost/contribute", { method: "POST", body: form, headers: { "cf-connecting-ip": address } });
    };
    const address = randomAddress();
    expect((await from(address)).status).toBe(201);
    // The day's budget of this source spent (as three earlier hand-ins would have: the limiter's minute aside).
    const scope = `contribute-${noPowSourceScope(env.RATE_KEY, address, beijingToday())}`;
    await env.DB.prepare("UPDATE no_pow_daily SET used = 3 WHERE day = ?1 AND scope = ?2").bind(beijingToday(), scope).run();
    const refused = await from(address);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("今天从您的网络提交的次数已达上限");
    expect(await count("SELECT count(*) AS n FROM contributions WHERE county_code = ?1", area.county)).toBe(1);
  });
});

describe("the government-host answer", () => {
  it("follows the provenance rule with the build's extra official hosts (12371.cn, data/official-domains.yaml)", async () => {
    const area = await makeArea();
    const html = await (
      await post("/contribute", [
        ["kind", "list"],
        ["county", area.county],
        ["townships", area.township],
        ["url", "https://www.12371.cn/2025/06/30/notice.html"],
      ])
    ).text();
    expect(html).toContain("这个网址在政府网站上");
    expect(await env.DB.prepare("SELECT government_host AS g FROM contributions WHERE county_code = ?1").bind(area.county).first()).toEqual({ g: 1 });
  });
});

describe("retention of contributed files", () => {
  it("runs in the daily cron", async () => {
    const { DAILY_TASKS } = await import("../../worker/scheduled.ts");
    expect(DAILY_TASKS.map((t) => t.name)).toContain("contribution-files");
  });

  it("deletes a file 90 days after the outcome and keeps the outcome; a newer one stays", async () => {
    const area = await makeArea();
    await post(
      "/contribute",
      [
        ["kind", "list"],
        ["county", area.county],
        ["townships", area.township],
        ["url", "https://www.example.gov.cn/a.html"],
      ],
      { name: "a.xlsx", bytes: XLSX },
    );
    await post(
      "/contribute",
      [
        ["kind", "list"],
        ["county", area.county],
        ["townships", area.township],
        ["url", "https://www.example.gov.cn/b.html"],
      ],
      { name: "b.xlsx", bytes: XLSX },
    );
    const rows = (
      await env.DB.prepare("SELECT id, url, file_key FROM contributions WHERE county_code = ?1")
        .bind(area.county)
        .all<{ id: string; url: string; file_key: string }>()
    ).results;
    const old = rows.find((r) => r.url.endsWith("a.html"))!;
    const recent = rows.find((r) => r.url.endsWith("b.html"))!;
    await env.DB.prepare("UPDATE contributions SET status = 'declined', outcome_on = '2026-01-01' WHERE id = ?1").bind(old.id).run();
    await env.DB.prepare("UPDATE contributions SET status = 'declined', outcome_on = '2026-11-30' WHERE id = ?1").bind(recent.id).run();
    await purgeContributionFiles(env, new Date("2026-12-01T02:00:00Z"));
    expect(await env.CONTRIBUTIONS.get(old.file_key)).toBeNull();
    expect(await env.CONTRIBUTIONS.get(recent.file_key)).not.toBeNull();
    expect(await env.DB.prepare("SELECT status, file_key, file_deleted_on FROM contributions WHERE id = ?1").bind(old.id).first()).toEqual({
      status: "declined",
      file_key: null,
      file_deleted_on: "2026-12-01",
    });
  });
});

describe("已收录 when the deployed data carries the source", () => {
  const sources = [{ township: "431027102", url: "https://www.guidong.gov.cn/zwgk/qingquan-2025.html", path: "/r/431027102/" }];
  const c = (over: Partial<{ url: string; countyCode: string; townships: string; wholeCounty: number }>) => ({
    url: "http://WWW.guidong.gov.cn/zwgk/qingquan-2025.html/",
    countyCode: "431027",
    townships: '["431027102"]',
    wholeCounty: 0,
    ...over,
  });

  it("finds the list of one of its townships by its source (scheme, host case, trailing slash aside)", () => {
    expect(publishedFor(c({}), sources)).toEqual(sources[0]);
    expect(publishedFor(c({ townships: "[]", wholeCounty: 1 }), sources)).toEqual(sources[0]);
  });

  it("not for another township, another county or another address", () => {
    expect(publishedFor(c({ townships: '["431027101"]' }), sources)).toBeUndefined();
    expect(publishedFor(c({ countyCode: "431028", townships: "[]", wholeCounty: 1 }), sources)).toBeUndefined();
    expect(publishedFor(c({ url: "https://www.guidong.gov.cn/zwgk/other.html" }), sources)).toBeUndefined();
  });
});
