/** National CSV: every township-level unit with its list status and item counts (UTF-8 with BOM for Excel). */
import { divisions, selectedProvinces } from "../../lib/divisions.ts";
import { BOM, csvLine, TOWNSHIP_CSV_COLUMNS } from "../../lib/open-data.ts";
import { partCounts, portalData } from "../../lib/portal-data.ts";
import { regionPath } from "../../lib/divisions.ts";

export async function GET() {
  const data = await portalData();
  const prefixes = selectedProvinces().map((p) => p.code);
  const name = (code: string) => divisions().get(code)?.name ?? "";
  let out = BOM + csvLine([...TOWNSHIP_CSV_COLUMNS]);
  for (const t of divisions().all("township")) {
    if (!prefixes.includes(t.code.slice(0, 2))) continue;
    const list = data.lists.get(t.code)?.[0];
    const n = list && partCounts(list);
    out += csvLine([
      t.code,
      t.name,
      t.type,
      name(t.code.slice(0, 2)),
      name(t.code.slice(0, 4)),
      name(t.code.slice(0, 6)),
      list?.status ?? "none",
      list?.version,
      n?.basic,
      n?.assisting,
      n?.returned,
      n?.total,
      regionPath(t.code),
    ]);
  }
  return new Response(out, { headers: { "content-type": "text/csv; charset=utf-8" } });
}
