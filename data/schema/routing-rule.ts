/**
 * Routing rules (data/routing-rules.yaml): which kinds of oversight body, at which level, receive
 * a burden report, by area × category × level of the imposing body. The first rule that matches
 * a report decides; the last rule must match everything (a catch-all). The pure function that
 * applies them is worker/domain/routing.ts; docs/delivery.md explains the rules in words.
 */
import { z } from "zod";
import { AreaCode } from "./common.ts";
import { BodyKind, BodyLevel } from "./oversight-body.ts";
import { ImposerLevel, ReportCategory } from "./report-category.ts";

/**
 * Level of a receiving body: an absolute level, or `above` = one level above the imposing body
 * (township → county → prefecture → province → central; central stays central, minus the accused).
 */
export const ReceiverLevel = z.union([BodyLevel, z.literal("above")]);
export type ReceiverLevel = z.infer<typeof ReceiverLevel>;

export const RoutingReceiver = z
  .object({
    kind: BodyKind,
    level: ReceiverLevel,
  })
  .strict();
export type RoutingReceiver = z.infer<typeof RoutingReceiver>;

export const RoutingRule = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** Why the rule exists, in words; stored with every decision it makes. */
    reason: z.string().trim().min(1),
    /** Conditions; an absent condition matches everything. */
    when: z
      .object({
        /** Division-code prefixes of the burden's area (a province "43", a county "431027"…). */
        areas: z.array(AreaCode).min(1).optional(),
        categories: z.array(ReportCategory).min(1).optional(),
        imposerLevels: z.array(ImposerLevel).min(1).optional(),
      })
      .strict()
      .default({}),
    receivers: z.array(RoutingReceiver).min(1),
    /** A rule of the local demo only: a deploy build leaves it out (data/demo-content.ts). */
    demo: z.literal(true).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    // `above` needs a known level: a rule using it must list the levels it applies to, without `unknown`.
    const levels = rule.when.imposerLevels;
    if (rule.receivers.some((r) => r.level === "above") && (!levels || levels.includes("unknown"))) {
      ctx.addIssue({ code: "custom", path: ["receivers"], message: "e.routing_above_needs_known_level" });
    }
  });
export type RoutingRule = z.infer<typeof RoutingRule>;

export const RoutingRules = z
  .object({ rules: z.array(RoutingRule).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.rules.forEach((rule, i) => {
      if (ids.has(rule.id)) ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: "e.duplicate_id" });
      ids.add(rule.id);
    });
    const last = file.rules.at(-1);
    if (last && Object.keys(last.when).length > 0) {
      ctx.addIssue({ code: "custom", path: ["rules", file.rules.length - 1, "when"], message: "e.routing_needs_catch_all" });
    }
  });
export type RoutingRules = z.infer<typeof RoutingRules>;

/**
 * Why a routing decision was made, as a code (routing_decisions.reason_code) with parameters
 * (reason_params, JSON): worker/domain/routing.ts produces them, site/i18n/labels.ts
 * routingReasonLabel() renders them in the page's language.
 */
export const ROUTING_REASON_CODES = ["rule", "no_rule", "conflict_excluded", "conflict_escalated", "not_joined_none", "not_joined_body"] as const;
export type RoutingReasonCode = (typeof ROUTING_REASON_CODES)[number];

export interface RoutingReasonParams {
  /** The routing rule whose reason applies (codes `rule`, `not_joined_*`). */
  rule?: string;
  /** The base reason of a not-joined decision: `rule` or `conflict_escalated`. */
  why?: "rule" | "conflict_escalated";
  /** The body a report accuses, which made the decision escalate (`conflict_escalated`). */
  accused?: string;
  body?: string;
  kind?: string;
  level?: string;
  channel?: string;
}
