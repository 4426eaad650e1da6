/** Coverage per province, prefecture and county as CSV (UTF-8 with BOM for Excel); notices joined by spaces. */
import { coverageData } from "../../lib/coverage-data.ts";
import { divisions } from "../../lib/divisions.ts";
import { BOM, COVERAGE_CSV_COLUMNS, csvLine } from "../../lib/open-data.ts";

export async function GET() {
  const name = (code: string) => divisions().get(code)?.name ?? "";
  let out = BOM + csvLine([...COVERAGE_CSV_COLUMNS]);
  for (const a of (await coverageData()).areas) {
    const province = a.level === "province" ? "" : name(a.code.slice(0, 2));
    const prefecture = a.level === "county" ? name(a.code.slice(0, 4)) : "";
    out += csvLine([a.level, a.code, a.name, province, prefecture, a.townships, a.official, a.repost, a.figures, a.none, a.notices.join(" ")]);
  }
  return new Response(out, { headers: { "content-type": "text/csv; charset=utf-8" } });
}
