/** National CSV: every item of every current list, one row per item (UTF-8 with BOM for Excel). */
import { DUTY_PARTS } from "../../../data/schema/index.ts";
import { divisions, inSelection } from "../../lib/divisions.ts";
import { BOM, csvLine, ITEM_CSV_COLUMNS } from "../../lib/open-data.ts";
import { portalData } from "../../lib/portal-data.ts";

export async function GET() {
  const data = await portalData();
  let out = BOM + csvLine([...ITEM_CSV_COLUMNS]);
  for (const [code, versions] of [...data.lists].sort(([a], [b]) => a.localeCompare(b))) {
    if (!inSelection(code)) continue;
    const list = versions[0]!;
    const name = divisions().get(code)?.name ?? "";
    for (const part of DUTY_PARTS) {
      for (const i of list.parts[part]) {
        out += csvLine([
          code,
          name,
          list.version,
          list.status,
          part,
          i.no,
          i.name,
          i.domain,
          i.basis,
          i.leadDepartment,
          i.departmentDuty,
          i.townshipDuty,
          i.receivingDepartment,
          i.workMode,
          i.note,
        ]);
      }
    }
  }
  return new Response(out, { headers: { "content-type": "text/csv; charset=utf-8" } });
}
