/**
 * Validates data/routing-rules.yaml and writes it as worker/delivery/routing-rules.json, which the
 * worker bundles (Workers cannot read data/ at run time). tests/worker/routing-rules.test.ts fails
 * when the two differ.   npm run gen:routing
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";
import { RoutingRules } from "../data/schema/routing-rule.ts";

export const RULES_YAML = "data/routing-rules.yaml";
export const RULES_JSON = "worker/delivery/routing-rules.json";

export function readRoutingRules(file = RULES_YAML): RoutingRules {
  return RoutingRules.parse(parse(readFileSync(file, "utf8")));
}

if (import.meta.main) {
  const rules = readRoutingRules();
  writeFileSync(RULES_JSON, `${JSON.stringify(rules, null, 2)}\n`);
  console.log(`gen:routing: ${rules.rules.length} rules → ${RULES_JSON}`);
}
