/// <reference types="vite/client" />
/**
 * Fixtures for the routing and delivery tests: the demo oversight bodies of data/oversight-bodies
 * (read through Vite's ?raw, validated by the schema), official channels and minimal reports.
 */
import { env } from "cloudflare:workers";
import { parse } from "yaml";
import { OfficialChannel, OversightBody } from "../../data/schema/oversight-body.ts";
import { bodyFromRow, type BodyRow } from "../../worker/db/bodies.ts";
import { bodyUpsertSql, channelUpsertSql } from "../../worker/db/body-sql.ts";
import type { RoutingBody } from "../../worker/domain/routing.ts";
import { planDelivery, type ReportForRouting } from "../../worker/delivery/plan.ts";
import type { DeliveryJob } from "../../worker/db/delivery.ts";

const files = import.meta.glob<string>("../../data/oversight-bodies/*.yaml", { query: "?raw", import: "default", eager: true });

/** The demo bodies as data files define them. */
export const DEMO_BODIES: OversightBody[] = (Object.values(files) as string[]).map((text) => OversightBody.parse(parse(text)));

/** Official channels used by the tests (data/channels is another engineer's; these stand in). */
export const TEST_CHANNELS: OfficialChannel[] = [
  {
    id: "test-12388",
    name: "12388 纪检监察举报",
    operator: "中央纪委国家监委",
    kind: "12388",
    areas: ["CN"],
    url: "https://www.12388.gov.cn/",
    howTo: "Online or by phone 12388.",
    scope: "Discipline complaints.",
    source: { publisher: "test", title: "test fixture", date: "unknown" },
  },
  {
    id: "test-internet-plus",
    name: "国务院“互联网+督查”",
    operator: "国务院办公厅",
    kind: "internet_plus_supervision",
    areas: ["CN"],
    howTo: "gov.cn.",
    scope: "Policy implementation.",
    source: { publisher: "test", title: "test fixture", date: "unknown" },
  },
  {
    id: "test-xuchang-platform",
    name: "许昌市问题线索直通车",
    operator: "许昌市专项工作机制办公室",
    kind: "local_platform",
    areas: ["4110"],
    howTo: "WeChat 许昌督查.",
    scope: "Formalism burdens.",
    source: { publisher: "test", title: "test fixture", date: "unknown" },
  },
];

/** The demo bodies as the worker reads them back from D1 (a row round trip, as in production). */
export const routingBody = (b: OversightBody): RoutingBody =>
  bodyFromRow({
    id: b.id,
    name: b.name,
    kind: b.kind,
    level: b.level,
    area_code: b.area,
    joined: b.joined ? 1 : 0,
    channels: JSON.stringify(b.channels),
    ack_days: b.deadlines?.acknowledge ?? 5,
    conclude_days: b.deadlines?.conclude ?? 60,
  } satisfies BodyRow);

export async function loadBodies(bodies: OversightBody[] = DEMO_BODIES, channels: OfficialChannel[] = TEST_CHANNELS): Promise<void> {
  await env.DB.batch([...bodies.map((b) => bodyUpsertSql(b)), ...channels.map(channelUpsertSql)].map((sql) => env.DB.prepare(sql)));
}

/** 沤江镇, 桂东县, 郴州市, 湖南省. */
export const OUJIANG = "431027100";

export function reportFor(overrides: Partial<ReportForRouting> = {}): ReportForRouting {
  return {
    id: crypto.randomUUID(),
    townshipCode: OUJIANG,
    villageCode: null,
    imposerLevel: "county",
    imposerName: "桂东县农业农村局",
    category: "forms",
    ...overrides,
  };
}

/** The report INSERT intake puts first in its batch (only the columns routing and delivery need). */
export function insertReport(report: ReportForRouting, receivedOn: string): D1PreparedStatement {
  return env.DB.prepare(
    "INSERT INTO reports (id, receipt_hash, received_on, township_code, village_code, imposer_name, imposer_level, category, title, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
  ).bind(
    report.id,
    `v1:${report.id}`,
    receivedOn,
    report.townshipCode,
    report.villageCode,
    report.imposerName,
    report.imposerLevel,
    report.category,
    "表格太多",
    "每周要填三张重复的表。",
  );
}

// ---------------------------------------------------------------------------------------------
// Fake queue batches and outside world

export interface MessageOutcome {
  acked: boolean;
  retryDelay: number | null;
}

/** A batch as Queues hands it to the consumer; `outcomes[i]` records what the consumer did with message i. */
export function fakeBatch(queue: string, jobIds: string[], attempts: number | number[] = 1): { batch: MessageBatch<unknown>; outcomes: MessageOutcome[] } {
  const outcomes = jobIds.map((): MessageOutcome => ({ acked: false, retryDelay: null }));
  const messages = jobIds.map((jobId, i) => {
    const outcome = outcomes[i]!;
    return {
      id: `m${i}`,
      timestamp: new Date(0),
      body: { jobId },
      attempts: typeof attempts === "number" ? attempts : attempts[i]!,
      ack: () => void (outcome.acked = true),
      retry: (options?: QueueRetryOptions) => void (outcome.retryDelay = options?.delaySeconds ?? 0),
    } as Message<unknown>;
  });
  const batch = {
    queue,
    messages,
    ackAll: () => messages.forEach((m) => m.ack()),
    retryAll: () => messages.forEach((m) => m.retry()),
  } as unknown as MessageBatch<unknown>;
  return { batch, outcomes };
}

export interface SentMail {
  from: string;
  to: string;
  raw: string;
}

/** Decodes the base64 text part of a message built by worker/delivery/email.ts. */
export function mailBody(raw: string): string {
  const [, body = ""] = raw.split("\r\n\r\n");
  const binary = atob(body.replace(/\r\n/g, ""));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export const ctx = {} as ExecutionContext;

/** Plans, writes and returns the jobs of one report, as intake does. */
export async function fileReport(report: ReportForRouting, today: string, now = Date.now()): Promise<string[]> {
  const plan = await planDelivery(env, report, today, now);
  await env.DB.batch([insertReport(report, today), ...plan.statements]);
  return plan.jobIds;
}

export const jobsOf = (reportId: string) =>
  env.DB.prepare("SELECT * FROM delivery_jobs WHERE report_id = ?1 ORDER BY body_id, channel, channel_index")
    .bind(reportId)
    .all<DeliveryJob>()
    .then((r) => r.results);
