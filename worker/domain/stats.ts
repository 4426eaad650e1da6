/**
 * Public response figures (issue #6 §8), computed from the report rows: per body and per area,
 * received, acknowledged within the deadline, median working days from first delivery to a
 * conclusion, share substantiated, resolution and reopen rates, each with its denominator;
 * received by category and by month. Rates of units with fewer than MIN_RATED reports are not
 * published, and nothing is ranked. Counts pass through small-cell suppression.
 */
import { FINDING_OUTCOMES, isResolvedOutcome } from "./lifecycle.ts";
import type { ReportOutcome } from "./report-status.ts";
import { suppress, MIN_CELL, type PublishedTable } from "./suppression.ts";
import { isWorkingDay } from "./working-days.ts";

/** No body or area gets rates (or could be compared) on fewer reports than this (stated by the privacy notice). */
import { MIN_RATED } from "./data-policy.ts";
export { MIN_RATED };

/** Key of the reports held by no joined body (routed to an official channel instead). */
export const UNASSIGNED = "_unassigned";

export interface StatsRow {
  body_id: string | null;
  area: string;
  /** 1 on one row per report (see worker/db/stats.ts LEAD_SQL). */
  lead: number;
  category: string;
  month: string;
  outcome: ReportOutcome | null;
  first_delivered_on: string | null;
  acknowledged_on: string | null;
  ack_due_on: string | null;
  concluded_on: string | null;
  reopened: number;
  /** The reporter's rating of this body's handling (1–5), or null (one rating per body case). */
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
  /**
   * Reports that reached no body (no joined body holds them: no active report_assignments row),
   * per county-level area, one cell for each area of byArea; never per township.
   */
  unreachedByArea: PublishedTable;
}

/** Working-day counter with a cache per day, so 100,000 reports cost one calendar pass. */
export function workingDayCounter(): (start: string, end: string) => number {
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

/**
 * What a unit's figures are made of: counts and rate numerators (one SQL GROUP BY can produce
 * them) and the working days to each conclusion (for the median, which no SQL aggregate gives).
 */
export interface UnitTally {
  key: string;
  received: number;
  /** Reports whose acknowledgement was due by today or was made, and of those acknowledged in time. */
  ackDue: number;
  ackInTime: number;
  /** Reports with a finding (substantiated, partly, unsubstantiated, remedied), and of those not unsubstantiated. */
  withFinding: number;
  substantiated: number;
  resolved: number;
  reopened: number;
  concluded: number;
  reopenedOpen: number;
  ratingCount: number;
  ratingSum: number;
  /** Working days from first delivery to conclusion, one per concluded and delivered report. */
  durations: number[];
}

export const emptyTally = (key: string): UnitTally => ({
  key,
  received: 0,
  ackDue: 0,
  ackInTime: 0,
  withFinding: 0,
  substantiated: 0,
  resolved: 0,
  reopened: 0,
  concluded: 0,
  reopenedOpen: 0,
  ratingCount: 0,
  ratingSum: 0,
  durations: [],
});

/** Adds one tally into another (a body's figures from its body × area parts). */
export function addTally(into: UnitTally, t: Omit<UnitTally, "key" | "durations">): void {
  into.received += t.received;
  into.ackDue += t.ackDue;
  into.ackInTime += t.ackInTime;
  into.withFinding += t.withFinding;
  into.substantiated += t.substantiated;
  into.resolved += t.resolved;
  into.reopened += t.reopened;
  into.concluded += t.concluded;
  into.reopenedOpen += t.reopenedOpen;
  addRatings(into, t);
}

/** Adds only the ratings of a tally: an area counts each body case's rating, beside the report counted once. */
export function addRatings(into: UnitTally, t: Pick<UnitTally, "ratingCount" | "ratingSum">): void {
  into.ratingCount += t.ratingCount;
  into.ratingSum += t.ratingSum;
}

/** Mean rating of a unit, or null under MIN_CELL ratings (so no one rating can be singled out). */
function meanRating(t: UnitTally): { mean: number; count: number } | null {
  if (t.ratingCount < MIN_CELL) return null;
  return { mean: Math.round((10 * t.ratingSum) / t.ratingCount) / 10, count: t.ratingCount };
}

/** Units sorted by key, as every table is published. */
const byKey = (tallies: Iterable<UnitTally>) => [...tallies].sort((a, b) => a.key.localeCompare(b.key));

function unitFigures(tallies: Iterable<UnitTally>): UnitFigures[] {
  const units = byKey(tallies);
  const table = suppress(units.map((t) => ({ key: t.key, count: t.received })));
  return table.cells.map((cell, i) => {
    const t = units[i]!;
    let rates: UnitFigures["rates"] = null;
    if (cell.count !== null && t.received >= MIN_RATED) {
      rates = {
        acknowledgedInTime: { numerator: t.ackInTime, denominator: t.ackDue },
        substantiated: { numerator: t.substantiated, denominator: t.withFinding },
        resolved: { numerator: t.resolved, denominator: t.received },
        reopened: { numerator: t.reopened, denominator: t.concluded + t.reopenedOpen },
        medianWorkingDaysToConclusion: median(t.durations),
        rating: meanRating(t),
      };
    }
    return { key: cell.key, received: cell.count, suppressed: cell.suppressed, rates };
  });
}

const countTable = (counts: Iterable<{ key: string; count: number }>) => suppress([...counts].sort((a, b) => a.key.localeCompare(b.key)));

/**
 * Reports that reached no body, per county-level area, suppressed like every count table. Its
 * total is the `UNASSIGNED` cell of the body table: when that cell is hidden (secondary
 * suppression there), this table must not give it away either, by its total or by the sum of
 * its cells, so the total is withheld and, if every cell is published, the smallest is hidden.
 */
function unreachedTable(areas: string[], unreached: Map<string, number>, unassigned: UnitFigures | undefined): PublishedTable {
  const table = suppress(areas.map((key) => ({ key, count: unreached.get(key) ?? 0 })));
  if (unassigned === undefined || unassigned.received !== null || table.total === null) return table;
  const smallest = table.cells.filter((c) => !c.suppressed && c.count! > 0).sort((a, b) => a.count! - b.count! || a.key.localeCompare(b.key))[0];
  if (smallest && !table.cells.some((c) => c.suppressed)) Object.assign(smallest, { count: null, suppressed: "secondary" });
  return { ...table, total: null };
}

/**
 * The published figures from per-unit tallies, per-category and per-month counts, and the
 * number of reports per area that no joined body holds.
 */
export function statsFromTallies(
  byBody: Iterable<UnitTally>,
  byArea: Iterable<UnitTally>,
  byCategory: Iterable<{ key: string; count: number }>,
  byMonth: Iterable<{ key: string; count: number }>,
  unreached: Map<string, number>,
): PublicStats {
  const bodies = unitFigures(byKey(byBody));
  // Areas count each report once; bodies count a report once per holder (security L5).
  const areas = byKey(byArea);
  const received = areas.reduce((s, t) => s + t.received, 0);
  return {
    total: received >= MIN_CELL ? received : null,
    minCell: MIN_CELL,
    minRated: MIN_RATED,
    // Reports no joined body holds are a cell of their own, so body cells cannot be recovered from the total.
    byBody: bodies,
    byArea: unitFigures(areas),
    byCategory: countTable(byCategory),
    byMonth: countTable(byMonth),
    unreachedByArea: unreachedTable(
      areas.map((a) => a.key),
      unreached,
      bodies.find((b) => b.key === UNASSIGNED),
    ),
  };
}

const WITH_FINDING = new Set<ReportOutcome | null>(FINDING_OUTCOMES);

/** Adds one report row to a unit's tally (the same tests as the SQL in STATS_UNITS_SQL). */
function tallyRow(t: UnitTally, r: StatsRow, today: string, between: (a: string, b: string) => number): void {
  const ackDue = Boolean(r.ack_due_on && (r.acknowledged_on || r.ack_due_on < today));
  const finding = WITH_FINDING.has(r.outcome);
  addTally(t, {
    received: 1,
    ackDue: ackDue ? 1 : 0,
    ackInTime: ackDue && r.acknowledged_on && r.acknowledged_on <= r.ack_due_on! ? 1 : 0,
    withFinding: finding ? 1 : 0,
    substantiated: finding && r.outcome !== "unsubstantiated" ? 1 : 0,
    resolved: isResolvedOutcome(r.outcome) ? 1 : 0,
    reopened: r.reopened ? 1 : 0,
    concluded: r.concluded_on ? 1 : 0,
    reopenedOpen: r.reopened && !r.concluded_on ? 1 : 0,
    ratingCount: r.rating ? 1 : 0,
    ratingSum: r.rating ? r.rating : 0,
  });
  if (r.concluded_on && r.first_delivered_on) t.durations.push(between(r.first_delivered_on, r.concluded_on));
}

/** The figures from report rows (the reference for the SQL aggregation in worker/db/stats.ts). */
export function computeStats(rows: StatsRow[], today: string): PublicStats {
  const between = workingDayCounter();
  const bodies = new Map<string, UnitTally>();
  const areas = new Map<string, UnitTally>();
  const categories = new Map<string, number>();
  const months = new Map<string, number>();
  const unreached = new Map<string, number>();
  const tallyOf = (m: Map<string, UnitTally>, key: string) => m.get(key) ?? m.set(key, emptyTally(key)).get(key)!;
  for (const r of rows) {
    tallyRow(tallyOf(bodies, r.body_id ?? UNASSIGNED), r, today, between);
    if (r.body_id === null) unreached.set(r.area, (unreached.get(r.area) ?? 0) + 1);
    if (!r.lead) {
      if (r.rating) addRatings(tallyOf(areas, r.area), { ratingCount: 1, ratingSum: r.rating });
      continue;
    }
    tallyRow(tallyOf(areas, r.area), r, today, between);
    categories.set(r.category, (categories.get(r.category) ?? 0) + 1);
    months.set(r.month, (months.get(r.month) ?? 0) + 1);
  }
  const counts = (m: Map<string, number>) => [...m].map(([key, count]) => ({ key, count }));
  return statsFromTallies(bodies.values(), areas.values(), counts(categories), counts(months), unreached);
}

/**
 * A column of the holding body's own case (migration 0042), or of the report when no body holds
 * it: each body's figures count its own handling (security M4, L5).
 */
export const caseColumn = (column: "outcome" | "acknowledged_on" | "concluded_on") => `CASE WHEN a.body_id IS NULL THEN r.${column} ELSE a.${column} END`;

/** The rows behind the figures, for computeStats() (the reference the SQL aggregation in worker/db/stats.ts is tested against). */
export const STATS_SQL = `SELECT a.body_id, substr(r.township_code, 1, 6) AS area,
  (a.body_id IS NULL OR a.body_id = (SELECT min(x.body_id) FROM report_assignments x WHERE x.report_id = r.id AND x.active = 1)) AS lead, r.category, substr(r.received_on, 1, 7) AS month, ${caseColumn("outcome")} AS outcome,
  r.first_delivered_on, ${caseColumn("acknowledged_on")} AS acknowledged_on, a.ack_due_on, ${caseColumn("concluded_on")} AS concluded_on,
  EXISTS (SELECT 1 FROM report_events e WHERE e.report_id = r.id AND e.kind = 'reopen') AS reopened, g.rating
  FROM reports r LEFT JOIN report_assignments a ON a.report_id = r.id AND a.active = 1 LEFT JOIN report_ratings g ON g.report_id = r.id AND g.body_id = a.body_id
  WHERE r.merged_into IS NULL AND (?1 IS NULL OR substr(r.received_on, 1, 4) = ?1)`;
