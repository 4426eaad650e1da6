/**
 * What the static township pages promise is what the worker routes (issue 10 item 2): for a
 * sample of townships of the test build and every level of imposing body, the receivers a page
 * lists are exactly the joined bodies `route()` picks with the rules the worker bundles
 * (worker/delivery/routing-rules.json) and the bodies `load:bodies` loads; a page never says
 * «会送达» where no joined body would receive it. And for every rule and category, the form's
 * exact reach (reachFor) is the worker's routing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadDivisions } from "../../data/divisions.ts";
import { IMPOSER_LEVELS, OfficialChannel, OversightBody, REPORT_CATEGORIES, RoutingRules } from "../../data/schema/index.ts";
import { forBuild } from "../../data/demo-content.ts";
import { reachFor, route } from "../../worker/domain/routing.ts";
import { routingBody, routingChannel } from "../../site/lib/reach.ts";

const load = <T>(dir: string, schema: { parse: (x: unknown) => T }) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => schema.parse(parse(readFileSync(join(dir, f), "utf8"))));
const bodies = forBuild(load("data/oversight-bodies", OversightBody)).map(routingBody);
const channels = load("data/channels", OfficialChannel).map(routingChannel);
const workerRules = RoutingRules.parse(JSON.parse(readFileSync("worker/delivery/routing-rules.json", "utf8"))).rules;

const townships = loadDivisions()
  .all("township")
  .filter((d) => d.code.startsWith("43"));
// Every township of 桂东县 (bodies at every level) and every 97th one elsewhere in 湖南.
const sample = townships.filter((d, i) => d.code.startsWith("431027") || i % 97 === 0);

const workerReceivers = (township: string, level: (typeof IMPOSER_LEVELS)[number], category: (typeof REPORT_CATEGORIES)[number], rules = workerRules) =>
  route({ townshipCode: township, villageCode: null, imposerLevel: level, imposerName: "", category }, rules, bodies, channels)
    .filter((d) => d.status === "routed")
    .map((d) => d.body!.name);

function pageReach(code: string): Map<string, { state: string; text: string }> {
  const html = readFileSync(join("dist", "r", code, "index.html"), "utf8");
  const section = html.match(/<section aria-labelledby="reach-heading"[\s\S]*?<\/section>/)?.[0] ?? "";
  return new Map(
    [...section.matchAll(/<li data-level="([a-z]+)" data-reach="([a-z]+)">([\s\S]*?)<\/li>/g)].map((m) => [
      m[1]!,
      { state: m[2]!, text: m[3]!.replace(/<[^>]+>/g, "") },
    ]),
  );
}

describe("reach: the static pages and the worker agree", () => {
  it("lists, on every sampled township page and for every level, exactly the bodies the worker routes by the default rule", () => {
    expect(sample.length).toBeGreaterThan(20);
    const defaultRules = workerRules.filter((r) => !r.when.categories);
    for (const t of sample) {
      const reach = pageReach(t.code);
      expect([...reach.keys()]).toEqual([...IMPOSER_LEVELS]);
      for (const level of IMPOSER_LEVELS) {
        const expected = workerReceivers(t.code, level, "other", defaultRules);
        const shown = reach.get(level)!;
        expect(shown.state, `${t.code} ${level}`).toBe(expected.length ? "bodies" : "none");
        for (const name of expected) expect(shown.text, `${t.code} ${level}`).toContain(name);
        if (!expected.length) expect(shown.text, `${t.code} ${level}`).not.toMatch(/(?<!不)会送达/);
      }
    }
  });

  it("gives the form, for every rule's categories and levels, the receivers the worker routes", () => {
    const data = { rules: workerRules, bodies, channels };
    for (const t of sample.filter((_, i) => i % 5 === 0)) {
      for (const level of IMPOSER_LEVELS) {
        for (const category of REPORT_CATEGORIES) {
          const reach = reachFor({ township: t.code, imposerLevel: level, category }, data);
          expect(
            reach.receivers.map((b) => b.name),
            `${t.code} ${level} ${category}`,
          ).toEqual(workerReceivers(t.code, level, category));
        }
      }
    }
  });
});
