/**
 * SQL text that loads oversight bodies and official channels into D1 (idempotent upserts by id).
 * Plain TypeScript without Workers types, so scripts/load-bodies.ts (Node, through `wrangler d1
 * execute --file`) and the worker tests share it.
 */
import { DEFAULT_DEADLINES, type OfficialChannel, type OversightBody } from "../../data/schema/oversight-body.ts";
import { sql as literal } from "./sql-literal.ts";
import { beijingToday } from "../domain/working-days.ts";
import { demoName } from "../../site/i18n/body-name.ts";

/**
 * A demo body's name as stored: «名称（演示）», so every page that names it (form, receipt, /track,
 * /stats, the oversight header, digests) says it is a demo without each checking a flag; a page in
 * another language swaps the marker for its own (site/i18n/body-name.ts shownBodyName). Static
 * region pages label it from data/ themselves. A deploy never loads a demo body (load:bodies --remote).
 */
export const storedBodyName = (body: Pick<OversightBody, "name" | "demo">): string => (body.demo ? demoName("zh-CN", body.name) : body.name);

/**
 * An idempotent upsert of one body, as SQL text (wrangler d1 execute runs files of these).
 * `joined_on` records the Beijing day `joined` flips to true (`today`, day precision only): a
 * reload keeps the day, a body leaving (joined false) clears it (migration 0044; the daily
 * forwarding task reads it, worker/services/forwarding.ts).
 */
export function bodyUpsertSql(body: OversightBody, today: string = beijingToday()): string {
  const values = [
    literal(body.id),
    literal(storedBodyName(body)),
    literal(body.kind),
    literal(body.level),
    literal(body.area),
    literal(body.joined ? 1 : 0),
    literal(body.demo ? 1 : 0),
    literal(JSON.stringify(body.channels)),
    literal(body.deadlines?.acknowledge ?? DEFAULT_DEADLINES.acknowledge),
    literal(body.deadlines?.conclude ?? DEFAULT_DEADLINES.conclude),
    literal(body.joined ? today : null),
  ];
  return (
    `INSERT INTO oversight_bodies (id, name, kind, level, area_code, joined, demo, channels, ack_days, conclude_days, joined_on) VALUES (${values.join(", ")}) ` +
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, level = excluded.level, area_code = excluded.area_code, " +
    // The day is set only by a flip (old row not joined): joined_on is read before joined is updated.
    "joined_on = CASE WHEN excluded.joined = 0 THEN NULL WHEN oversight_bodies.joined = 1 THEN oversight_bodies.joined_on ELSE excluded.joined_on END, " +
    "joined = excluded.joined, demo = excluded.demo, channels = excluded.channels, ack_days = excluded.ack_days, conclude_days = excluded.conclude_days;"
  );
}

/** An idempotent upsert of one official channel, as SQL text. */
export function channelUpsertSql(channel: OfficialChannel): string {
  const values = [
    channel.id,
    channel.name,
    channel.kind,
    JSON.stringify(channel.areas),
    channel.url,
    channel.phone,
    channel.operator,
    channel.howTo,
    JSON.stringify(channel.source),
    channel.publicMailbox ? JSON.stringify(channel.publicMailbox) : null,
  ].map(literal);
  return (
    `INSERT INTO official_channels (id, name, kind, areas, url, phone, operator, how_to, source, public_mailbox) VALUES (${values.join(", ")}) ` +
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, areas = excluded.areas, url = excluded.url, phone = excluded.phone, " +
    "operator = excluded.operator, how_to = excluded.how_to, source = excluded.source, public_mailbox = excluded.public_mailbox;"
  );
}
