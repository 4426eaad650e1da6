/**
 * Reach on the static pages (issue 10): who a report from a township would reach, computed by the
 * worker's own `reachFor` (worker/domain/routing.ts) from the rules this build bundles (demo rules
 * left out of a deploy build, as `gen:routing` does) and the bodies and channels of this build.
 */
import { reachFor, type Reach, type ReachData, type RoutingBody, type RoutingChannel } from "../../worker/domain/routing.ts";
import { routingRulesForBuild } from "../../scripts/gen-routing-rules.ts";
import type { OfficialChannel, OversightBody } from "../../data/schema/index.ts";
import { IMPOSER_LEVELS, type ImposerLevel } from "../../data/schema/report-category.ts";
import type { PortalData } from "./portal-data.ts";

/** A body of data/oversight-bodies/ as routing sees it (what `load:bodies` writes to D1). */
export const routingBody = (b: OversightBody): RoutingBody => ({
  id: b.id,
  name: b.name,
  kind: b.kind,
  level: b.level,
  area: b.area,
  joined: b.joined,
  demo: b.demo,
  channels: b.channels,
  ackDays: b.deadlines?.acknowledge ?? 5,
  concludeDays: b.deadlines?.conclude ?? 60,
});

export const routingChannel = (c: OfficialChannel): RoutingChannel => ({ id: c.id, name: c.name, kind: c.kind, areas: c.areas, url: c.url ?? null });

let rules: ReachData["rules"] | undefined;

export function reachData(data: PortalData): ReachData {
  rules ??= routingRulesForBuild().rules;
  return { rules, bodies: data.bodies.map(routingBody), channels: data.channels.map(routingChannel) };
}

/** The default rule's reach for each level of imposing body, as a township page lists it. */
export function reachByLevel(data: PortalData, township: string): { level: ImposerLevel; reach: Reach }[] {
  const input = reachData(data);
  return IMPOSER_LEVELS.map((level) => ({ level, reach: reachFor({ township, imposerLevel: level }, input) }));
}
