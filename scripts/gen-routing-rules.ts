/**
 * Validates data/routing-rules.yaml and writes it as worker/delivery/routing-rules.json, which the
 * worker bundles (Workers cannot read data/ at run time). tests/worker/routing-rules.test.ts fails
 * when the two differ.   npm run gen:routing
 * The committed JSON is the local demo's; `QINGDAN_DEPLOY=1 npm run gen:routing` (the deploy
 * command) writes it without the demo rules (data/demo-content.ts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";
import { RoutingRules } from "../data/schema/routing-rule.ts";
import { forBuild, isDeployBuild } from "../data/demo-content.ts";

export const RULES_YAML = "data/routing-rules.yaml";
export const RULES_JSON = "worker/delivery/routing-rules.json";

export function readRoutingRules(file = RULES_YAML): RoutingRules {
  return RoutingRules.parse(parse(readFileSync(file, "utf8")));
}

/** The rules this build bundles: without the demo rules in a deploy build. */
export function routingRulesForBuild(deploy = isDeployBuild()): RoutingRules {
  const rules = readRoutingRules();
  return { rules: forBuild(rules.rules, deploy) };
}

if (import.meta.main) {
  const deploy = isDeployBuild();
  const rules = routingRulesForBuild(deploy);
  writeFileSync(RULES_JSON, `${JSON.stringify(rules, null, 2)}\n`);
  console.log(`gen:routing: ${rules.rules.length} rules${deploy ? " (deploy build: no demo rules)" : ""} → ${RULES_JSON}`);
}
