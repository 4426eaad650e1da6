/**
 * Queries for oversight bodies and official channels (tables `oversight_bodies`, migration 0002,
 * and `official_channels`, migration 0020), loaded by scripts/load-bodies.ts.
 */
import { DeliveryChannel, type OfficialChannel, type OversightBody } from "../../data/schema/oversight-body.ts";
import type { RoutingBody, RoutingChannel } from "../domain/routing.ts";

// ---------------------------------------------------------------------------------------------
// Types

export interface BodyRow {
  id: string;
  name: string;
  kind: RoutingBody["kind"];
  level: RoutingBody["level"];
  area_code: string;
  joined: number;
  channels: string;
  ack_days: number;
  conclude_days: number;
}

interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  areas: string;
}

// ---------------------------------------------------------------------------------------------
// Mapping

/** Channels are validated again on read: a malformed entry is dropped rather than trusted. */
export function bodyFromRow(row: BodyRow): RoutingBody {
  const raw = JSON.parse(row.channels) as unknown[];
  const channels = raw.flatMap((c) => {
    const parsed = DeliveryChannel.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    level: row.level,
    area: row.area_code,
    joined: row.joined === 1,
    channels,
    ackDays: row.ack_days,
    concludeDays: row.conclude_days,
  };
}

// ---------------------------------------------------------------------------------------------
// Queries

/** Bodies overseeing any of `areas` (the report's chain: county, prefecture, province, CN). */
export async function bodiesForAreas(db: D1Database, areas: string[]): Promise<RoutingBody[]> {
  const marks = areas.map((_, i) => `?${i + 1}`).join(", ");
  const { results } = await db.prepare(`SELECT * FROM oversight_bodies WHERE area_code IN (${marks}) ORDER BY level, id`).bind(...areas).all<BodyRow>();
  return results.map(bodyFromRow);
}

/** Official channels serving any prefix of `place` (a township or village code) or the whole country. */
export async function channelsForPlace(db: D1Database, place: string): Promise<RoutingChannel[]> {
  const prefixes = ["CN", place.slice(0, 2), place.slice(0, 4), place.slice(0, 6), place.slice(0, 9), place].filter((p, i, all) => all.indexOf(p) === i);
  const marks = prefixes.map((_, i) => `?${i + 1}`).join(", ");
  const { results } = await db
    .prepare(`SELECT DISTINCT c.id, c.name, c.kind, c.areas FROM official_channels c, json_each(c.areas) a WHERE a.value IN (${marks}) ORDER BY c.id`)
    .bind(...prefixes)
    .all<ChannelRow>();
  return results.map((r) => ({ id: r.id, name: r.name, kind: r.kind, areas: JSON.parse(r.areas) as string[] }));
}

// ---------------------------------------------------------------------------------------------
// Loading (scripts/load-bodies.ts, scripts/seed-demo.ts and the tests)

const literal = (v: string | number | null | undefined) => (v == null ? "NULL" : typeof v === "number" ? String(v) : `'${v.replaceAll("'", "''")}'`);

/** An idempotent upsert of one body, as SQL text (wrangler d1 execute runs files of these). */
export function bodyUpsertSql(body: OversightBody): string {
  const values = [
    literal(body.id),
    literal(body.name),
    literal(body.kind),
    literal(body.level),
    literal(body.area),
    literal(body.joined ? 1 : 0),
    literal(body.demo ? 1 : 0),
    literal(JSON.stringify(body.channels)),
    literal(body.deadlines?.acknowledge ?? 5),
    literal(body.deadlines?.conclude ?? 60),
  ];
  return (
    `INSERT INTO oversight_bodies (id, name, kind, level, area_code, joined, demo, channels, ack_days, conclude_days) VALUES (${values.join(", ")}) ` +
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, level = excluded.level, area_code = excluded.area_code, " +
    "joined = excluded.joined, demo = excluded.demo, channels = excluded.channels, ack_days = excluded.ack_days, conclude_days = excluded.conclude_days;"
  );
}

/** An idempotent upsert of one official channel, as SQL text. */
export function channelUpsertSql(channel: OfficialChannel): string {
  const values = [channel.id, channel.name, channel.kind, JSON.stringify(channel.areas), channel.url, channel.phone].map(literal);
  return (
    `INSERT INTO official_channels (id, name, kind, areas, url, phone) VALUES (${values.join(", ")}) ` +
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, areas = excluded.areas, url = excluded.url, phone = excluded.phone;"
  );
}
