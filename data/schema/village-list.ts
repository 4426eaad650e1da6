/**
 * Village (村/社区) lists: main duties (主责事项), assisting duties (协助事项) and the
 * negative list (负面清单 / 取消事项). A list may be a guidance catalogue (指导目录) issued for
 * a province, prefecture or county, which applies to every village within unless a
 * village has its own list.
 */
import { z } from "zod";
import { AreaCode, DateOrUnknown, Source } from "./common.ts";
import { ProvenanceStatus, provenanceProblem } from "./provenance.ts";
import { ItemNumber } from "./duty-list.ts";

export const VILLAGE_PARTS = ["main", "assisting", "negative"] as const;
export const VillagePart = z.enum(VILLAGE_PARTS);
export type VillagePart = z.infer<typeof VillagePart>;

export const VillageItem = z
  .object({
    no: ItemNumber,
    name: z.string().trim().min(1).max(2000),
    category: z.string().trim().min(1).max(100).optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();
export type VillageItem = z.infer<typeof VillageItem>;

export const VillageList = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** The area it applies to: a village (own list), or `CN`, a province, prefecture, county or township (catalogue). */
    area: AreaCode,
    /**
     * Which units it is about: a 村级组织 catalogue is not shown on a subdistrict whose units are
     * all 社区 (data B15); lists for 基层群众性自治组织 apply to both.
     */
    appliesTo: z.enum(["villages", "communities", "both"]).default("both"),
    kind: z.enum(["catalogue", "list"]),
    title: z.string().trim().min(1),
    issuer: z.string().trim().min(1).optional(),
    /** As the source prints it; absent when it prints none. */
    version: z.string().trim().min(1).optional(),
    adopted: DateOrUnknown,
    published: DateOrUnknown,
    status: ProvenanceStatus,
    source: Source.optional(),
    /** Further copies of the same text that the transcription rests on (every copy is cited). */
    copies: z.array(Source).default([]),
    /** What the record holds of the original, e.g. "主责事项 1–12 only; 协助 and 负面 not captured". */
    coverage: z.string().min(1).optional(),
    note: z.string().min(1).optional(),
    parts: z
      .object({
        main: z.array(VillageItem).default([]),
        assisting: z.array(VillageItem).default([]),
        negative: z.array(VillageItem).default([]),
      })
      .strict(),
  })
  .strict()
  .superRefine((list, ctx) => {
    const provenance = provenanceProblem(list, "unchecked");
    if (provenance) ctx.addIssue({ code: "custom", path: [provenance.path], message: provenance.code });
    if (list.kind === "list" && list.area.length !== 12) ctx.addIssue({ code: "custom", path: ["area"], message: "e.village_list_needs_village" });
    for (const part of VILLAGE_PARTS) {
      const seen = new Set<string>();
      list.parts[part].forEach((item, i) => {
        if (seen.has(item.no)) ctx.addIssue({ code: "custom", path: ["parts", part, i, "no"], message: "e.duplicate_item_number" });
        seen.add(item.no);
      });
    }
  });
export type VillageList = z.infer<typeof VillageList>;

/** The anchor of a village list on the region pages that show it: what the item search links to. */
export const villageListAnchor = (id: string): string => `village-list-${id}`;
