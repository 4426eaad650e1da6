/**
 * The contract between intake and delivery (issue #5). Intake builds the report INSERT, adds
 * `plan.statements` to the same D1 batch (so report, routing and delivery jobs are written
 * together before any receipt is shown), then calls `enqueueJobs` after the batch commits.
 * (Stub: routing and delivery fill this in.)
 */
import type { Bindings } from "../env.ts";
import type { ImposerLevel, ReportCategory } from "../../data/schema/report-category.ts";

export interface ReportForRouting {
  id: string;
  townshipCode: string;
  villageCode: string | null;
  imposerLevel: ImposerLevel;
  imposerName: string;
  category: ReportCategory;
}

/** One routing decision, as the receipt page shows it. */
export interface RoutingOutcome {
  bodyId: string | null;
  bodyName: string | null;
  /** False when the right body has not joined this deployment: the reporter is told so. */
  joined: boolean;
  /** Official channel for the area, shown when the body has not joined. */
  channelId: string | null;
  ruleId: string;
  reason: string;
}

export interface DeliveryPlan {
  statements: D1PreparedStatement[];
  decisions: RoutingOutcome[];
  jobIds: string[];
}

export async function planDelivery(_env: Bindings, _report: ReportForRouting, _today: string): Promise<DeliveryPlan> {
  return { statements: [], decisions: [], jobIds: [] };
}

export async function enqueueJobs(_env: Bindings, _jobIds: string[]): Promise<void> {}
