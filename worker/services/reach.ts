/**
 * Reach in the worker (issue 10 item 2): who a report would reach, from the rules the worker
 * routes by and the bodies and channels in D1: the report form shows it before submit.
 */
import type { Bindings } from "../env.ts";
import { IMPOSER_LEVELS, type ImposerLevel, type ReportCategory } from "../../data/schema/report-category.ts";
import { reachFor, type Reach, type ReachData } from "../domain/routing.ts";
import { readTogether } from "../db/batch-read.ts";
import { ROUTING_RULES, routingReads } from "../delivery/plan.ts";

async function reachData(env: Pick<Bindings, "DB">, township: string): Promise<ReachData> {
  // One round trip for both reads (worker/db/batch-read.ts).
  const { bodies, channels } = await readTogether(env.DB, routingReads(env.DB, { townshipCode: township, villageCode: null }));
  return { rules: ROUTING_RULES, bodies, channels };
}

/** The exact reach once township, level and (optionally) category are known. */
export async function reachOf(
  env: Pick<Bindings, "DB">,
  query: { township: string; imposerLevel: ImposerLevel; category?: ReportCategory; imposerBody?: string },
): Promise<Reach> {
  return reachFor(query, await reachData(env, query.township));
}

/** The default rule's reach per level of the imposing body (the form before level and category are chosen). */
export async function reachByLevelOf(env: Pick<Bindings, "DB">, township: string): Promise<{ level: ImposerLevel; reach: Reach }[]> {
  const data = await reachData(env, township);
  return IMPOSER_LEVELS.map((level) => ({ level, reach: reachFor({ township, imposerLevel: level }, data) }));
}
