import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { count, formFields, makeArea, postForm, receiptCodeIn, validReport } from "./report-fixtures.ts";

describe("the report form without JavaScript", () => {
  describe("GET /report", () => {
    it("pre-fills the township when arriving from its page", async () => {
      const area = await makeArea();
      const res = await exports.default.fetch(`http://localhost/report?township=${area.township}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(new RegExp(`name="townshipCode"[^>]*value="${area.township}"`));
      expect(html).toContain(area.townshipName);
    });

    it("pre-fills the successor when the link carries a retired township code", async () => {
      const area = await makeArea();
      const retired = `${area.county}199`;
      await env.DB.prepare("INSERT INTO division_changes (code, name, successor_code, kind, note) VALUES (?1, '旧镇', ?2, 'merged', '并入')")
        .bind(retired, area.township)
        .run();
      const html = await (await exports.default.fetch(`http://localhost/report?township=${retired}`)).text();
      expect(html).toMatch(new RegExp(`name="townshipCode"[^>]*value="${area.township}"`));
      expect(html).toContain(area.townshipName);
    });

    it("takes /check's hand-off (UX 13): category, the task as the title and «不在清单上»", async () => {
      const area = await makeArea();
      const task = "每周填报动物检疫统计表";
      const res = await exports.default.fetch(
        `http://localhost/report?township=${area.township}&category=off_list_tasks&task=${encodeURIComponent(task)}&list=off_list`,
      );
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<option value="off_list_tasks"[^>]*selected/);
      expect(html).toMatch(new RegExp(`name="title"[^>]*value="${task}"`));
      expect(html).toMatch(/value="off_list"[^>]*checked|checked[^>]*value="off_list"/);
      expect(html).not.toMatch(/value="unknown"[^>]*checked/);
    });

    it("ignores a hand-off category or list answer it does not know, and cuts the task to a title's length", async () => {
      const area = await makeArea();
      const html = await (
        await exports.default.fetch(`http://localhost/report?township=${area.township}&category=nonsense&list=maybe&task=${"长".repeat(200)}`)
      ).text();
      expect(html.match(/<select id="field-category"[\s\S]*?<\/select>/)?.[0]).not.toContain("selected");
      expect(html).toMatch(/value="unknown"[^>]*checked|checked[^>]*value="unknown"/);
      expect(html).toMatch(new RegExp(`name="title"[^>]*value="${"长".repeat(80)}"`));
    });

    it("lists townships whose name starts with what was typed, each linking to the pre-filled form", async () => {
      const area = await makeArea("沤测试镇");
      const html = await (await exports.default.fetch(`http://localhost/report?q=${encodeURIComponent("沤测")}`)).text();
      expect(html).toContain(`href="/report?township=${area.township}"`);
      expect(html).toContain("沤测试镇");
    });
  });

  describe("POST /report with mistakes", () => {
    it("re-renders the form with the values kept, an error summary linked to the fields and inline errors", async () => {
      const area = await makeArea();
      const res = await postForm("/report", formFields(validReport(area, { title: "短", description: "太短了" })));
      expect(res.status).toBe(400);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const html = await res.text();
      expect(html).toMatch(/<div class="error-summary"[^>]*role="alert"/);
      expect(html).toContain('href="#field-title"');
      expect(html).toContain('href="#field-description"');
      expect(html).toMatch(/id="error-title"[^>]*>标题至少 4 个字。/);
      expect(html).toMatch(/id="field-title"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-title"/);
      expect(html).toMatch(/name="imposerName"[^>]*value="县农业农村局"/);
      expect(html).toContain(">太短了</textarea>");
      expect(await count("SELECT count(*) AS n FROM reports WHERE township_code = ?1", area.township)).toBe(0);
    });

    it("names each field in the error summary, so identical messages say which field they are (UX 22)", async () => {
      const area = await makeArea();
      const html = await (await postForm("/report", formFields(validReport(area, { imposerName: "", title: "", description: "" })))).text();
      const summary = html.match(/<div class="error-summary"[\s\S]*?<\/ul>/)![0];
      expect(summary).toContain('<a href="#field-imposerName">加负担的单位或部门：');
      expect(summary).toContain('<a href="#field-title">标题：');
      expect(summary).toContain('<a href="#field-description">具体情况：');
    });

    it("names the chosen place again after re-rendering, not only its code (UX 22)", async () => {
      const area = await makeArea();
      const html = await (await postForm("/report", formFields(validReport(area, { title: "短", villageCode: area.village })))).text();
      expect(html).toMatch(new RegExp(`data-township-name[^>]*>[^<]*${area.townshipName}一村`));
      expect(html).not.toMatch(/data-township-name[^>]*hidden/);
    });

    it("answers in English on /en/report", async () => {
      const area = await makeArea();
      const html = await (await postForm("/en/report", formFields(validReport(area, { title: "x" })))).text();
      expect(html).toContain('<html lang="en"');
      expect(html).toContain("The title needs at least 4 characters.");
    });

    it("security (architecture 2.9): refuses a filled honeypot with a flat 403 that names no field, storing nothing", async () => {
      const area = await makeArea();
      const res = await postForm("/report", formFields(validReport(area, { website: "http://spam.example" })));
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain("没有权限");
      expect(html).not.toMatch(/website|error-website/);
      expect(await count("SELECT count(*) AS n FROM reports WHERE township_code = ?1", area.township)).toBe(0);
    });

    it("names an unknown township code as a field error", async () => {
      const area = await makeArea();
      const html = await (await postForm("/report", formFields(validReport(area, { townshipCode: "999999999" })))).text();
      expect(html).toMatch(/id="error-townshipCode"[^>]*>没有这个乡镇（街道）代码/);
    });
  });

  describe("POST /report that succeeds", () => {
    it("answers with the receipt page itself: no redirect, not cached, the code grouped and stored only as a hash", async () => {
      const area = await makeArea();
      const res = await postForm("/report", formFields(validReport(area)));
      expect(res.status).toBe(201);
      expect(res.headers.get("location")).toBeNull();
      expect(res.headers.get("cache-control")).toBe("no-store");
      const html = await res.text();
      const code = receiptCodeIn(html);
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
      expect(html).toContain("无法找回");
      const row = await env.DB.prepare("SELECT receipt_hash AS h, received_on AS d, status FROM reports WHERE township_code = ?1")
        .bind(area.township)
        .first<{ h: string; d: string; status: string }>();
      expect(row?.h).toMatch(/^v1:[0-9a-f]{64}$/);
      expect(row?.h).not.toContain(code.replace(/-/g, ""));
      expect(row?.d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row?.status).toBe("received");
    });

    it("offers consent to forwarding, off by default, and stores it from the no-JS form (issue 10 item 4)", async () => {
      const page = await (await exports.default.fetch("http://localhost/report")).text();
      const box = page.match(/<input[^>]*name="forwardConsent"[^>]*>/)?.[0] ?? "";
      expect(box).toContain('type="checkbox"');
      expect(box).not.toContain("checked");
      expect(page).toContain("如果以后有受理机构加入，同意转交给它");
      const consent = async (fields: Record<string, string>) => {
        const area = await makeArea();
        expect((await postForm("/report", formFields(validReport(area, fields)))).status).toBe(201);
        return env.DB.prepare("SELECT forward_consent AS f FROM reports WHERE township_code = ?1").bind(area.township).first("f");
      };
      expect(await consent({ forwardConsent: "yes" })).toBe(1);
      expect(await consent({})).toBe(0);
      // Kept when the form comes back with errors.
      const area = await makeArea();
      const again = await (await postForm("/report", formFields(validReport(area, { title: "短", forwardConsent: "yes" })))).text();
      expect(again.match(/<input[^>]*name="forwardConsent"[^>]*>/)?.[0]).toContain("checked");
    });

    it("asks to type the last group before anything else, and shows what happens next once it matches", async () => {
      const area = await makeArea();
      const html = await (await postForm("/report", formFields(validReport(area)))).text();
      expect(html).not.toContain("查看办理进度");
      const code = receiptCodeIn(html);
      const wrong = await postForm("/report/confirm", { code, lastGroup: "????" });
      expect(wrong.status).toBe(400);
      const wrongHtml = await wrong.text();
      expect(wrongHtml).toContain("与回执码最后一组不一致");
      expect(receiptCodeIn(wrongHtml)).toBe(code);
      const right = await postForm("/report/confirm", { code, lastGroup: code.slice(-4).toLowerCase() });
      expect(right.status).toBe(200);
      expect(right.headers.get("cache-control")).toBe("no-store");
      const next = await right.text();
      expect(next).toContain("接下来会怎样");
      expect(next).toMatch(/<form method="post" action="\/track">/);
    });
  });
});
