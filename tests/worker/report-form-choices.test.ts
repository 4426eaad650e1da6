/**
 * Issue 14 item 6 leftovers on the no-JS report form: the township's duty items as a list to
 * choose from (UX 23), kept on a re-render; the gentle warning for a person's name as imposer
 * (never a refusal); no preset imposer level and «请选择» on the selects (UX 25).
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { count, formFields, makeArea, postForm, validReport, type Area } from "./report-fixtures.ts";
import { looksLikePersonName } from "../../data/schema/person-name.ts";

/** 沤江镇 (桂东县) has a list in the province-43 test build: 25 basic, 19 assisting, 16 returned items. */
const OUJIANG = "431027100";
const area: Area = { county: "431027", township: OUJIANG, village: `${OUJIANG}201`, townshipName: "沤江镇" };

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare("INSERT OR IGNORE INTO divisions (code, name, level, parent_code, type) VALUES ('431027', '桂东县', 'county', NULL, 'county')"),
    env.DB.prepare("INSERT OR IGNORE INTO divisions (code, name, level, parent_code, type) VALUES (?1, '沤江镇', 'township', '431027', 'town')").bind(OUJIANG),
  ]);
});

const dutySelect = (html: string) => /<select id="field-dutyItemRef"[\s\S]*?<\/select>/.exec(html)?.[0];

describe("the no-JS report form: choosing a duty item (UX 23)", () => {
  it("offers the township's duty items as a select grouped by part, «请选择» first, instead of a code to type", async () => {
    const html = await (await exports.default.fetch(`http://localhost/report?township=${OUJIANG}`)).text();
    const select = dutySelect(html);
    expect(select).toBeDefined();
    expect(html).not.toMatch(/<input id="field-dutyItemRef"/);
    expect(select).toMatch(/^<select id="field-dutyItemRef" name="dutyItemRef"[^>]*><option value="">请选择<\/option><optgroup label="基本履职事项">/);
    expect(select).toContain('<optgroup label="配合履职事项">');
    expect(select).toContain('<optgroup label="上级部门收回事项">');
    expect(select).toContain('<option value="returned:1">1. 危险化学品安全监督检查</option>');
    expect(select!.match(/<option value="basic:/g)).toHaveLength(25);
    // The hint says to choose, not to type «returned:15».
    expect(html).toMatch(/<p class="hint" id="hint-dutyItemRef"[^>]*>可以从本乡镇（街道）的履职事项清单中选择/);
  });

  it("keeps the text field where the township has no list", async () => {
    const other = await makeArea();
    const html = await (await exports.default.fetch(`http://localhost/report?township=${other.township}`)).text();
    expect(dutySelect(html)).toBeUndefined();
    expect(html).toMatch(/<input id="field-dutyItemRef" name="dutyItemRef"/);
  });

  it("keeps the chosen item on a re-render with errors", async () => {
    const res = await postForm("/report", formFields(validReport(area, { title: "表", dutyItemRef: "returned:1", listStatus: "on_list" })));
    expect(res.status).toBe(400);
    const select = dutySelect(await res.text());
    // hono/jsx writes the boolean attribute as selected="" (worker/routes/report/duty-choices.tsx).
    expect(select).toMatch(/<option value="returned:1" selected(="")?>/);
    expect(select!.match(/ selected/g)).toHaveLength(1);
  });

  it("files a report with an item chosen from the list (the list answer follows from the choice)", async () => {
    const title = `每周重复填报危化品检查表 ${crypto.randomUUID().slice(0, 4)}`;
    const fields = formFields(validReport(area, { title, dutyItemRef: "returned:1" }));
    fields.listStatus = "unknown";
    const res = await postForm("/report", fields);
    expect(res.status).toBe(201);
    expect(await count("SELECT COUNT(*) AS n FROM reports WHERE title = ?1 AND duty_item_ref = 'returned:1' AND list_status = 'on_list'", title)).toBe(1);
  });
});

describe("the no-JS report form: a person's name as imposer", () => {
  it("recognises a surname with a title, and not a unit's name", () => {
    for (const name of ["王局长", "李主任", "欧阳书记", "张副县长", "老王"]) expect(looksLikePersonName(name), name).toBe(true);
    for (const name of ["县农业农村局", "镇党委办公室", "县委组织部", "县长办公室", "市局"]) expect(looksLikePersonName(name), name).toBe(false);
  });

  it("warns gently on the re-render, beside the field, without an error", async () => {
    const res = await postForm("/report", formFields(validReport(area, { imposerName: "王局长", title: "表" })));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<p class="notice" id="warning-imposerName" role="status" data-imposer-warning>这看起来像是个人的姓名或称呼。请填写单位或部门的名称/);
    expect(html).not.toMatch(/id="error-imposerName"[^>]*>[^<]/);
    expect(html).toMatch(/name="imposerName"[^>]*value="王局长"/);
  });

  it("never refuses a report for it: 王局长 is filed as typed", async () => {
    const title = `每周填报三张表 ${crypto.randomUUID().slice(0, 4)}`;
    const res = await postForm("/report", formFields(validReport(area, { imposerName: "王局长", title })));
    expect(res.status).toBe(201);
    expect(await count("SELECT COUNT(*) AS n FROM reports WHERE title = ?1 AND imposer_name = '王局长'", title)).toBe(1);
  });

  it("shows no warning for a unit's name", async () => {
    const html = await (await postForm("/report", formFields(validReport(area, { title: "表" })))).text();
    expect(html).toMatch(/<p class="notice" id="warning-imposerName" role="status" data-imposer-warning hidden><\/p>/);
  });
});

describe("the no-JS report form: no preset that routes (UX 25)", () => {
  it("has no preset imposer level and «请选择» first on every select", async () => {
    const html = await (await exports.default.fetch(`http://localhost/report?township=${OUJIANG}`)).text();
    for (const id of ["imposerLevel", "category", "dutyItemRef"]) {
      const select = new RegExp(`<select id="field-${id}"[\\s\\S]*?</select>`).exec(html)?.[0];
      expect(select, id).toMatch(/^<select[^>]*>\s*<option value="">请选择<\/option>/);
      expect(select, id).not.toContain("selected");
    }
  });
});
