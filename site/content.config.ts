/**
 * Content collections over data/, validated by the shared schemas (data/schema/).
 * `npm run check:data` validates the same files with line numbers before the build.
 */
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { DutyList, MeasureFrontmatter, OfficialChannel, OversightBody, ReportedListFigures, VillageList } from "../data/schema/index.ts";

const yaml = (dir: string) => glob({ pattern: "**/*.yaml", base: `./data/${dir}` });

export const collections = {
  dutyLists: defineCollection({ loader: yaml("duty-lists"), schema: DutyList }),
  villageLists: defineCollection({ loader: yaml("village-lists"), schema: VillageList }),
  figures: defineCollection({ loader: yaml("figures"), schema: ReportedListFigures }),
  measures: defineCollection({ loader: glob({ pattern: "**/*.md", base: "./data/measures" }), schema: MeasureFrontmatter }),
  oversightBodies: defineCollection({ loader: yaml("oversight-bodies"), schema: OversightBody }),
  channels: defineCollection({ loader: yaml("channels"), schema: OfficialChannel }),
};
