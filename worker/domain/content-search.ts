/**
 * The item and measure search's result shape (issue 13), for the section «清单事项和减负措施» of
 * /search/ and `/api/search?kind=items`: a duty item names its township with its chain
 * («沤江镇（湖南省 郴州市 桂东县）»), a village list item its list and area, a measure its issuer and date.
 */
import { placeLabel } from "../../data/schema/division.ts";
import type { ContentHit } from "../db/content.ts";
import type { ContentKind } from "../db/content-rows.ts";
import type { MatchTier } from "../db/places.ts";
import type { MeasureDateKind } from "../../data/schema/measure.ts";

export interface ContentResult {
  id: string;
  kind: ContentKind;
  /** The item's name or the measure's title. */
  title: string;
  /** The page (and anchor) showing it; null for a national village list without a source address. */
  href: string | null;
  tier: MatchTier;
  inSummary: boolean;
  /** Duty item: basic, assisting, returned; village item: main, assisting, negative; measure: null. */
  part: string | null;
  /** Duty item: «沤江镇（湖南省 郴州市 桂东县）»; village item: its area («湖北省»), null when national; measure: null. */
  place: string | null;
  /** Duty item: the list's issuer; village item: the list's title; measure: its issuer. */
  source: string;
  /** Duty and village item: the list's version; measure: its best known date (YYYY-MM-DD); null when none is given. */
  dated: string | null;
  /** A measure's: `measure` when `dated` is its own date (措施日期), `report` when its first report's (报道日期); else null. */
  dateKind: MeasureDateKind | null;
  illustrative: boolean;
}

export function contentResult(hit: ContentHit): ContentResult {
  return {
    id: hit.id,
    kind: hit.kind,
    title: hit.title,
    href: hit.href,
    tier: hit.tier,
    inSummary: hit.inSummary,
    part: hit.part,
    place: hit.areaNames.length ? placeLabel(hit.areaNames, "full") : null,
    source: hit.source,
    dated: hit.dated,
    dateKind: hit.dateKind,
    illustrative: hit.illustrative,
  };
}
