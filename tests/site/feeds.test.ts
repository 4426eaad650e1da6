/**
 * The RSS 2.0 feeds of the test build (`npm test` builds province 43): every feed parses, says
 * it is Chinese and where it lives (atom:link rel="self"), and every item carries an RFC 822
 * pubDate (the measure's own date, else its first report's), an absolute link under the
 * configured origin (QINGDAN_SITE) and a unique guid. Home and province pages point at them.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { bestKnownDate, isDay, MeasureFrontmatter } from "../../data/schema/index.ts";
import { isDemoContent, isDeployBuild } from "../../data/demo-content.ts";

/** The build to read: dist/ (the test build), or QINGDAN_OUT. */
const DIST = process.env.QINGDAN_OUT ?? "dist";
const ORIGIN = new URL(process.env.QINGDAN_SITE ?? "http://localhost:8787").origin;
const provinces = (process.env.QINGDAN_PROVINCES ?? "43").split(",");
const FEEDS = ["/measures/rss.xml", ...provinces.map((p) => `/measures/rss/${p}.xml`)];
/** RFC 822 as RSS 2.0 uses it (day name optional, four-digit year allowed, GMT or a numeric zone). */
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["item", "category", "atom:link"].includes(name) });
const measures = new Map<string, MeasureFrontmatter>(
  readdirSync("data/measures")
    .filter((f) => f.endsWith(".md"))
    .map((f) => {
      const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join("data/measures", f), "utf8"))![1]!;
      return [`${ORIGIN}/measures/${f.replace(/\.md$/, "")}/`, MeasureFrontmatter.parse(parseYaml(front))];
    }),
);

interface Item {
  title: string;
  link: string;
  guid: { "#text": string; "@isPermaLink"?: string };
  pubDate?: string;
}

describe.each(FEEDS)("the feed %s", (path) => {
  const xml = readFileSync(join(DIST, path), "utf8");
  const rss = parser.parse(xml).rss;
  const channel = rss.channel;
  const items: Item[] = channel.item ?? [];

  it("is well-formed RSS 2.0 in Chinese that names its own address", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(rss["@version"]).toBe("2.0");
    expect(rss["@xmlns:atom"]).toBe("http://www.w3.org/2005/Atom");
    expect(channel.language).toBe("zh-cn");
    expect(channel["atom:link"]).toEqual([{ "@href": `${ORIGIN}${path}`, "@rel": "self", "@type": "application/rss+xml" }]);
    expect(channel.link).toBe(`${ORIGIN}/`);
    expect(items.length).toBeGreaterThan(0);
  });

  it("dates every item in RFC 822 with the measure's best known date, newest first", () => {
    for (const item of items) {
      expect(item.pubDate, item.link).toMatch(RFC822);
      const measure = measures.get(item.link);
      expect(measure, item.link).toBeDefined();
      const best = bestKnownDate(measure!)!;
      // Noon in Beijing is 04:00 GMT on the same calendar day.
      expect(new Date(item.pubDate!).toISOString().slice(0, 10), item.link).toBe(best.date);
    }
    const times = items.map((i) => Date.parse(i.pubDate!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("links every item absolutely under the origin, to a page that exists, with a unique permalink guid", () => {
    for (const item of items) {
      expect(item.link.startsWith(`${ORIGIN}/measures/`), item.link).toBe(true);
      expect(existsSync(join(DIST, new URL(item.link).pathname, "index.html")), item.link).toBe(true);
      expect(item.guid).toEqual({ "#text": item.link, "@isPermaLink": "true" });
    }
    const guids = items.map((i) => i.guid["#text"]);
    expect(new Set(guids).size).toBe(guids.length);
  });
});

describe("feed discovery", () => {
  const alternates = (html: string) => [...html.matchAll(/<link rel="alternate" type="application\/rss\+xml" href="([^"]+)"/g)].map((m) => m[1]);

  it("the home page points at the national feed", () => {
    expect(alternates(readFileSync(join(DIST, "index.html"), "utf8"))).toEqual(["/measures/rss.xml"]);
  });

  it.each(provinces)("the page of province %s points at its feed", (code) => {
    expect(alternates(readFileSync(join(DIST, "r", code, "index.html"), "utf8"))).toEqual([`/measures/rss/${code}.xml`]);
  });

  it("every measure dated to the day (and published by this build) is in the national feed", () => {
    const feed: Item[] = parser.parse(readFileSync(join(DIST, "measures/rss.xml"), "utf8")).rss.channel.item;
    // A measure dated only to the month (its source gives no day) has no RFC 822 pubDate and stays out.
    const dated = [...measures]
      .filter(([, m]) => isDay(bestKnownDate(m)?.date ?? "") && !(isDeployBuild() && isDemoContent(m)))
      .map(([link]) => link)
      .sort();
    expect(feed.map((i) => i.link).sort()).toEqual(dated);
  });
});
