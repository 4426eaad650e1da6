/**
 * Reach on the report form (issue 10 item 2): before submit, the form says who the report will
 * reach, or that no body on the platform will and which official channel serves the area;
 * without JS in two slots (above the fields, beside submit), with JS from GET /api/reach.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_BODIES, loadBodies, OUJIANG } from "./delivery-fixtures.ts";
import { storedBodyName } from "../../worker/db/body-sql.ts";
import { demoName } from "../../site/i18n/body-name.ts";
import { formFields, makeArea, postForm, validReport } from "./report-fixtures.ts";

/** The 郴州市 bodies the default rule sends a county imposer's report to. */
const chenzhouBodies = DEMO_BODIES.filter((b) => b.joined && b.area === "4310" && b.kind !== "organisation_department");
const chenzhou = chenzhouBodies.map(storedBodyName);
/** The same names as an English page shows them: the catalogue's English demo marker. */
const chenzhouEn = chenzhouBodies.map((b) => demoName("en", b.name));
const slot = (html: string, name: string) => html.match(new RegExp(`<section class="reach" ${name}[^>]*>([\\s\\S]*?)</section>`))?.[1] ?? "";
const text = (html: string) => html.replace(/<[^>]+>/g, "");

beforeAll(async () => {
  await loadBodies();
  await env.DB.batch([
    env.DB.prepare("INSERT OR IGNORE INTO divisions (code, name, level, parent_code, type) VALUES ('431027', '桂东县', 'county', NULL, 'county')"),
    env.DB.prepare("INSERT OR IGNORE INTO divisions (code, name, level, parent_code, type) VALUES (?1, '沤江镇', 'township', '431027', 'town')").bind(OUJIANG),
  ]);
});

describe("reach on the report form", () => {
  it("without JS, once the township is chosen, lists per level who receives it, above the fields and beside submit", async () => {
    const html = await (await exports.default.fetch(`http://localhost/report?township=${OUJIANG}`)).text();
    for (const name of ["data-reach", "data-reach-submit"]) {
      const part = slot(html, name);
      expect(part).toMatch(/<li data-level="county" data-reach="bodies">/);
      for (const body of chenzhou) expect(text(part)).toContain(body);
      expect(text(part)).toContain("部分类别还会送达其他机构，以填写后显示的为准");
    }
  });

  it("names a demo body with its «演示» marker once, in both slots and the API sentence; on /en with the English marker", async () => {
    const pages = [
      await (await exports.default.fetch(`http://localhost/report?township=${OUJIANG}`)).text(),
      await (await exports.default.fetch(`http://localhost/report?township=${OUJIANG}&imposerLevel=county&category=forms`)).text(),
    ];
    for (const html of pages) {
      const part = text(slot(html, "data-reach"));
      expect(part).toContain(chenzhou[0]);
      expect(part).not.toMatch(/（演示）（|（demo）/);
    }
    const en = text(slot(await (await exports.default.fetch(`http://localhost/en/report?township=${OUJIANG}`)).text(), "data-reach"));
    expect(en).toContain(chenzhouEn[0]);
    expect(en).not.toContain("（演示）");
    // The API is mounted once (/api); it answers in the language the request asks for.
    for (const [lang, name] of [
      ["zh-CN", chenzhou[0]!],
      ["en", chenzhouEn[0]!],
    ] as const) {
      const url = `http://localhost/api/reach?township=${OUJIANG}&level=county&category=forms`;
      const res = await exports.default.fetch(url, { headers: { "accept-language": lang } });
      expect(res.headers.get("vary") ?? "").toMatch(/accept-language/i);
      const body = (await res.json()) as { sentence: string };
      expect(body.sentence).toContain(name);
      expect(body.sentence).not.toMatch(/（演示）（|（demo）|\(demo\) \(demo\)/);
      if (lang === "en") expect(body.sentence).not.toContain("（演示）");
    }
  });

  it("says before submit that nothing on the platform receives a report from an area no body has joined, and names the channel", async () => {
    const area = await makeArea();
    const res = await postForm("/report", formFields(validReport(area, { title: "短" })));
    expect(res.status).toBe(400);
    const part = text(slot(await res.text(), "data-reach"));
    expect(part).toContain("本地区尚无受理机构加入本平台，这件反映不会送达任何机构");
    expect(part).toMatch(/12388|互联网\+督查/);
    expect(part).not.toContain("会送达：");
  });

  it("GET /api/reach answers the exact receivers for a level and category", async () => {
    const res = await exports.default.fetch(`http://localhost/api/reach?township=${OUJIANG}&level=county&category=forms`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reachesNone: boolean; receivers: { name: string }[]; channel: unknown; sentence: string };
    expect(body.reachesNone).toBe(false);
    expect(body.receivers.map((r) => r.name).sort()).toEqual([...chenzhou].sort());
    expect(body.sentence).toContain("会送达");
  });

  it("GET /api/reach answers none and the channel where no body has joined", async () => {
    const area = await makeArea();
    const body = (await (await exports.default.fetch(`http://localhost/api/reach?township=${area.township}&level=county`)).json()) as {
      reachesNone: boolean;
      channel: { name: string } | null;
    };
    expect(body.reachesNone).toBe(true);
    expect(body.channel?.name).toBeTruthy();
  });

  it("GET /api/reach refuses a bad township or level with field errors in JSON, not a 500", async () => {
    const res = await exports.default.fetch("http://localhost/api/reach?township=12&level=nope");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: { path: string }[] } };
    expect(JSON.stringify(body)).toContain("township");
  });
});
