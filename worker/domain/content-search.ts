/**
 * The item and measure search's result shape (issue 13), for the section «清单事项和减负措施» of
 * /search/ and `/api/search?kind=items`: a duty item names its township with its chain
 * («沤江镇（湖南省 郴州市 桂东县）»), a village list item its list and area, a measure its issuer and date.
 */
import { placeLabel } from "../../data/schema/division.ts";
import type { MeasureDateKind } from "../../data/schema/measure.ts";
import type { MatchTier } from "./place-search.ts";

/** What a search entry is (labels.json `content_kind.*`). */
export const CONTENT_KINDS = ["duty_item", "village_item", "measure"] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** One row of the item and measure search (migration 0005), built from data/ by worker/db/content-rows.ts. */
export interface ContentEntry {
  id: string;
  kind: ContentKind;
  /** The item's name or the measure's title. */
  title: string;
  /** The page (and anchor) showing it; null for a national village list without a source address. */
  href: string | null;
  /** 'CN', a division code or null (measures). */
  area: string | null;
  /** Duty item: basic, assisting, returned; village item: main, assisting, negative; measure: null. */
  part: string | null;
  /** Duty item: the list's issuer; village item: the list's title; measure: its issuer. */
  source: string;
  /** Duty and village item: the list's version; measure: its best known date (YYYY-MM-DD); null when none is given. */
  dated: string | null;
  /** A measure's: whose date `dated` is (data/schema/measure.ts bestKnownDate). */
  dateKind: MeasureDateKind | null;
  illustrative: boolean;
  /** Search keys: [key, field], field 0 the name or title, 1 a summary. */
  keys: [key: string, field: 0 | 1][];
}

/** An entry as found (worker/db/content.ts `searchContent`): its stored fields with how it matched and where it lies. */
export type ContentHit = Omit<ContentEntry, "keys"> & {
  tier: MatchTier;
  /** Found in a measure's summary, not its title. */
  inSummary: boolean;
  /** Names from the province down to the area (placeLabel formats them); empty for 'CN' and measures. */
  areaNames: string[];
};

/** A hit as the search shows it: the place named instead of coded (ContentEntry documents the fields). */
export type ContentResult = Omit<ContentHit, "area" | "areaNames"> & {
  /** Duty item: «沤江镇（湖南省 郴州市 桂东县）»; village item: its area («湖北省»), null when national; measure: null. */
  place: string | null;
};

export function contentResult({ area: _area, areaNames, ...hit }: ContentHit): ContentResult {
  return { ...hit, place: areaNames.length ? placeLabel(areaNames, "full") : null };
}
