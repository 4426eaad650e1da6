/**
 * Build tests over the generated HTML of the test subset (`npm test` builds province 43,
 * Hunan, before vitest runs): every township has a page, lists show every item and their
 * source, illustrative lists their banner, the rest the not-published statement, and no
 * internal link is broken.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadDivisions } from "../../data/divisions.ts";
import { DUTY_PARTS, DutyList } from "../../data/schema/index.ts";
import { htmlFiles } from "../../scripts/bench-build.ts";

const DIST = "dist";
const divisions = loadDivisions();
const provinces = (process.env.QINGDAN_PROVINCES ?? "43").split(",");
const townships = divisions.all("township").filter((d) => provinces.includes(d.code.slice(0, 2)));
const page = (path: string) => readFileSync(join(DIST, path, "index.html"), "utf8");
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

/** A row header with this text (tables carry data-label for narrow screens, site/lib/table-labels.ts). */
const rowHeader = (name: string) => new RegExp(`<th scope="row"(?: data-label="[^"]*")?>${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</th>`);

describe("region pages of the test subset", () => {
  it("builds a page for every township-level unit, non-administrative units included", () => {
    expect(townships.length).toBeGreaterThan(1900);
    const missing = townships.filter((t) => !existsSync(join(DIST, "r", t.code, "index.html")));
    expect(missing.map((t) => t.code)).toEqual([]);
  });

  it("marks a non-administrative unit as such", () => {
    const unit = townships.find((t) => t.type === "non_administrative");
    expect(unit).toBeDefined();
    expect(text(page(`r/${unit!.code}`))).toContain("非行政区划单位");
  });

  it("shows every item of 沤江镇's current list, its issuer, version and the illustrative banner", () => {
    const list = DutyList.parse(parseYaml(readFileSync("data/duty-lists/431027100/2025.yaml", "utf8")));
    const html = page("r/431027100");
    for (const part of DUTY_PARTS) for (const item of list.parts[part]) expect(html).toMatch(rowHeader(item.name));
    expect(html).toContain('data-testid="illustrative-banner"');
    expect(text(html)).toContain(list.issuer);
    expect(text(html)).toContain("2025");
    expect(html).toContain('href="/r/431027100/history/"');
  });

  it("lists the villages of a township so a resident who knows only the village finds it", () => {
    const village = divisions.villagesOf("431027100")[0]!;
    expect(page("r/431027100")).toContain(`<li>${village.name}</li>`);
  });

  it("says plainly that a township without a list is not yet published here", () => {
    const html = page("r/431027102");
    expect(html).toContain('data-testid="not-published"');
    expect(html).not.toContain("illustrative-banner");
    expect(html).toContain('href="/report?township=431027102"');
  });

  it("invites the official file by the operator's contact instead of a developer command (UX 2)", () => {
    const deployment = parseYaml(readFileSync("data/deployment.yaml", "utf8")) as { contact: { email: string } };
    const html = text(page("r/431027102"));
    expect(html).toContain(deployment.contact.email);
    expect(html).not.toContain("npm run import");
  });

  it("shows a township without a list the national averages of a list, with their source", () => {
    const html = text(page("r/431027102"));
    for (const n of ["340", "117", "99", "124"]) expect(html).toContain(`${n} 项`);
    expect(html).toContain("39.103.169.235");
    expect(html).toContain("原发布者：新华社");
    // A township with its own list does not need them.
    expect(text(page("r/431027100"))).not.toContain("一份清单通常有多少事项");
  });

  it("data A3: home and county figures count official lists only, examples apart", () => {
    for (const path of ["", "r/431027"]) {
      const html = text(readFileSync(join(DIST, path, "index.html"), "utf8"));
      expect(html, path).toMatch(/已收录清单 0 /);
      expect(html, path).toContain("另有 2 份标注为“示例”的演示清单");
    }
  });

  it("links region pages to the area's delivery figures, a township to its county (never narrower)", () => {
    const link = (code: string) => `<a href="/stats?area=${code}" data-testid="area-stats-link">本地区反映的送达情况</a>`;
    expect(page("r/431027102")).toContain(link("431027"));
    expect(page("r/431027102")).not.toContain("/stats?area=431027102");
    expect(page("r/431027")).toContain(link("431027"));
    expect(page("r/4310")).toContain(link("4310"));
    expect(page("r/43")).toContain(link("43"));
  });

  it("shows the list history with the items moved from basic to returned", () => {
    const html = page("r/431027100/history");
    const moved = [...html.matchAll(/<tr data-change="moved">([\s\S]*?)<\/tr>/g)].map((m) => text(m[1]!));
    expect(moved.some((row) => row.includes("基本履职事项") && row.includes("上级部门收回事项"))).toBe(true);
  });

  it("gives a county page its townships with list status and item counts", () => {
    const html = text(page("r/431027"));
    expect(html).toContain("沤江镇");
    expect(html).toContain("已收录（2025 版）");
    expect(html).toContain("未收录");
  });

  it("has a breadcrumb from home down to the page itself on every level", () => {
    const html = page("r/431027100");
    const crumb = html.match(/<nav class="breadcrumb"[\s\S]*?<\/nav>/)![0];
    for (const href of ["/", "/r/43/", "/r/4310/", "/r/431027/", "/r/431027100/"]) expect(crumb).toContain(`href="${href}"`);
    expect(crumb).toContain('aria-current="page"');
  });

  it("ships no JavaScript on pages without islands", () => {
    for (const path of ["r/43", "r/4310", "r/431027", "r/431027102", "measures"]) expect(page(path), path).not.toMatch(/<script/);
  });
});

describe("internal links", () => {
  // Pages the worker answers (wrangler.toml run_worker_first) are not files in dist/.
  const provinces = (process.env.QINGDAN_PROVINCES ?? "43").split(",");
  const WORKER = /^\/(en\/)?(report|track|oversight|stats|check\/find|contribute|coverage\/pending)(\/|\?|$)|^\/api\//;

  it("resolve to a built file everywhere in the subset", () => {
    const broken = new Set<string>();
    for (const file of htmlFiles(DIST)) {
      for (const [, href] of readFileSync(file, "utf8").matchAll(/href="(\/[^"#]*)"/g)) {
        const path = href!.split("?")[0]!;
        if (WORKER.test(href!)) continue;
        // Region pages of provinces outside the test subset are built only in the full build.
        const region = path.match(/^\/r\/(\d{2})/);
        if (region && !provinces.includes(region[1]!)) continue;
        const target = join(DIST, decodeURI(path), path.endsWith("/") ? "index.html" : "");
        if (!existsSync(target)) broken.add(`${file} → ${href}`);
      }
    }
    expect([...broken].slice(0, 20)).toEqual([]);
  });
});
