/**
 * Every Chinese page of the build (`npm test` builds province 43; every HTML file outside /en/)
 * shows no English prose and none of the project's internal vocabulary, in its text or in the
 * attributes a reader sees or hears (title, alt, aria-label, placeholder, meta description).
 * The rules are check:data's (data/schema/zh-text.ts). Text an element marks as English
 * (lang="en", the language switch) is not Chinese and is skipped; nothing else is.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clauses, englishProse, internalWords } from "../../data/schema/index.ts";
import { htmlFiles } from "../../scripts/bench-build.ts";

/** The build to scan: dist/ (the test build), or QINGDAN_OUT (e.g. a national build elsewhere). */
const DIST = process.env.QINGDAN_OUT ?? "dist";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? whole),
  );

/** What a reader of the page sees or hears, as separate pieces (text between tags, shown attributes). */
export function visibleTexts(html: string): string[] {
  const body = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1>/gi, " ")
    // Elements marked as English (no nesting of the same tag inside them on our pages).
    .replace(/<(\w+)\b[^>]*\slang="en"[^>]*>[\s\S]*?<\/\1>/g, " ");
  const pieces: string[] = [];
  for (const tag of body.match(/<[^>]+>/g) ?? []) {
    for (const [, , value] of tag.matchAll(/\s(title|alt|aria-label|placeholder)="([^"]*)"/g)) pieces.push(decode(value!));
    if (/^<meta\b/.test(tag) && /name="description"/.test(tag)) pieces.push(decode(/content="([^"]*)"/.exec(tag)?.[1] ?? ""));
  }
  for (const text of body.replace(/<[^>]+>/g, "\n").split("\n")) if (text.trim()) pieces.push(decode(text.trim()));
  return pieces;
}

describe("Chinese pages of the build", () => {
  const pages = htmlFiles(DIST).filter((f) => !f.startsWith(join(DIST, "en")));

  it("are the pages of the test build, in Chinese", () => {
    expect(pages.length).toBeGreaterThan(2000);
    const notChinese = pages.filter((f) => !/<html lang="zh-CN"/.test(readFileSync(f, "utf8")));
    expect(notChinese).toEqual([]);
  });

  it("show no English prose and no internal vocabulary", () => {
    const found = new Map<string, string[]>();
    for (const page of pages) {
      for (const piece of visibleTexts(readFileSync(page, "utf8")).flatMap(clauses)) {
        const problems = [
          ...englishProse(piece).map((run) => `English prose «${run}»`),
          ...internalWords(piece).map((w) => `internal word (${w}) in «${piece.slice(0, 80)}»`),
        ];
        if (problems.length === 0) continue;
        for (const p of problems) (found.get(p) ?? found.set(p, []).get(p)!).push(page.slice(DIST.length));
      }
    }
    // One line per problem with the number of pages and the first page, so a failure stays readable.
    const report = [...found].map(([problem, where]) => `${problem} on ${where.length} page(s), e.g. ${where[0]}`);
    expect(report).toEqual([]);
  });
});
