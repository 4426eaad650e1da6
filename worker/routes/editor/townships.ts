/**
 * A hand-in's townships as the desk names them: the queue (a count), the duplicate picker (a few
 * names, else a count) and the contribution page (every name, `townshipCodes`).
 */
import type { Context } from "hono";
import type { CountyTownships } from "../../db/contributions.ts";
import { tr } from "../../ui/backoffice.tsx";

/** The township codes of a hand-in (`contributions.townships`, a JSON array): a malformed value reads as none, never a 500. */
export function townshipCodes(row: { townships: string }): string[] {
  try {
    const codes: unknown = JSON.parse(row.townships);
    return Array.isArray(codes) ? codes.filter((code): code is string => typeof code === "string") : [];
  } catch {
    return [];
  }
}

/**
 * «全县»; the names («清泉镇、沤江镇») when the county's townships are known and there are at most
 * `named` of them; else the count («5 个乡镇（街道）»).
 */
export function townshipsLabel(c: Context, row: { townships: string; wholeCounty: number }, place: CountyTownships | null = null, named = 0): string {
  const t = tr(c);
  if (row.wholeCounty) return t("editor.queue.whole_county");
  const codes = townshipCodes(row);
  if (!place || codes.length > named) return t("editor.queue.townships", { n: codes.length });
  const names = new Map(place.townships.map((tw) => [tw.code, tw.name]));
  return codes.map((code) => names.get(code) ?? code).join("、");
}
