/**
 * Public response figures (issue #6 §8), computed from the report rows: per body and per area,
 * received, acknowledged within the deadline, median working days from first delivery to a
 * conclusion, share substantiated, resolution and reopen rates, each with its denominator;
 * received by category and by month. Rates of units with fewer than MIN_RATED reports are not
 * published, and nothing is ranked. Counts pass through small-cell suppression.
 */
import { isResolvedOutcome } from "./lifecycle.ts";
import type { ReportOutcome } from "./report-status.ts";
import { suppress, MIN_CELL, type PublishedTable } from "./suppression.ts";
import { isWorkingDay } from "./working-days.ts";

/** No body or area gets rates (or could be compared) on fewer reports than this. */
export const MIN_RATED = 10;

/** Key of the reports held by no joined body (routed to an official channel instead). */
export const UNASSIGNED = "_unassigned";

export interface StatsRow {
  body_id: string | null;
  area: string;
  category: string;
  month: string;
  outcome: ReportOutcome | null;
  first_delivered_on: string | null;
  acknowledged_on: string | null;
  ack_due_on: string | null;
  concluded_on: string | null;
  reopened: number;
  /** The reporter's rating of the handling (1–5), or null. */
  rating: number | null;
}

export interface Rate {
  numerator: number;
  denominator: number;
}

export interface UnitFigures {
  key: string;
  received: number | null;
  suppressed: "primary" | "secondary" | null;
  /** Present only when the unit has at least MIN_RATED reports. */
  rates: {
    acknowledgedInTime: Rate;
    substantiated: Rate;
    resolved: Rate;
    reopened: Rate;
    medianWorkingDaysToConclusion: number | null;
    /** Reporters' ratings: mean and count, only when at least MIN_CELL reports were rated. */
    rating: { mean: number; count: number } | null;
  } | null;
}

export interface PublicStats {
  total: number | null;
  minCell: number;
  minRated: number;
  byBody: UnitFigures[];
  byArea: UnitFigures[];
  byCategory: PublishedTable;
  byMonth: PublishedTable;
}

/** Working-day counter with a cache per day, so 100,000 reports cost one calendar pass. */
function workingDayCounter() {
  const DAY = 86_400_000;
  const cache = new Map<string, number>();
  let origin: number | null = null;
  let cumulative: number[] = [];
  const index = (day: string) => {
    const t = Date.parse(`${day}T00:00:00Z`);
    if (origin === null) origin = t - 400 * DAY;
    let i = Math.round((t - origin) / DAY);
    if (i < 0) return 0;
    while (cumulative.length <= i) {
      const n = cumulative.length;
      const d = new Date(origin + n * DAY).toISOString().slice(0, 10);
      cumulative.push((cumulative[n - 1] ?? 0) + (isWorkingDay(d) ? 1 : 0));
    }
    return cumulative[i]!;
  };
  return (start: string, end: string) => {
    const k = `${start}|${end}`;
    let v = cache.get(k);
    if (v === undefined) {
      v = Math.max(0, index(end) - index(start));
      cache.set(k, v);
    }
    return v;
  };
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Mean rating of a unit, or null under MIN_CELL ratings (so no one rating can be singled out). */
function meanRating(rows: StatsRow[]): { mean: number; count: number } | null {
  const ratings = rows.flatMap((r) => (r.rating ? [r.rating] : []));
  if (ratings.length < MIN_CELL) return null;
  return { mean: Math.round((10 * ratings.reduce((a, b) => a + b, 0)) / ratings.length) / 10, count: ratings.length };
}

function unitFigures(groups: Map<string, StatsRow[]>, today: string, between: (a: string, b: string) => number): UnitFigures[] {
  const table = suppress([...groups].map(([key, rows]) => ({ key, count: rows.length })));
  return table.cells.map((cell) => {
    const rows = groups.get(cell.key)!;
    let rates: UnitFigures["rates"] = null;
    if (cell.count !== null && rows.length >= MIN_RATED) {
      // Acknowledgement: among reports whose acknowledgement was due by today or was made.
      const ackDue = rows.filter((r) => r.ack_due_on && (r.acknowledged_on || r.ack_due_on < today));
      const withFinding = rows.filter((r) => r.outcome === "substantiated" || r.outcome === "partly_substantiated" || r.outcome === "unsubstantiated" || r.outcome === "remedied");
      const concluded = rows.filter((r) => r.concluded_on);
      rates = {
        acknowledgedInTime: { numerator: ackDue.filter((r) => r.acknowledged_on && r.acknowledged_on <= r.ack_due_on!).length, denominator: ackDue.length },
        substantiated: { numerator: withFinding.filter((r) => r.outcome !== "unsubstantiated").length, denominator: withFinding.length },
        resolved: { numerator: rows.filter((r) => isResolvedOutcome(r.outcome)).length, denominator: rows.length },
        reopened: { numerator: rows.filter((r) => r.reopened).length, denominator: concluded.length + rows.filter((r) => r.reopened && !r.concluded_on).length },
        medianWorkingDaysToConclusion: median(concluded.filter((r) => r.first_delivered_on).map((r) => between(r.first_delivered_on!, r.concluded_on!))),
        rating: meanRating(rows),
      };
    }
    return { key: cell.key, received: cell.count, suppressed: cell.suppressed, rates };
  });
}

function groupBy(rows: StatsRow[], key: (r: StatsRow) => string | null): Map<string, StatsRow[]> {
  const out = new Map<string, StatsRow[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

const countTable = (groups: Map<string, StatsRow[]>) => suppress([...groups].map(([key, rows]) => ({ key, count: rows.length })));

export function computeStats(rows: StatsRow[], today: string): PublicStats {
  const between = workingDayCounter();
  const total = rows.length >= MIN_CELL ? rows.length : null;
  return {
    total,
    minCell: MIN_CELL,
    minRated: MIN_RATED,
    // Reports no joined body holds are a cell of their own, so body cells cannot be recovered from the total.
    byBody: unitFigures(groupBy(rows, (r) => r.body_id ?? UNASSIGNED), today, between),
    byArea: unitFigures(groupBy(rows, (r) => r.area), today, between),
    byCategory: countTable(groupBy(rows, (r) => r.category)),
    byMonth: countTable(groupBy(rows, (r) => r.month)),
  };
}

/** The rows behind the figures (one pass over reports; the result is cached by the route). */
export const STATS_SQL = `SELECT a.body_id, substr(r.township_code, 1, 6) AS area, r.category, substr(r.received_on, 1, 7) AS month, r.outcome,
  r.first_delivered_on, r.acknowledged_on, a.ack_due_on, r.concluded_on,
  EXISTS (SELECT 1 FROM report_events e WHERE e.report_id = r.id AND e.kind = 'reopen') AS reopened, g.rating
  FROM reports r LEFT JOIN report_assignments a ON a.report_id = r.id AND a.active = 1 LEFT JOIN report_ratings g ON g.report_id = r.id
  WHERE r.merged_into IS NULL AND (?1 IS NULL OR substr(r.received_on, 1, 4) = ?1)`;
