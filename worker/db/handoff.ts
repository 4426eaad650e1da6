/** D1 reads behind the hand-off of a report that reached no body (worker/domain/handoff.ts). */
import type { Source } from "../../data/schema/common.ts";
import type { HandoffChannel, HandoffReport } from "../domain/handoff.ts";
import { placeLabel } from "../../data/schema/division.ts";

/** The report's fields the hand-off text needs, or null (unknown id, or content purged by retention). */
export async function handoffReport(db: D1Database, reportId: string): Promise<HandoffReport | null> {
  const r = await db
    .prepare(
      `SELECT r.imposer_name AS imposerName, r.imposer_level AS imposerLevel, r.category, r.title, r.description,
              r.since_month AS sinceMonth, r.hours_per_month AS hoursPerMonth, r.content_purged_on AS purgedOn,
              (SELECT count(*) FROM evidence e WHERE e.report_id = r.id) AS evidenceCount,
              v.name AS village, t.name AS township, c.name AS county, p.name AS prefecture, pr.name AS province
       FROM reports r
       LEFT JOIN divisions v ON v.code = r.village_code
       LEFT JOIN divisions t ON t.code = r.township_code
       LEFT JOIN divisions c ON c.code = t.parent_code
       LEFT JOIN divisions p ON p.code = c.parent_code
       LEFT JOIN divisions pr ON pr.code = p.parent_code
       WHERE r.id = ?1`,
    )
    .bind(reportId)
    .first<
      Omit<HandoffReport, "place"> & {
        purgedOn: string | null;
        village: string | null;
        township: string | null;
        county: string | null;
        prefecture: string | null;
        province: string | null;
      }
    >();
  if (!r || r.purgedOn) return null;
  const names = [r.province, r.prefecture, r.county, r.township, r.village].filter((n): n is string => !!n);
  return {
    place: placeLabel(names, "path"),
    imposerName: r.imposerName,
    imposerLevel: r.imposerLevel,
    category: r.category,
    title: r.title,
    description: r.description,
    sinceMonth: r.sinceMonth,
    hoursPerMonth: r.hoursPerMonth,
    evidenceCount: r.evidenceCount,
  };
}

/** An official channel's record as loaded from data/channels/ (migration 0027), or null. */
export async function handoffChannel(db: D1Database, id: string): Promise<HandoffChannel | null> {
  const r = await db
    .prepare("SELECT id, name, operator, how_to AS howTo, url, phone, source, public_mailbox AS publicMailbox FROM official_channels WHERE id = ?1")
    .bind(id)
    .first<Omit<HandoffChannel, "source" | "publicMailbox"> & { source: string | null; publicMailbox: string | null }>();
  if (!r) return null;
  return {
    ...r,
    source: r.source ? (JSON.parse(r.source) as Source) : null,
    publicMailbox: r.publicMailbox ? (JSON.parse(r.publicMailbox) as HandoffChannel["publicMailbox"]) : null,
  };
}
