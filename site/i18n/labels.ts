/**
 * Labels of domain codes (category, status, level…): ONE catalogue key per code and language, in
 * `site/i18n/<lang>/labels.json`, reached only through `label()`, so that a page never shows a raw
 * code and a label is changed in one place. Used by the site and the worker alike.
 */
import type { RoutingReasonParams } from "../../data/schema/routing-rule.ts";
import { t, type Lang, type Params } from "./index.ts";

export const LABEL_KINDS = [
  "category",
  "status",
  /** The one stage vocabulary reporter and officer share (worker/domain/lifecycle.ts STAGES). */
  "stage",
  "outcome",
  /** Level of the imposing body (report form): township … central, unknown. */
  "level",
  /** Level of an oversight body: county … central. */
  "body_level",
  "body_kind",
  "list_status",
  /** Kinds of report_events: the lifecycle's actions plus received, route, delivered, escalate. */
  "event",
  /** `<channel>.<state>`, see deliveryStateLabel(). */
  "delivery_state",
  /** routing_decisions.reason_code, see routingReasonLabel(). */
  "routing_reason",
  "audit_action",
  /** Actions in editor_audit (worker/db/editor-audit.ts EDITOR_AUDIT_ACTIONS), on /editor/audit. */
  "editor_audit_action",
  /** Words stored in audit_log.detail (how one signed in, which export…), see worker/routes/oversight/users/views.tsx. */
  "audit_detail",
  /** Parts of a township's duty list (data/schema/duty-list.ts DUTY_PARTS). */
  "duty_part",
  /** Parts of a village list (data/schema/village-list.ts VILLAGE_PARTS). */
  "village_part",
  /** What an item and measure search result is (worker/domain/content-search.ts CONTENT_KINDS). */
  "content_kind",
  /** Contributions (issue 12): received … declined, and what was handed in. */
  "contribution_status",
  "contribution_kind",
  /** Coverage of a township's list (site/lib/coverage.ts): official, repost, figures, none. */
  "coverage_state",
] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/** The catalogue key of a code: `category.<id>.label` (categories also have `.help`), else `<kind>.<id>`. */
export const labelKey = (kind: LabelKind, id: string): string => (kind === "category" ? `category.${id}.label` : `${kind}.${id}`);

/** The label of `id` of `kind` in `lang`; throws on an unknown code (t() does), so a gap fails a test instead of shipping. */
export const label = (lang: Lang, kind: LabelKind, id: string, params?: Params): string => t(lang, labelKey(kind, id), params);

/** `label` bound to one language, for templates. */
export const labeller = (lang: Lang) => (kind: LabelKind, id: string, params?: Params) => label(lang, kind, id, params);
export type Label = ReturnType<typeof labeller>;

/** A delivery job's state for its channel: «已送达本机构收件箱», «网络推送失败，第 2 次重试中». */
export function deliveryStateLabel(lang: Lang, job: { channel: string; state: string; attempts: number }): string {
  const state = job.state === "pending" && job.attempts > 0 ? "retrying" : job.state;
  return label(lang, "delivery_state", `${job.channel}.${state}`, { attempt: job.attempts });
}

const RULE_REASON_KEYS = new Set(["central-imposer", "personnel-burdens", "chenzhou-off-list-tasks", "one-level-above", "unknown-level"]);

/** A rule's reason: its own sentence for the shipped rules, a generic one naming the rule otherwise. */
const ruleReason = (lang: Lang, rule: string) =>
  RULE_REASON_KEYS.has(rule) ? label(lang, "routing_reason", `rule.${rule}`) : label(lang, "routing_reason", "rule.other", { rule });

/** The body a not-joined decision names by level and kind («县级纪委监委»), when no such body exists here. */
export const missingBody = (lang: Lang, params: RoutingReasonParams): string =>
  params.level && params.kind
    ? label(lang, "routing_reason", "body", { level: label(lang, "body_level", params.level), kind: label(lang, "body_kind", params.kind) })
    : label(lang, "body_kind", "other");

/**
 * The routing reason of a stored decision in `lang`, built from its code and parameters
 * (worker/domain/routing.ts). A row stored before codes existed (code null) gets a generic label,
 * never its English free text.
 */
export function routingReasonLabel(lang: Lang, code: string | null, params: RoutingReasonParams = {}): string {
  const base = (why: string | undefined) =>
    why === "conflict_escalated" ? label(lang, "routing_reason", "conflict_escalated", { body: params.accused ?? "" }) : ruleReason(lang, params.rule ?? "");
  const channel = params.channel ? ` ${label(lang, "routing_reason", "channel", { channel: params.channel })}` : "";
  switch (code) {
    case "rule":
    case "conflict_escalated":
      return base(code);
    case "no_rule":
      return label(lang, "routing_reason", "no_rule") + channel;
    case "conflict_excluded":
      return label(lang, "routing_reason", params.level ? "conflict_excluded" : "conflict_excluded_central", {
        body: params.body ?? "",
        kind: missingBody(lang, params),
      });
    case "not_joined_none":
      return label(lang, "routing_reason", "not_joined_none", { why: base(params.why), body: missingBody(lang, params) }) + channel;
    case "not_joined_body":
      return label(lang, "routing_reason", "not_joined_body", { why: base(params.why), body: params.body ?? "" }) + channel;
    default:
      return label(lang, "routing_reason", "legacy");
  }
}
