import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { insertPlaces, type DivisionRow } from "./place-fixtures.ts";

// The worker reads the county JSON from the built site (ASSETS serves ./dist, built for Hunan).
beforeAll(async () => {
  const rows: DivisionRow[] = [
    ["43", "湖南省", "province", null, "province"],
    ["4310", "郴州市", "prefecture", "43", "city"],
    ["431027", "桂东县", "county", "4310", "county"],
    ["431027100", "沤江镇", "township", "431027", "town"],
    ["431027101", "沙田镇", "township", "431027", "town"],
    ["431027100201", "青竹村委会", "village", "431027100", "village"],
    ["430102001", "城关镇", "township", "430102", "town"],
    ["430203100", "城关镇", "township", "430203", "town"],
  ];
  await insertPlaces(rows);
});

const get = (query: string) => exports.default.fetch(`http://localhost/check/find?${query}`);

describe("GET /check/find without JavaScript", () => {
  it("classifies a returned task for a township named in full and names the department that does it now", async () => {
    const res = await get(`township=${encodeURIComponent("沤江镇")}&task=${encodeURIComponent("动物检疫")}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-part="returned"');
    expect(html).toContain("县畜牧水产事务中心");
    expect(html).toContain("示例清单");
  });

  it("finds the township by one of its villages", async () => {
    const html = await (await get(`township=${encodeURIComponent("青竹村委会")}&task=${encodeURIComponent("安全生产检查")}`)).text();
    expect(html).toContain("沤江镇");
    expect(html).toContain('data-part="assisting"');
  });

  it("lists same-named townships with their region chain instead of guessing", async () => {
    const html = await (await get(`township=${encodeURIComponent("城关镇")}&task=x`)).text();
    expect(html).toContain("township=430102001");
    expect(html).toContain("township=430203100");
    expect(html).not.toContain("data-part=");
  });

  it("says a task is not on the list and links to an off-list report for that township", async () => {
    const html = await (await get(`township=431027100&task=${encodeURIComponent("每天在工作群打卡拍照")}`)).text();
    expect(html).toContain('data-result="none"');
    expect(html).toContain("/report?township=431027100&amp;category=off_list_tasks");
  });

  it("answers 404 with the form again when no township matches", async () => {
    const res = await get(`township=${encodeURIComponent("无此乡镇")}&task=x`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('name="township"');
  });

  it("answers in English under /en/, with the report link kept in English too", async () => {
    const html = await (await exports.default.fetch(`http://localhost/en/check/find?township=431027100&task=${encodeURIComponent("动物检疫")}`)).text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain("Returned duty (no longer the township&#39;s)");
    expect(html).toContain("/en/report?township=431027100");
  });

  it("finds the township by its short form and by a village's spoken name", async () => {
    expect(await (await get(`township=${encodeURIComponent("沤江")}&task=x`)).text()).toContain("<strong>沤江镇</strong>");
    expect(await (await get(`township=${encodeURIComponent("青竹村")}&task=x`)).text()).toContain("<strong>沤江镇</strong>");
  });
});
