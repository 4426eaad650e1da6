/**
 * Every Chinese page of the build (`npm test` builds province 43; every HTML file outside /en/)
 * shows no English prose and none of the project's internal vocabulary, in its text or in the
 * attributes a reader sees or hears (title, alt, aria-label, placeholder, meta description).
 * The rules are check:data's (data/schema/zh-text.ts). Text an element marks as English
 * (lang="en", the language switch) is not Chinese and is skipped.
 *
 * Text that comes from a field on check:data's TEMPORARY allow-list
 * (data/check-data-temporary-allow.yaml) is skipped too: when that file goes, this scan is strict.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { clauses, englishProse, internalWords } from "../../data/schema/index.ts";
import { TEMPORARY_ALLOW_FILE } from "../../scripts/check-data.ts";
import { htmlFiles } from "../../scripts/bench-build.ts";

/** The build to scan: dist/ (the test build), or QINGDAN_OUT (e.g. a national build elsewhere). */
const DIST = process.env.QINGDAN_OUT ?? "dist";


const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? whole));

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

/** Letters and digits only, so that Markdown, smart quotes and spacing do not hide a match. */
const normalise = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, "").toLowerCase();

/** The values of the fields check:data allows temporarily, normalised. */
function temporarilyAllowed(): string[] {
  if (!existsSync(TEMPORARY_ALLOW_FILE)) return [];
  const entries = parseYaml(readFileSync(TEMPORARY_ALLOW_FILE, "utf8")) as Record<string, string[]>;
  const values: string[] = [];
  for (const [file, keys] of Object.entries(entries)) {
    const text = readFileSync(file, "utf8");
    const front = file.endsWith(".md") ? /^---\n([\s\S]*?)\n---\n?/.exec(text) : null;
    const record = parseYaml(front ? front[1]! : text) as unknown;
    for (const key of keys) {
      const field = key.split(" ")[0]!;
      if (field === "body" && front) values.push(text.slice(front[0].length));
      else values.push(JSON.stringify(field.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], record) ?? ""));
    }
  }
  return values.map(normalise);
}

describe("Chinese pages of the build", () => {
  const pages = htmlFiles(DIST).filter((f) => !f.startsWith(join(DIST, "en")));
  const allowed = temporarilyAllowed();
  const isAllowed = (piece: string) => allowed.some((v) => v.includes(normalise(piece)));

  it("are the pages of the test build, in Chinese", () => {
    expect(pages.length).toBeGreaterThan(2000);
    const notChinese = pages.filter((f) => !/<html lang="zh-CN"/.test(readFileSync(f, "utf8")));
    expect(notChinese).toEqual([]);
  });

  it("show no English prose and no internal vocabulary", () => {
    const found = new Map<string, string[]>();
    for (const page of pages) {
      for (const piece of visibleTexts(readFileSync(page, "utf8")).flatMap(clauses)) {
        const problems = [...englishProse(piece).map((run) => `English prose «${run}»`), ...internalWords(piece).map((w) => `internal word (${w}) in «${piece.slice(0, 80)}»`)];
        if (problems.length === 0 || isAllowed(piece)) continue;
        for (const p of problems) (found.get(p) ?? found.set(p, []).get(p)!).push(page.slice(DIST.length));
      }
    }
    // One line per problem with the number of pages and the first page, so a failure stays readable.
    const report = [...found].map(([problem, where]) => `${problem} on ${where.length} page(s), e.g. ${where[0]}`);
    expect(report).toEqual([]);
  });
});
