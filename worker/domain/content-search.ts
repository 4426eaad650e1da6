/**
 * The item and measure search's result shape (issue 13), for the section «清单事项和减负措施» of
 * /search/ and `/api/search?kind=items`: a duty item names its township with its chain
 * («沤江镇（湖南省 郴州市 桂东县）»), a village list item its list and area, a measure its issuer and date.
 */
import { placeLabel } from "../../data/schema/division.ts";
import type { ContentHit } from "../db/content.ts";

/** A hit as the search shows it: the place named instead of coded (content-rows.ts ContentEntry documents the fields). */
export type ContentResult = Omit<ContentHit, "area" | "areaNames"> & {
  /** Duty item: «沤江镇（湖南省 郴州市 桂东县）»; village item: its area («湖北省»), null when national; measure: null. */
  place: string | null;
};

export function contentResult({ area: _area, areaNames, ...hit }: ContentHit): ContentResult {
  return { ...hit, place: areaNames.length ? placeLabel(areaNames, "full") : null };
}
