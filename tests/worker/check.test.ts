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
    ["431027102", "清泉镇", "township", "431027", "town"],
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
    const html = await (await get(`township=431027100&task=${encodeURIComponent("出具无犯罪记录证明")}`)).text();
    expect(html).toContain('data-result="none"');
    expect(html).toContain("/report?township=431027100&amp;category=off_list_tasks&amp;task=");
  });

  it("for a township without a list (UX 11), says so and shows measures of the task's category, the channels and a prefilled report link", async () => {
    const task = "垃圾分类";
    const res = await get(`township=431027102&task=${encodeURIComponent(task)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-result="no-list"');
    expect(html).toContain("本站尚未收录这个乡镇（街道）的履职事项清单");
    // 桂东县's village list measure (category off_list_tasks) and the national channels.
    expect(html).toContain("/measures/2024-guidong-30-village-items/");
    expect(html).toContain("12388");
    expect(html).toContain("中央纪委国家监委");
    // The national averages (data/figures/national-2025-averages.yaml), labelled as a repost like the township page.
    expect(html).toContain("不是本乡镇（街道）的数字");
    expect(html).toMatch(/：340 项/);
    expect(html).toContain("转载（原发布者：新华社）");
    expect(html).toContain(`/report?township=431027102&amp;category=off_list_tasks&amp;task=${encodeURIComponent(task)}&amp;list=off_list`);
    expect(html).not.toContain("data-part=");
  });

  it("for a township without a list, shows the measures of the burden the phrase names", async () => {
    const html = await (await get(`township=431027102&task=${encodeURIComponent("每天在政务App打卡")}`)).text();
    expect(html).toContain('data-result="burden"');
    expect(html).toContain("category=apps");
    expect(html).toContain("政务App、打卡、工作群");
  });

  it("finds the item inside a longer phrasing and says the phrase names a burden, not a duty (UX 12)", async () => {
    const html = await (await get(`township=431027100&task=${encodeURIComponent("每周填报动物检疫统计表")}`)).text();
    expect(html).toContain('data-part="returned"');
    expect(html).toContain("动物检疫及检疫证明出具");
    expect(html).toContain("“填报”说的是一种负担形式（报表多），不是职责");
    expect(html).toContain("category=forms");
  });

  it("answers an empty task field with an error on the field (UX 14)", async () => {
    const res = await get("township=431027100&task=");
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请输入要核对的任务");
    expect(html).toMatch(/id="check-task"[^>]*aria-invalid="true"/);
    expect(html).not.toContain('data-result="none"');
  });

  it("does not call a township link without a task an error", async () => {
    const res = await get("township=431027100");
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("请输入要核对的任务");
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
