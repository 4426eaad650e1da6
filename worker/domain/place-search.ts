/**
 * The place search's query rules and result shape (issue 13), shared by /search/, /api/search,
 * the report form's picker and /check's township box. A village or community names its
 * township first: «南华村 → 沤江镇（湖南省 郴州市 桂东县）».
 */
import { placeKey, placeLabel, spokenName, type DivisionLevel } from "../../data/schema/division.ts";

/** The longest query accepted, in characters (the longest NBS name is shorter). */
export const MAX_QUERY_CHARS = 40;
export const PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

/** How a search hit matched its key: the whole key, its start, or inside it (place and content search alike). */
export type MatchTier = "exact" | "prefix" | "substring";

/** A place as the search finds it (worker/db/places.ts `searchPlaces`). */
export interface PlaceHit {
  code: string;
  name: string;
  level: DivisionLevel;
  tier: MatchTier;
  /** Found by a former name (data/division-changes.yaml). */
  former: boolean;
  /** Names from the province down to the place itself (placeLabel formats them). */
  names: string[];
}

export type QueryProblem = "empty" | "too_long";

/** The query's search key, or why there is none. */
export function parseQuery(raw: string | undefined): { key: string; text: string } | { problem: QueryProblem; text: string } {
  const text = (raw ?? "").normalize("NFC").trim();
  if ([...text].length > MAX_QUERY_CHARS) return { problem: "too_long", text: [...text].slice(0, MAX_QUERY_CHARS).join("") };
  const key = placeKey(text);
  return key ? { key, text } : { problem: "empty", text };
}

export interface PlaceResult {
  code: string;
  name: string;
  level: DivisionLevel;
  tier: MatchTier;
  former: boolean;
  /** The township the place lies in (a village's or community's), or the township itself. */
  township: { code: string; name: string } | null;
  /** «湖南省 郴州市 桂东县» (placeholder levels left out). */
  chain: string;
  /** «沤江镇（湖南省 郴州市 桂东县）», for a village «南华村 → 沤江镇（湖南省 郴州市 桂东县）». */
  label: string;
  /** The portal page to open: a village's township page. */
  href: string;
}

export function placeResult(hit: PlaceHit): PlaceResult {
  const village = hit.level === "village";
  const page = village ? hit.names.slice(0, -1) : hit.names;
  const pageCode = village ? hit.code.slice(0, 9) : hit.code;
  const name = spokenName(hit.name);
  return {
    code: hit.code,
    name,
    level: hit.level,
    tier: hit.tier,
    former: hit.former,
    township: hit.level === "township" || village ? { code: hit.code.slice(0, 9), name: page[page.length - 1]! } : null,
    chain: placeLabel(page, "chain"),
    label: village ? `${name} → ${placeLabel(page, "full")}` : placeLabel(page, "full"),
    href: `/r/${pageCode}/`,
  };
}
