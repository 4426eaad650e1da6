/**
 * The township's current duty list, read from the county's open-data file in the static assets
 * (/data/county/<code>.json): the name of what a report refers to by a duty-item code, and the
 * report form's no-JS list of items (worker/routes/report/duty-choices.tsx). Places are written
 * with placeLabel of data/schema/division.ts, from the chain reportDetails() reads.
 */
import type { CountyData } from "../../site/lib/open-data.ts";
import { areaOf } from "../../data/schema/division.ts";

export type TownshipList = NonNullable<CountyData["townships"][number]["list"]>;
export type DutyPart = keyof TownshipList["parts"];

/** The township's current list, or null when the county file or the list is not there. */
export async function townshipList(assets: Fetcher, requestUrl: string, township: string): Promise<TownshipList | null> {
  const res = await assets.fetch(new Request(new URL(`/data/county/${areaOf(township, "county")}.json`, requestUrl)));
  if (!res.ok) return null;
  const county = (await res.json()) as CountyData;
  return county.townships.find((x) => x.code === township)?.list ?? null;
}

/** The name of duty item `ref` (`basic:12`) in the township's current list; null when the list or the item is not there (any more). */
export async function dutyItemName(assets: Fetcher, requestUrl: string, township: string, ref: string | null): Promise<string | null> {
  if (!ref) return null;
  const [part, no] = ref.split(":") as [DutyPart, string];
  const list = await townshipList(assets, requestUrl, township);
  return list?.parts[part]?.find((item) => item.no === no)?.name ?? null;
}
