/**
 * Routing (DOMAIN.md "Oversight bodies"): which oversight bodies receive a burden report, decided
 * by area × category × level of the imposing body, from the rules in data/routing-rules.yaml.
 * Pure: the caller passes the rules, the bodies of the report's area chain and the official
 * channels; every decision names the rule that made it and why. docs/delivery.md explains it.
 *
 * - The first rule whose conditions match decides; the last rule is a catch-all.
 * - `above` means one level above the imposing body (township → county → prefecture → province
 *   → central); central stays central, where only bodies that are not accused receive it.
 * - The accused body never receives its own report: a candidate whose name matches the imposer
 *   is left out (rule `conflict-of-interest`) and the report goes to the body of the same kind
 *   one level up instead.
 * - A body that has not joined this deployment (or does not exist in it) does not receive the
 *   report; the decision is kept, with the official channel for the area.
 */
import { areaOf } from "../../data/schema/division.ts";
import { BODY_LEVELS, type BodyKind, type BodyLevel, type DeliveryChannel } from "../../data/schema/oversight-body.ts";
import { levelAbove as bodyLevelAbove } from "./lifecycle.ts";
import type { ImposerLevel, ReportCategory } from "../../data/schema/report-category.ts";
import type { RoutingReasonCode, RoutingReasonParams, RoutingRule } from "../../data/schema/routing-rule.ts";

export const CONFLICT_RULE_ID = "conflict-of-interest";
export const NO_RULE_ID = "no-matching-rule";

export interface RoutableReport {
  townshipCode: string;
  villageCode: string | null;
  imposerLevel: ImposerLevel;
  imposerName: string;
  category: ReportCategory;
}

/** An oversight body as routing and delivery need it (a row of `oversight_bodies`). */
export interface RoutingBody {
  id: string;
  name: string;
  kind: BodyKind;
  level: BodyLevel;
  area: string;
  joined: boolean;
  /** A demo body (local demo only); its stored name already ends in «（演示）» (worker/db/body-sql.ts storedBodyName). */
  demo?: boolean;
  channels: DeliveryChannel[];
  ackDays: number;
  concludeDays: number;
}

/** An official channel (data/channels/*.yaml) as routing needs it. */
export interface RoutingChannel {
  id: string;
  name: string;
  kind: string;
  areas: string[];
  url?: string | null;
}

export type DecisionStatus = "routed" | "not_joined" | "excluded";

/** One routing decision, as the receipt page shows it. */
export interface RoutingOutcome {
  bodyId: string | null;
  bodyName: string | null;
  /** False when the right body has not joined this deployment: the reporter is told so. */
  joined: boolean;
  /** Official channel for the area, shown when the body has not joined (its name and address, when known). */
  channelId: string | null;
  channelName: string | null;
  channelUrl: string | null;
  /** The receiving body's working days to acknowledge (null when no body receives it). */
  ackDays: number | null;
  ruleId: string;
  /** English free text (API field `reason`); pages use the code. */
  reason: string;
  reasonCode: RoutingReasonCode | null;
  reasonParams: RoutingReasonParams;
  /**
   * `routed`: the body receives it; `not_joined`: the right body is not in this deployment (show
   * the official channel); `excluded`: the body is the one accused (conflict of interest).
   */
  status: DecisionStatus;
}

/**
 * The status of a stored decision (routing_decisions has `joined` and `rule_id`): for reading
 * decisions back, e.g. a replayed receipt.
 */
export const decisionStatus = (joined: boolean, ruleId: string): DecisionStatus =>
  joined ? "routed" : ruleId === CONFLICT_RULE_ID ? "excluded" : "not_joined";

export interface RoutingDecision {
  status: DecisionStatus;
  /** The receiving (or not joined, or excluded) body; null when no such body exists here. */
  body: RoutingBody | null;
  /** Official channel for the area, when the body has not joined. */
  channelId: string | null;
  ruleId: string;
  /** Why, in English free text (kept for operators and logs; pages show the code's label). */
  reason: string;
  /** Why, as a code with parameters: pages render `routingReasonLabel(lang, code, params)` (site/i18n/labels.ts). */
  reasonCode: RoutingReasonCode;
  reasonParams: RoutingReasonParams;
}

/** The areas of the bodies that may receive a report from `townshipCode`, county up to `CN` (what the caller loads bodies for). */
export const bodyAreasFor = (townshipCode: string): string[] => BODY_LEVELS.map((level) => areaOf(townshipCode, level));

/**
 * Where an escalation from `body` goes: the level above over the same place (a third transfer,
 * or a conflict of interest); null above central. The same for both rules.
 */
export function escalationTarget(body: Pick<RoutingBody, "level" | "area">): { level: BodyLevel; area: string } | null {
  const level = bodyLevelAbove(body.level);
  return level ? { level, area: areaOf(body.area, level) } : null;
}

/** One level above the imposing body; central has nothing above, so it stays central. */
export function levelAbove(level: Exclude<ImposerLevel, "unknown">): BodyLevel {
  if (level === "township") return "county";
  return bodyLevelAbove(level) ?? "central";
}

export function ruleMatches(rule: RoutingRule, report: RoutableReport): boolean {
  const { areas, categories, imposerLevels } = rule.when;
  const place = report.villageCode ?? report.townshipCode;
  if (areas && !areas.some((a) => a === "CN" || place.startsWith(a))) return false;
  if (categories && !categories.includes(report.category)) return false;
  if (imposerLevels && !imposerLevels.includes(report.imposerLevel)) return false;
  return true;
}

const normalise = (name: string) =>
  name
    .replace(/[\s()（）·•\-—]/g, "")
    .replace(/^中共/, "")
    .replace(/纪律检查委员会/g, "纪委")
    .replace(/监察委员会/g, "监委");

/** Names a body is known by: "桂东县纪委监委" is also "桂东县纪委" and "桂东县监委". */
function nameVariants(name: string): string[] {
  const n = normalise(name);
  return n.includes("纪委监委") ? [n, n.replace("纪委监委", "纪委"), n.replace("纪委监委", "监委")] : [n];
}

/**
 * Whether the report accuses this body. Conservative on purpose: a name that contains the body's
 * name or is contained in it ("县纪委" in "桂东县纪委监委", "郴州市纪委监委第三室") counts,
 * whatever level the reporter chose; the candidates are already limited to the report's area chain.
 */
export function isAccused(body: Pick<RoutingBody, "name">, imposerName: string): boolean {
  const imposer = normalise(imposerName);
  if (imposer.length < 2) return false;
  return nameVariants(body.name).some((v) => v.includes(imposer) || imposer.includes(v));
}

/**
 * The official channel to show for a body of `kind` that has not joined: a channel of the kind that
 * serves such complaints (12388 for discipline commissions; local platforms, then 互联网+督查, for
 * the others) before any other, then the most specific area (village → … → CN).
 */
export function officialChannelFor(place: string, kind: BodyKind, channels: readonly RoutingChannel[]): RoutingChannel | null {
  const order = kind === "discipline_commission" ? ["12388"] : ["local_platform", "internet_plus_supervision"];
  const specificity = (c: RoutingChannel) => Math.max(...c.areas.map((a) => (a === "CN" ? 0 : place.startsWith(a) ? a.length : -1)));
  const ranked = channels
    .map((c) => ({ c, s: specificity(c), p: order.includes(c.kind) ? order.indexOf(c.kind) : order.length }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => a.p - b.p || b.s - a.s || a.c.id.localeCompare(b.c.id));
  return ranked[0]?.c ?? null;
}

interface Target {
  kind: BodyKind;
  level: BodyLevel;
  ruleId: string;
  why: string;
  /** The code of `why`: the rule's own reason, or an escalation past an accused body. */
  whyCode: "rule" | "conflict_escalated";
  whyParams: RoutingReasonParams;
}

/** The base reason of a not-joined decision, as parameters (`why` names its code). */
const notJoinedWhy = (target: Target): RoutingReasonParams => ({ why: target.whyCode, ...target.whyParams });

/**
 * Decides who receives a report. Returns one decision per receiving, not-joined or excluded body,
 * in a stable order (rule order, then escalations).
 */
export function route(
  report: RoutableReport,
  rules: readonly RoutingRule[],
  bodies: readonly RoutingBody[],
  channels: readonly RoutingChannel[],
): RoutingDecision[] {
  const rule = rules.find((r) => ruleMatches(r, report));
  const place = report.villageCode ?? report.townshipCode;
  if (!rule) {
    const channel = officialChannelFor(place, "discipline_commission", channels);
    return [
      {
        status: "not_joined",
        body: null,
        channelId: channel?.id ?? null,
        ruleId: NO_RULE_ID,
        reason: "no routing rule matches this report",
        reasonCode: "no_rule",
        reasonParams: channel ? { channel: channel.name } : {},
      },
    ];
  }
  const decisions: RoutingDecision[] = [];
  const seen = new Set<string>();
  const queue: Target[] = rule.receivers.map((r) => ({
    kind: r.kind,
    level: r.level === "above" ? levelAbove(report.imposerLevel as Exclude<ImposerLevel, "unknown">) : r.level,
    ruleId: rule.id,
    why: rule.reason,
    whyCode: "rule" as const,
    whyParams: { rule: rule.id },
  }));
  for (let target = queue.shift(); target; target = queue.shift()) {
    const area = areaOf(report.townshipCode, target.level);
    const key = `${target.kind}@${target.level}:${area}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const found = bodies.filter((b) => b.kind === target.kind && b.level === target.level && b.area === area);
    const accused = found.filter((b) => isAccused(b, report.imposerName));
    for (const body of accused) {
      const up = escalationTarget(body)?.level ?? null;
      decisions.push({
        status: "excluded",
        body,
        channelId: null,
        ruleId: CONFLICT_RULE_ID,
        reason: `not sent to ${body.name}: the report accuses it (imposer name matches)${up ? `; escalated to the ${up}-level ${target.kind}` : "; no level above central, so only central bodies that are not accused receive it"}`,
        reasonCode: "conflict_excluded",
        reasonParams: up ? { body: body.name, level: up, kind: target.kind } : { body: body.name },
      });
      if (up) {
        const whyParams = { accused: body.name };
        queue.push({
          kind: target.kind,
          level: up,
          ruleId: CONFLICT_RULE_ID,
          why: `escalated one level above ${body.name}, which the report accuses`,
          whyCode: "conflict_escalated",
          whyParams,
        });
      }
    }
    const eligible = found.filter((b) => !accused.includes(b));
    if (eligible.length === 0 && accused.length > 0) continue;
    if (eligible.length === 0) {
      const channel = officialChannelFor(place, target.kind, channels);
      decisions.push({
        status: "not_joined",
        body: null,
        channelId: channel?.id ?? null,
        ruleId: target.ruleId,
        reason: `${target.why} — no ${target.level}-level ${target.kind} for area ${area} has joined${channel ? `; official channel: ${channel.name}` : ""}`,
        reasonCode: "not_joined_none",
        reasonParams: { ...notJoinedWhy(target), level: target.level, kind: target.kind, ...(channel ? { channel: channel.name } : {}) },
      });
      continue;
    }
    for (const body of eligible) {
      if (body.joined) {
        decisions.push({
          status: "routed",
          body,
          channelId: null,
          ruleId: target.ruleId,
          reason: target.why,
          reasonCode: target.whyCode,
          reasonParams: target.whyParams,
        });
      } else {
        const channel = officialChannelFor(place, body.kind, channels);
        decisions.push({
          status: "not_joined",
          body,
          channelId: channel?.id ?? null,
          ruleId: target.ruleId,
          reason: `${target.why} — ${body.name} has not joined${channel ? `; official channel: ${channel.name}` : ""}`,
          reasonCode: "not_joined_body",
          reasonParams: { ...notJoinedWhy(target), body: body.name, ...(channel ? { channel: channel.name } : {}) },
        });
      }
    }
  }
  return decisions;
}

/** What reach needs: the rules, the bodies of the township's area chain and the official channels. */
export interface ReachData {
  rules: readonly RoutingRule[];
  bodies: readonly RoutingBody[];
  channels: readonly RoutingChannel[];
}

export interface ReachQuery {
  township: string;
  imposerLevel: ImposerLevel;
  /** Absent: the default rule (the first that names no category), as township pages show it. */
  category?: ReportCategory;
  /** The imposing body's name, when known: it never receives its own report. */
  imposerBody?: string;
}

/** Who a report would reach, before it is written (issue 10): the same answer the worker routes by. */
export interface Reach {
  /** The joined bodies that would receive it, in routing order (none: the report reaches no body). */
  receivers: RoutingBody[];
  /** The official channel that serves the area instead when no joined body would receive it. */
  channel: RoutingChannel | null;
  /** The rule that decides. */
  ruleId: string;
  /** With no category given: some categories are decided by another rule (the page says so). */
  variesByCategory: boolean;
}

/**
 * Reach of a report from `township` against a body at `imposerLevel`: `route()` itself, so what a
 * page promises is what the worker does. Without a category, rules that name categories are set
 * aside and the page adds that some categories go further.
 */
export function reachFor(query: ReachQuery, data: ReachData): Reach {
  const categoryRule = (r: RoutingRule) => r.when.categories !== undefined;
  const rules = query.category ? data.rules : data.rules.filter((r) => !categoryRule(r));
  const report: RoutableReport = {
    townshipCode: query.township,
    villageCode: null,
    imposerLevel: query.imposerLevel,
    imposerName: query.imposerBody ?? "",
    // Any category: the rules that would look at it are set aside above.
    category: query.category ?? "other",
  };
  const decisions = route(report, rules, data.bodies, data.channels);
  const receivers = decisions.filter((d) => d.status === "routed" && d.body).map((d) => d.body as RoutingBody);
  const channelId = decisions.find((d) => d.channelId)?.channelId ?? null;
  const channel =
    receivers.length > 0 ? null : (data.channels.find((c) => c.id === channelId) ?? officialChannelFor(query.township, "discipline_commission", data.channels));
  const variesByCategory =
    !query.category && data.rules.some((r) => categoryRule(r) && ruleMatches({ ...r, when: { ...r.when, categories: undefined } }, report));
  return { receivers, channel, ruleId: decisions[0]?.ruleId ?? NO_RULE_ID, variesByCategory };
}
