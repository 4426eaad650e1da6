/**
 * The name of what a report refers to by a duty-item code (places are written with placeLabel of
 * data/schema/division.ts, from the chain reportDetails() reads).
 */
import type { CountyData } from "../../../site/lib/open-data.ts";

/**
 * The name of duty item `ref` (`basic:12`) in the township's current list, read from the county's
 * open-data file in the static assets; null when the list or the item is not there (any more).
 */
export async function dutyItemName(assets: Fetcher, requestUrl: string, township: string, ref: string | null): Promise<string | null> {
  if (!ref) return null;
  const [part, no] = ref.split(":") as [keyof NonNullable<CountyData["townships"][number]["list"]>["parts"], string];
  const res = await assets.fetch(new Request(new URL(`/data/county/${township.slice(0, 6)}.json`, requestUrl)));
  if (!res.ok) return null;
  const county = (await res.json()) as CountyData;
  const list = county.townships.find((x) => x.code === township)?.list;
  return list?.parts[part]?.find((item) => item.no === no)?.name ?? null;
}
