/**
 * Queries for oversight bodies and official channels (tables `oversight_bodies`, migration 0002,
 * and `official_channels`, migration 0020), loaded by scripts/load-bodies.ts.
 */
import { DeliveryChannel } from "../../data/schema/oversight-body.ts";
import { areaChain } from "../../data/schema/division.ts";
import type { RoutingBody, RoutingChannel } from "../domain/routing.ts";
import { readOne, type BatchRead } from "./batch-read.ts";

// ---------------------------------------------------------------------------------------------
// Types

export interface BodyRow {
  id: string;
  name: string;
  kind: RoutingBody["kind"];
  level: RoutingBody["level"];
  area_code: string;
  joined: number;
  demo?: number;
  channels: string;
  ack_days: number;
  conclude_days: number;
}

/** BodyRow's columns, named: a column the table gains later (joined_on, …) is read only where a query asks for it. */
export const BODY_COLUMNS = "id, name, kind, level, area_code, joined, demo, channels, ack_days, conclude_days";

interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  areas: string;
  url: string | null;
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
    demo: row.demo === 1,
    channels,
    ackDays: row.ack_days,
    concludeDays: row.conclude_days,
  };
}

// ---------------------------------------------------------------------------------------------
// Queries

/** The body if it has joined this deployment, else null. */
export async function joinedBody(db: D1Database, id: string): Promise<RoutingBody | null> {
  const row = await db.prepare(`SELECT ${BODY_COLUMNS} FROM oversight_bodies WHERE id = ?1 AND joined = 1`).bind(id).first<BodyRow>();
  return row ? bodyFromRow(row) : null;
}

/** Bodies overseeing any of `areas` (the report's chain: county, prefecture, province, CN), as a read for a batch. */
export function bodiesForAreasRead(db: D1Database, areas: string[]): BatchRead<RoutingBody[]> {
  const marks = areas.map((_, i) => `?${i + 1}`).join(", ");
  return {
    statement: db.prepare(`SELECT ${BODY_COLUMNS} FROM oversight_bodies WHERE area_code IN (${marks}) ORDER BY level, id`).bind(...areas),
    read: (result) => (result!.results as unknown as BodyRow[]).map(bodyFromRow),
  };
}

/** Official channels serving any prefix of `place` (a township or village code) or the whole country, as a read for a batch. */
export function channelsForPlaceRead(db: D1Database, place: string): BatchRead<RoutingChannel[]> {
  const prefixes = areaChain(place);
  const marks = prefixes.map((_, i) => `?${i + 1}`).join(", ");
  return {
    statement: db
      .prepare(`SELECT DISTINCT c.id, c.name, c.kind, c.areas, c.url FROM official_channels c, json_each(c.areas) a WHERE a.value IN (${marks}) ORDER BY c.id`)
      .bind(...prefixes),
    read: (result) =>
      (result!.results as unknown as ChannelRow[]).map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        areas: JSON.parse(r.areas) as string[],
        url: r.url ?? null,
      })),
  };
}

/** The official channels of `place` on their own (the report form's fallback links). */
export const channelsForPlace = (db: D1Database, place: string): Promise<RoutingChannel[]> => readOne(channelsForPlaceRead(db, place));
