/**
 * Content collections over data/, validated by the shared schemas (data/schema/).
 * `npm run check:data` validates the same files with line numbers before the build.
 */
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { join } from "node:path";
import { DATA_DIR } from "../data/divisions.ts";
import { DutyList, MeasureFrontmatter, OfficialChannel, OversightBody, ReportedListFigures, VillageList } from "../data/schema/index.ts";

/** data/ of the project, or of `QINGDAN_ROOT` (a copy, e.g. the contribution chain test's). */
const base = (dir: string) => join(DATA_DIR, dir);
const yaml = (dir: string) => glob({ pattern: "**/*.yaml", base: base(dir) });

export const collections = {
  dutyLists: defineCollection({ loader: yaml("duty-lists"), schema: DutyList }),
  villageLists: defineCollection({ loader: yaml("village-lists"), schema: VillageList }),
  figures: defineCollection({ loader: yaml("figures"), schema: ReportedListFigures }),
  measures: defineCollection({ loader: glob({ pattern: "**/*.md", base: base("measures") }), schema: MeasureFrontmatter }),
  oversightBodies: defineCollection({ loader: yaml("oversight-bodies"), schema: OversightBody }),
  channels: defineCollection({ loader: yaml("channels"), schema: OfficialChannel }),
};
