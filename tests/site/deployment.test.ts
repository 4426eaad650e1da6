/**
 * Who runs the service (issue 14 item 5): a deploy build refuses an unfilled operator file, the
 * local demo says «本地演示实例，未部署», and the privacy notice states the worker's own numbers.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { Deployment, unfilledDeploymentFields } from "../../data/schema/index.ts";
import { translator } from "../../site/i18n/index.ts";
// The worker's modules take these from the same module (tests/worker/data-policy.test.ts).
import { DEFAULT_MAX_AGE_DAYS, DEFAULT_RETENTION_DAYS, MIN_CELL, MIN_RATED, ORPHAN_UPLOAD_DAYS } from "../../worker/domain/data-policy.ts";
import { REPORT_LIMITS } from "../../data/schema/report.ts";

const repoFile = Deployment.parse(parse(readFileSync("data/deployment.yaml", "utf8")));
const filled = Deployment.parse({
  operator: "某省基层减负观察社",
  contact: { email: "contact@jianfu-guancha.cn" },
  privacyContact: { email: "privacy@jianfu-guancha.cn" },
  hosting: "新加坡",
  hostingRegion: "outside_mainland_china",
  repository: "https://github.com/qingdan/qingdan",
  icpFiling: { status: "not_filed" },
});

describe("the operator file (data/deployment.yaml)", () => {
  it("is the local demo in the repository: every field a deployment must fill in is listed", () => {
    expect(unfilledDeploymentFields(repoFile)).toEqual(["operator", "contact", "privacyContact", "hosting", "hostingRegion", "repository"]);
  });

  it("is complete when filled in", () => {
    expect(unfilledDeploymentFields(filled)).toEqual([]);
  });

  it.each([
    ["an example.org address", { ...filled, contact: { email: "x@example.org", placeholder: false } }, ["contact"]],
    ["a placeholder flag", { ...filled, privacyContact: { email: "p@jianfu-guancha.cn", placeholder: true } }, ["privacyContact"]],
    ["a missing hosting region", { ...filled, hostingRegion: undefined }, ["hostingRegion"]],
  ])("is unfilled with %s", (_, value, expected) => {
    expect(unfilledDeploymentFields(value as Deployment)).toEqual(expected);
  });

  it("stops a deploy build before it builds anything", () => {
    const result = spawnSync(process.execPath, ["scripts/build.ts"], {
      env: {
        ...process.env,
        QINGDAN_DEPLOY: "1",
        QINGDAN_SITE: "https://qingdan.example",
        QINGDAN_PROVINCES: "43",
        QINGDAN_OUT: ".tmp/never-built",
        QINGDAN_DEPLOYMENT: "",
      },
      encoding: "utf8",
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("operator, contact, privacyContact, hosting, hostingRegion, repository");
  });
});

describe("the local demo build (dist/, npm run test:build)", () => {
  const t = translator("zh-CN");
  const about = readFileSync("dist/about/index.html", "utf8");

  it("says «本地演示实例，未部署» in every footer and on the about page", () => {
    expect(t("about.demo")).toBe("本地演示实例，未部署");
    for (const page of ["dist/index.html", "dist/r/431027100/index.html", "dist/en/index.html"])
      expect(readFileSync(page, "utf8"), page).toContain('data-testid="footer-demo"');
    expect(about).toContain('data-testid="demo-instance"');
  });

  it("says the demo's operator and host in the page's language: no Chinese stand-in on /en", () => {
    const en = translator("en");
    for (const page of ["dist/en/about/index.html", "dist/en/join/index.html"]) {
      const html = readFileSync(page, "utf8");
      expect(html, page).not.toContain("本地演示实例");
      expect(html, page).toContain(en("about.demo"));
    }
    expect(readFileSync("dist/en/about/index.html", "utf8")).toContain(en("about.demo.hosting"));
    expect(about).toContain(t("about.demo.hosting"));
  });

  it("states in its privacy notice the numbers the worker applies", () => {
    const notice = about.slice(about.indexOf('data-testid="privacy-notice"'));
    expect(notice).toContain(`反映办结 ${DEFAULT_RETENTION_DAYS} 天后`);
    expect(notice).toContain(`收到 ${DEFAULT_MAX_AGE_DAYS} 天后同样删除`);
    expect(notice).toContain(`${ORPHAN_UPLOAD_DAYS} 天后删除`);
    expect(notice).toContain(`少于 ${MIN_CELL} 件的格子不公布，不足 ${MIN_RATED} 件的机构或地区`);
    expect(notice).toContain(`最多 ${REPORT_LIMITS.evidenceFiles} 个，每个不超过 ${REPORT_LIMITS.evidenceBytes / 1024 / 1024} MB`);
  });
});
