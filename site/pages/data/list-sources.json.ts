/**
 * Sources of the lists this build publishes (issue 12 item 3): for each township with a current
 * official or repost list, the source URL and its page. The worker reads this file (ASSETS) to
 * tell a contributor 已收录 once a deploy carries the list their hand-in pointed at.
 */
import { selectedProvinces } from "../../lib/divisions.ts";
import { regionPath } from "../../lib/divisions.ts";
import { portalData } from "../../lib/portal-data.ts";

export async function GET() {
  const data = await portalData();
  const prefixes = selectedProvinces().map((p) => p.code);
  const sources: { township: string; url: string; path: string }[] = [];
  for (const [township, versions] of data.lists) {
    const list = versions[0]!;
    if (!prefixes.includes(township.slice(0, 2)) || list.status === "illustrative" || !list.source?.url) continue;
    sources.push({ township, url: list.source.url, path: regionPath(township) });
  }
  sources.sort((a, b) => a.township.localeCompare(b.township));
  return new Response(JSON.stringify({ format: "qingdan-list-sources/1", sources }), { headers: { "content-type": "application/json; charset=utf-8" } });
}
