/**
 * The rows of the item and measure search (migration 0005) from data/: the current version of each
 * township's duty list, the village lists and the measures. Only names, titles and summaries are
 * keys (no part headings, bases or notes: boilerplate would match everything). Plain SQL text, for
 * scripts/load-content.ts and the tests (no D1 binding needed).
 */
import { textKey } from "../../data/schema/division.ts";
import { byCurrentFirst, DUTY_PARTS, dutyItemAnchor, type DutyList } from "../../data/schema/duty-list.ts";
import { bestKnownDate, measurePath, type MeasureFrontmatter } from "../../data/schema/measure.ts";
import { VILLAGE_PARTS, villageListAnchor, type VillageList } from "../../data/schema/village-list.ts";
import { sql } from "./sql-literal.ts";
import type { ContentEntry } from "../domain/content-search.ts";

export interface ContentData {
  /** Every version of every township's list (the current one of each is indexed). */
  dutyLists: DutyList[];
  villageLists: VillageList[];
  measures: { id: string; data: MeasureFrontmatter }[];
}

/** Where a village list is shown: its area's region page (a village's own list: its township's), a national one's source. */
function villageListHref(list: VillageList): string | null {
  if (list.area === "CN") return list.source?.url ?? null;
  const page = list.area.length === 12 ? list.area.slice(0, 9) : list.area;
  return `/r/${page}/#${villageListAnchor(list.id)}`;
}

export function contentEntries(data: ContentData): ContentEntry[] {
  const out: ContentEntry[] = [];
  const current = new Map<string, DutyList>();
  for (const list of [...data.dutyLists].sort(byCurrentFirst)) if (!current.has(list.township)) current.set(list.township, list);
  for (const list of [...current.values()].sort((a, b) => a.township.localeCompare(b.township))) {
    for (const part of DUTY_PARTS) {
      list.parts[part].forEach((item, i) =>
        out.push({
          id: `d:${list.township}:${part}:${i + 1}`,
          kind: "duty_item",
          title: item.name,
          href: `/r/${list.township}/#${dutyItemAnchor(part, i)}`,
          area: list.township,
          part,
          source: list.issuer,
          dated: list.version,
          dateKind: null,
          illustrative: list.status === "illustrative",
          keys: [[textKey(item.name), 0]],
        }),
      );
    }
  }
  for (const list of data.villageLists) {
    for (const part of VILLAGE_PARTS) {
      list.parts[part].forEach((item, i) =>
        out.push({
          id: `v:${list.id}:${part}:${i + 1}`,
          kind: "village_item",
          title: item.name,
          href: villageListHref(list),
          area: list.area,
          part,
          source: list.title,
          dated: list.version ?? null,
          dateKind: null,
          illustrative: list.status === "illustrative",
          keys: [[textKey(item.name), 0]],
        }),
      );
    }
  }
  for (const { id, data: m } of data.measures) {
    const best = bestKnownDate(m);
    out.push({
      id: `m:${id}`,
      kind: "measure",
      title: m.title,
      href: measurePath(id),
      area: null,
      part: null,
      source: m.issuer,
      dated: best?.date ?? null,
      dateKind: best?.kind ?? null,
      illustrative: m.status === "illustrative",
      keys: [
        [textKey(m.title), 0],
        [textKey(m.summary), 1],
      ],
    });
  }
  // A key equal to another of the same entry (a summary repeating the title) is kept once, as the title.
  for (const e of out) e.keys = e.keys.filter(([key], i) => key !== "" && e.keys.findIndex(([k]) => k === key) === i);
  return out;
}

/** The longest key, in characters: item names are at most 500 (data/schema/duty-list.ts). */
const MAX_KEY_CHARS = 2000;

/** Statements replacing every row of the three tables (small: a few thousand rows at most), bigrams computed in D1. */
export function contentSql(entries: ContentEntry[]): string[] {
  const out = ["DELETE FROM content_ngrams;", "DELETE FROM content_keys;", "DELETE FROM content_entries;"];
  for (let i = 0; i < entries.length; i += 200) {
    const chunk = entries.slice(i, i + 200);
    const rows = chunk.map(
      (e) => `(${[e.id, e.kind, e.title, e.href, e.area, e.part, e.source, e.dated, e.dateKind, e.illustrative ? 1 : 0].map(sql).join(",")})`,
    );
    out.push(`INSERT INTO content_entries (id, kind, title, href, area, part, source, dated, date_kind, illustrative) VALUES\n${rows.join(",\n")};`);
    const keys = chunk.flatMap((e) => e.keys.map(([key, field]) => `(${sql(key)},${sql(e.id)},${field})`));
    if (keys.length) out.push(`INSERT OR IGNORE INTO content_keys (key, id, field) VALUES\n${keys.join(",\n")};`);
  }
  // Keys hold letters and digits only (textKey), so substr(key, i, 2) are exactly its bigrams.
  out.push(`INSERT OR IGNORE INTO content_ngrams (gram, id)
  WITH RECURSIVE pos(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM pos WHERE i < ${MAX_KEY_CHARS})
  SELECT substr(k.key, pos.i, 2), k.id FROM content_keys k JOIN pos ON pos.i < length(k.key);`);
  return out;
}
