/**
 * The public response figures aggregated in SQL (issue #6 §8): counts and rate numerators per
 * body × area with GROUP BY, counts per category × month, and for the median only the
 * (first delivery, conclusion) day pairs of concluded reports, concatenated per body × area.
 * Every query reads reports through reports_stats (a covering index on merged_into, received_on)
 * and the joined tables by primary key; tests/worker/stats-queries.test.ts checks the plans and
 * that the figures equal computeStats() over the report rows.
 */
import { FINDING_OUTCOMES, sqlList, SUBSTANTIATED_OUTCOMES } from "../domain/lifecycle.ts";
import {
  addRatings,
  addTally,
  caseColumn,
  emptyTally,
  statsFromTallies,
  UNASSIGNED,
  workingDayCounter,
  type PublicStats,
  type UnitTally,
} from "../domain/stats.ts";

/** Reports counted: not merged into another, received in [?1, ?2) (a year, or all time). */
const REPORTS = `FROM reports r INDEXED BY reports_stats WHERE r.merged_into IS NULL AND r.received_on >= ?1 AND r.received_on < ?2`;

/** The same reports with each active holder (a report two bodies hold is a row for each). */
const FROM = `FROM reports r INDEXED BY reports_stats
  LEFT JOIN report_assignments a ON a.report_id = r.id AND a.active = 1
  WHERE r.merged_into IS NULL AND r.received_on >= ?1 AND r.received_on < ?2`;

/**
 * 1 on one row per report (its first active holder, or the row of a report no body holds):
 * areas and totals count a report once, bodies count each their own (security L5).
 */
export const LEAD_SQL = `(a.body_id IS NULL OR a.body_id = (SELECT min(x.body_id) FROM report_assignments x WHERE x.report_id = r.id AND x.active = 1))`;

/** Per body × area: counts and rate numerators (the same tests as computeStats()). ?3 = today. */
export const STATS_UNITS_SQL = `SELECT body, area, lead, count(*) AS received,
  sum(ack_due_on IS NOT NULL AND (acknowledged_on IS NOT NULL OR ack_due_on < ?3)) AS ackDue,
  sum(ack_due_on IS NOT NULL AND acknowledged_on IS NOT NULL AND acknowledged_on <= ack_due_on) AS ackInTime,
  sum(outcome IN ${sqlList(FINDING_OUTCOMES)}) AS withFinding,
  sum(outcome IN ${sqlList(SUBSTANTIATED_OUTCOMES)}) AS substantiated,
  sum(outcome IN ${sqlList(FINDING_OUTCOMES)}) AS resolved,
  sum(reopened) AS reopened,
  sum(concluded_on IS NOT NULL) AS concluded,
  sum(reopened AND concluded_on IS NULL) AS reopenedOpen,
  count(rating) AS ratingCount,
  coalesce(sum(rating), 0) AS ratingSum
  FROM (SELECT coalesce(a.body_id, '${UNASSIGNED}') AS body, substr(r.township_code, 1, 6) AS area, ${LEAD_SQL} AS lead, ${caseColumn("outcome")} AS outcome, ${caseColumn("acknowledged_on")} AS acknowledged_on,
    ${caseColumn("concluded_on")} AS concluded_on, a.ack_due_on, g.rating,
    EXISTS (SELECT 1 FROM report_events e WHERE e.kind = 'reopen' AND e.report_id = r.id) AS reopened
    FROM reports r INDEXED BY reports_stats
    LEFT JOIN report_assignments a ON a.report_id = r.id AND a.active = 1
    LEFT JOIN report_ratings g ON g.report_id = r.id AND g.body_id = a.body_id
    WHERE r.merged_into IS NULL AND r.received_on >= ?1 AND r.received_on < ?2)
  GROUP BY body, area, lead`;

/** Counts per category × month (about 16 × 12 rows a year), summed per category and per month in the worker: one pass for both tables. */
export const STATS_COUNTS_SQL = `SELECT r.category AS category, substr(r.received_on, 1, 7) AS month, count(*) AS count ${REPORTS} GROUP BY 1, 2`;

/**
 * Day pairs of concluded, delivered reports per body × area, as one string per unit
 * ("2025-09-01/2025-09-15,…"): tens of thousands of pairs cost far less as a few hundred rows.
 */
export const STATS_DURATIONS_SQL = `SELECT coalesce(a.body_id, '${UNASSIGNED}') AS body, substr(r.township_code, 1, 6) AS area, ${LEAD_SQL} AS lead, group_concat(r.first_delivered_on || '/' || ${caseColumn("concluded_on")}, ',') AS pairs
  ${FROM} AND ${caseColumn("concluded_on")} IS NOT NULL AND r.first_delivered_on IS NOT NULL GROUP BY 1, 2, 3`;

/** Bounds of received_on for a year ("2025") or all time (null). */
export const statsPeriod = (year: string | null): [string, string] => (year ? [`${year}-01-01`, `${year}-12-32`] : ["0000", "9999"]);

type UnitRow = Omit<UnitTally, "key" | "durations"> & { body: string; area: string; lead: number };
type DurationRow = { body: string; area: string; lead: number; pairs: string };

/** The statements of the figures, for one D1 batch. */
/** `until`: count only reports received before this day (the public figures: up to yesterday, security M3). */
export function statsStatements(db: D1Database, year: string | null, today: string, until?: string): D1PreparedStatement[] {
  const [from, end] = statsPeriod(year);
  const to = until !== undefined && until < end ? until : end;
  return [db.prepare(STATS_UNITS_SQL).bind(from, to, today), db.prepare(STATS_COUNTS_SQL).bind(from, to), db.prepare(STATS_DURATIONS_SQL).bind(from, to)];
}

/** The figures from the results of statsStatements(), in order. */
export function statsFromResults(results: D1Result[]): PublicStats {
  const [units, counts, durations] = results.map((r) => r.results) as [UnitRow[], { category: string; month: string; count: number }[], DurationRow[]];
  const bodies = new Map<string, UnitTally>();
  const areas = new Map<string, UnitTally>();
  const unreached = new Map<string, number>();
  const tallyOf = (m: Map<string, UnitTally>, key: string) => m.get(key) ?? m.set(key, emptyTally(key)).get(key)!;
  for (const { lead, ...u } of units) {
    addTally(tallyOf(bodies, u.body), u);
    // A report no body holds has one row, under UNASSIGNED: it reached no body.
    if (u.body === UNASSIGNED) unreached.set(u.area, (unreached.get(u.area) ?? 0) + u.received);
    // An area counts a report once, and every body case's rating in it (security M4).
    if (lead) addTally(tallyOf(areas, u.area), u);
    else addRatings(tallyOf(areas, u.area), u);
  }
  const between = workingDayCounter();
  for (const d of durations) {
    const body = tallyOf(bodies, d.body).durations;
    const area = d.lead ? tallyOf(areas, d.area).durations : null;
    for (const pair of d.pairs.split(",")) {
      const [fromDay, toDay] = pair.split("/") as [string, string];
      const days = between(fromDay, toDay);
      body.push(days);
      area?.push(days);
    }
  }
  const categories = new Map<string, number>();
  const months = new Map<string, number>();
  for (const c of counts) {
    categories.set(c.category, (categories.get(c.category) ?? 0) + c.count);
    months.set(c.month, (months.get(c.month) ?? 0) + c.count);
  }
  const cells = (m: Map<string, number>) => [...m].map(([key, count]) => ({ key, count }));
  return statsFromTallies(bodies.values(), areas.values(), cells(categories), cells(months), unreached);
}

/** The public figures for a year (or all time), aggregated in SQL. */
export async function queryStats(db: D1Database, year: string | null, today: string): Promise<PublicStats> {
  return statsFromResults(await db.batch(statsStatements(db, year, today)));
}

/** Joined bodies' names, areas and demo flags, for the figures' tables (in the figures' batch). */
export const joinedBodiesStatement = (db: D1Database) => db.prepare("SELECT id, name, area_code, demo FROM oversight_bodies WHERE joined = 1");

/** Division names by code (codes not found are left out). */
export async function divisionNames(db: D1Database, codes: string[]): Promise<Record<string, string>> {
  const { results } = await db
    .prepare("SELECT code, name FROM divisions WHERE code IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify(codes))
    .all<{ code: string; name: string }>();
  return Object.fromEntries(results.map((n) => [n.code, n.name]));
}

/** One division's name, or null. */
export const divisionName = (db: D1Database, code: string) => db.prepare("SELECT name FROM divisions WHERE code = ?1").bind(code).first<string>("name");
