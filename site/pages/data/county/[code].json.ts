/**
 * /data/county/<code>.json: a county's townships with their current lists (open data, and
 * what the check tool fetches: one file per county, not per township; issue #4 item 4).
 */
import type { APIContext, GetStaticPaths } from "astro";
import { divisions, selectedProvinces } from "../../../lib/divisions.ts";
import { portalData } from "../../../lib/portal-data.ts";
import type { CountyData } from "../../../lib/open-data.ts";

export const getStaticPaths = (() => {
  const prefixes = selectedProvinces().map((p) => p.code);
  return divisions()
    .all("county")
    .filter((c) => prefixes.includes(c.code.slice(0, 2)))
    .map((c) => ({ params: { code: c.code } }));
}) satisfies GetStaticPaths;

export async function GET({ params }: APIContext) {
  const code = params.code!;
  const data = await portalData();
  const { dataset } = divisions();
  const body: CountyData = {
    format: "qingdan-county/1",
    county: {
      code,
      name: divisions().get(code)!.name,
      chain: divisions()
        .chain(code)
        .map((d) => d.name),
    },
    dataset: `${dataset.package} ${dataset.version} (${dataset.release})`,
    townships: divisions()
      .children(code)
      .map((t) => {
        const versions = data.lists.get(t.code) ?? [];
        return { code: t.code, name: t.name, type: t.type, list: versions[0] ?? null, versions: versions.length };
      }),
  };
  return new Response(JSON.stringify(body), { headers: { "content-type": "application/json; charset=utf-8" } });
}
