/** The coverage rows of the open data (/data/coverage.csv and .json), in code order. */
import { coverage } from "./coverage.ts";
import { countyNotices } from "./coverage.ts";
import { divisions } from "./divisions.ts";
import type { CoverageData } from "./open-data.ts";
import { portalData } from "./portal-data.ts";

export async function coverageData(): Promise<CoverageData> {
  const [{ areas }, data] = await Promise.all([coverage(), portalData()]);
  const { dataset } = divisions();
  const rows = [...areas.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((a) => ({
      level: a.level,
      code: a.code,
      name: a.name,
      ...a.counts,
      notices: a.level === "county" ? countyNotices(data, a.code).map((f) => f.source.url ?? f.source.documentNumber ?? f.source.title!) : [],
    }));
  return { format: "qingdan-coverage/1", dataset: `${dataset.package} ${dataset.version} (${dataset.release})`, areas: rows };
}
