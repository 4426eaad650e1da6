/**
 * The one switch for demo content (issue 10 item 1): a deploy build (`QINGDAN_DEPLOY=1`) of
 * province 43, written to its own output folder, holds no demo body, no demo address, no «演示»,
 * no illustrative list and no page saying a body has joined; `gen:routing` and `load:bodies`
 * apply the same filter. The local demo build (dist/, `npm test`) keeps the demo content.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forBuild } from "../../data/demo-content.ts";
import { DEFAULT_DEADLINES, DutyList } from "../../data/schema/index.ts";
import { translator } from "../../site/i18n/index.ts";
import { routingRulesForBuild } from "../../scripts/gen-routing-rules.ts";
import { readBodies } from "../../scripts/load-bodies.ts";

const OUT = join(".tmp", "deploy-build-test");
/** A filled-in operator file (the repository's own is the local demo, which a deploy build refuses). */
const DEPLOYMENT = join(".tmp", "deploy-build-test-deployment.yaml");
const OPERATOR = "某省基层减负观察社";
const DEPLOYMENT_YAML = `operator: ${OPERATOR}
contact:
  email: contact@jianfu-guancha.cn
privacyContact:
  email: privacy@jianfu-guancha.cn
hosting: 新加坡（Cloudflare Workers）
hostingRegion: outside_mainland_china
repository: https://github.com/qingdan/qingdan
icpFiling:
  status: not_filed
`;
/**
 * What pages and open data show. Island bundles (_astro/*.js) still carry the whole string
 * catalogue, demo labels included, until the islands get their strings as props (issue 16 P7):
 * they are checked for demo ids and addresses only.
 */
const TEXT = /\.(html|json|csv|xml|txt|webmanifest)$/;
const BUNDLE = /\.(js|mjs)$/;

function* files(dir: string, kind = TEXT): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path, kind);
    else if (kind.test(entry.name)) yield path;
  }
}

/** Every page or data file of the build (or bundle) that contains `needle`, relative to the output folder. */
const containing = (needle: string | RegExp, under = OUT, kind = TEXT) =>
  [...files(under, kind)]
    .filter((f) => (typeof needle === "string" ? readFileSync(f, "utf8").includes(needle) : needle.test(readFileSync(f, "utf8"))))
    .map((f) => relative(OUT, f));

const demoBodies = readBodies().filter((b) => b.demo);
const illustrativeTownships = readdirSync("data/duty-lists").filter(
  (code) =>
    /^\d{9}$/.test(code) &&
    readdirSync(join("data/duty-lists", code)).some(
      (f) => DutyList.parse(parse(readFileSync(join("data/duty-lists", code, f), "utf8"))).status === "illustrative",
    ),
);

describe("a deploy build of province 43 (QINGDAN_DEPLOY=1)", () => {
  beforeAll(() => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(".tmp", { recursive: true });
    writeFileSync(DEPLOYMENT, DEPLOYMENT_YAML);
    const result = spawnSync(process.execPath, ["scripts/build.ts"], {
      env: {
        ...process.env,
        QINGDAN_DEPLOY: "1",
        QINGDAN_SITE: "https://qingdan.example",
        QINGDAN_PROVINCES: "43",
        QINGDAN_OUT: OUT,
        QINGDAN_DEPLOYMENT: DEPLOYMENT,
      },
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`deploy build failed:\n${result.stdout}\n${result.stderr}`);
  });
  afterAll(() => {
    rmSync(OUT, { recursive: true, force: true });
    rmSync(DEPLOYMENT, { force: true });
  });

  it("names the operator in every footer, and the about page says there is no 备案 outside mainland China (issue 14 item 5)", () => {
    const t = translator("zh-CN");
    for (const page of ["index.html", "r/431027100/index.html", "about/index.html"]) {
      expect(readFileSync(join(OUT, page), "utf8"), page).toContain(t("footer.operator", { operator: OPERATOR }));
    }
    const about = readFileSync(join(OUT, "about", "index.html"), "utf8");
    expect(about).toContain(t("about.icp.outside"));
    expect(about).toContain("privacy@jianfu-guancha.cn");
    expect(about).toContain('href="https://github.com/qingdan/qingdan"');
    expect(about).not.toContain(t("about.demo"));
  });

  it("built the region pages", () => {
    expect(existsSync(join(OUT, "r", "431027100", "index.html"))).toBe(true);
    expect(demoBodies.length).toBeGreaterThan(0);
    expect(illustrativeTownships).toContain("431027100");
  });

  it("names no demo body and no demo address", () => {
    for (const body of demoBodies) {
      expect(containing(body.id), body.id).toEqual([]);
      expect(containing(body.id, OUT, BUNDLE), body.id).toEqual([]);
    }
    expect(containing("demo.qingdan.invalid")).toEqual([]);
    expect(containing("demo.qingdan.invalid", OUT, BUNDLE)).toEqual([]);
  });

  it("says «演示» nowhere", () => {
    expect(containing("演示")).toEqual([]);
  });

  it("has no illustrative list on any page or in the open data", () => {
    expect(containing('data-testid="illustrative-banner"')).toEqual([]);
    expect(containing(translator("zh-CN")("portal.illustrative.title"))).toEqual([]);
    const list = DutyList.parse(parse(readFileSync("data/duty-lists/431027100/2025.yaml", "utf8")));
    expect(readFileSync(join(OUT, "r", "431027100", "index.html"), "utf8")).not.toContain(`>${list.parts.basic[0]!.name}</th>`);
    const data = join(OUT, "data");
    expect(containing(/(^|,)illustrative(,|$)/m, data)).toEqual([]);
    expect(containing(/"list_status":\s*"illustrative"/, data)).toEqual([]);
    for (const code of illustrativeTownships) expect(containing(code, data).filter((f) => f.endsWith(".csv") && f.includes("items"))).toEqual([]);
  });

  it("has no page saying that a body has joined", () => {
    for (const lang of ["zh-CN", "en"] as const) {
      const joined = translator(lang)("portal.channels.joined", { bodies: "\u0000" }).split("\u0000")[0]!;
      expect(containing(joined), lang).toEqual([]);
    }
    // County pages say so in one sentence; township pages say it per level of the imposing body.
    expect(readFileSync(join(OUT, "r", "431027", "index.html"), "utf8")).toContain(translator("zh-CN")("portal.channels.not_joined"));
    // Where no body has joined, the page says how one joins.
    expect(readFileSync(join(OUT, "r", "431027", "index.html"), "utf8")).toContain('<a href="/join/" data-testid="join-link">');
    const township = readFileSync(join(OUT, "r", "431027100", "index.html"), "utf8");
    expect(township).toContain('data-reach="none"');
    expect(township).not.toContain('data-reach="bodies"');
  });

  it("has /join ask bodies to write to the operator's real contact, with the default deadlines (issue 10 item 5)", () => {
    for (const [path, lang] of [
      ["join", "zh-CN"],
      ["en/join", "en"],
    ] as const) {
      const html = readFileSync(join(OUT, path, "index.html"), "utf8");
      expect(html, path).toContain('<a href="mailto:contact@jianfu-guancha.cn">contact@jianfu-guancha.cn</a>');
      expect(html, path).toContain(OPERATOR);
      expect(html, path).not.toContain(translator(lang)("about.placeholder_address"));
      expect(html, path).toContain(
        translator(lang)("join.deadlines.body", { ack: DEFAULT_DEADLINES.acknowledge, conclude: DEFAULT_DEADLINES.conclude }).replaceAll("'", "&#39;"),
      );
    }
  });
});

describe("the same filter for gen:routing and load:bodies", () => {
  it("leaves the demo rules out of a deploy build and keeps the catch-all last", () => {
    const deploy = routingRulesForBuild(true).rules;
    expect(deploy.map((r) => r.id)).not.toContain("chenzhou-off-list-tasks");
    expect(deploy.some((r) => r.demo)).toBe(false);
    expect(deploy.at(-1)!.when).toEqual({});
    expect(routingRulesForBuild(false).rules.map((r) => r.id)).toContain("chenzhou-off-list-tasks");
  });

  it("leaves the demo bodies out of a deploy build and keeps them in the demo", () => {
    expect(forBuild(readBodies(), true).some((b) => b.demo)).toBe(false);
    expect(forBuild(readBodies(), false)).toHaveLength(readBodies().length);
  });
});
