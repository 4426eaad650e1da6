/**
 * A township's duty list (履职事项清单) in three parts: basic (基本履职事项), assisting
 * (配合履职事项) and returned (上级部门收回事项). Column names follow DOMAIN.md; every
 * column is optional where a part does not carry it, and required where the part needs it.
 */
import { z } from "zod";
import { DateOrUnknown, newestFirst, Source, TownshipCode } from "./common.ts";
import { ProvenanceStatus, provenanceProblem } from "./provenance.ts";
import { DUTY_PARTS } from "./duty-parts.ts";

export { DUTY_PARTS };
export const DutyPart = z.enum(DUTY_PARTS);
export type DutyPart = z.infer<typeof DutyPart>;

/** Chinese headings of the parts, as lists print them. */
export const DUTY_PART_TITLES: Record<DutyPart, string> = {
  basic: "基本履职事项",
  assisting: "配合履职事项",
  returned: "上级部门收回事项",
};

/** Item number as printed: "1", "12", "1.1", "(一)", "（三）2". */
export const ItemNumber = z.string().trim().min(1).max(20);

export const DutyItem = z
  .object({
    no: ItemNumber,
    /** 事项名称 */
    name: z.string().trim().min(1).max(500),
    /** 类别/领域: free text, varies by place (SOURCES.md §3). */
    domain: z.string().trim().min(1).max(100).optional(),
    /** 履职依据 */
    basis: z.string().trim().min(1).max(2000).optional(),
    /** 对应上级部门: the county department that leads (assisting part). */
    leadDepartment: z.string().trim().min(1).max(200).optional(),
    /** 上级部门职责 */
    departmentDuty: z.string().trim().min(1).max(2000).optional(),
    /** 乡镇（街道）配合职责 */
    townshipDuty: z.string().trim().min(1).max(2000).optional(),
    /** 承接部门: the department that now does it (returned part). */
    receivingDepartment: z.string().trim().min(1).max(200).optional(),
    /** 工作方式 */
    workMode: z.string().trim().min(1).max(2000).optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();
export type DutyItem = z.infer<typeof DutyItem>;

/** Which department column a part requires (DOMAIN.md: assisting → lead department, returned → receiving department). */
export const REQUIRED_DEPARTMENT: Partial<Record<DutyPart, "leadDepartment" | "receivingDepartment">> = {
  assisting: "leadDepartment",
  returned: "receivingDepartment",
};

const Parts = z
  .object({
    basic: z.array(DutyItem).default([]),
    assisting: z.array(DutyItem).default([]),
    returned: z.array(DutyItem).default([]),
  })
  .strict();

export const DutyList = z
  .object({
    township: TownshipCode,
    issuer: z.string().trim().min(1),
    version: z.string().trim().min(1),
    adopted: DateOrUnknown,
    published: DateOrUnknown,
    /** See data/schema/provenance.ts: `official` only from the issuer's own publication. */
    status: ProvenanceStatus,
    source: Source.optional(),
    /** For `illustrative` lists: what the example is based on and why it exists. */
    note: z.string().min(1).optional(),
    parts: Parts,
  })
  .strict()
  .superRefine((list, ctx) => {
    // Hosts are judged by the data check, which has data/official-domains.yaml.
    const provenance = provenanceProblem(list, "unchecked");
    if (provenance) ctx.addIssue({ code: "custom", path: [provenance.path], message: provenance.code });
    for (const part of DUTY_PARTS) {
      const seen = new Set<string>();
      list.parts[part].forEach((item, i) => {
        if (seen.has(item.no)) ctx.addIssue({ code: "custom", path: ["parts", part, i, "no"], message: "e.duplicate_item_number" });
        seen.add(item.no);
        const dept = REQUIRED_DEPARTMENT[part];
        if (dept && !item[dept]) ctx.addIssue({ code: "custom", path: ["parts", part, i, dept], message: `e.missing_${dept}` });
      });
    }
  });
export type DutyList = z.infer<typeof DutyList>;
export type DutyListInput = z.input<typeof DutyList>;

/** Orders a township's list versions so that the current one (adopted last, then highest version) comes first. */
export const byCurrentFirst = (a: DutyList, b: DutyList): number => newestFirst(a.adopted, b.adopted) || newestFirst(a.version, b.version);

/** The anchor of an item's row on its township page («item-returned-16»): what the item search links to. */
export const dutyItemAnchor = (part: DutyPart, index: number): string => `item-${part}-${index + 1}`;
