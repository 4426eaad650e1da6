/**
 * Recognises the headings of official duty-list tables. Headings vary by place (SOURCES.md §2),
 * so they are normalised first (full-width → half-width, no spaces) and then matched by the
 * words they contain, most specific first.
 */
import type { DutyItem, DutyPart } from "../../data/schema/duty-list.ts";

export type Column = keyof DutyItem;

/** NFKC turns full-width letters, digits and punctuation (（），：) into half-width; spaces go. */
export function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\s\u3000]+/g, "")
    .replace(/[【〔［]/g, "(")
    .replace(/[】〕］]/g, ")");
}

/**
 * Heading rules in order: the first whose test matches wins. Each lists the variants seen or
 * expected in official tables; a department's duty is tested before the department itself,
 * because "县级部门职责" contains "县级部门".
 */
export const HEADING_RULES: readonly { column: Column; test: RegExp; examples: string[] }[] = [
  { column: "no", test: /^(序号|编号|序|项目编号|事项编号)$/, examples: ["序号", "编号"] },
  { column: "townshipDuty", test: /配合职责|(乡镇|街道|镇街|镇|乡)(\(街道\))?(履职|承担)?职责/, examples: ["乡镇(街道)配合职责", "镇街配合职责", "乡镇职责"] },
  { column: "departmentDuty", test: /部门.*职责|部门职责/, examples: ["上级部门职责", "县级部门职责", "部门职责"] },
  { column: "receivingDepartment", test: /承接(部门|单位)|收回(部门|单位)|承办(部门|单位)/, examples: ["承接部门", "收回部门"] },
  { column: "workMode", test: /工作方式|收回方式|履职方式|运行方式|工作机制/, examples: ["工作方式", "收回方式"] },
  {
    column: "leadDepartment",
    test: /对应上级部门|配合部门|牵头部门|县级部门|上级部门|主管部门|责任部门|部门名称|县直部门/,
    examples: ["对应上级部门", "配合部门", "牵头部门", "县级部门"],
  },
  { column: "basis", test: /依据/, examples: ["履职依据", "依据", "法律依据"] },
  { column: "domain", test: /类别|领域|分类|类型/, examples: ["类别", "领域"] },
  { column: "note", test: /^备注/, examples: ["备注"] },
  { column: "name", test: /事项名称|事项内容|履职事项|工作事项|具体事项|^事项$|^内容$/, examples: ["事项名称", "事项内容", "履职事项"] },
];

/** The column a heading denotes, or undefined when it is not recognised. */
export function mapHeading(text: string): Column | undefined {
  const n = normalise(text);
  if (!n) return undefined;
  return HEADING_RULES.find((rule) => rule.test.test(n))?.column;
}

/**
 * The part a part-heading row announces ("一、基本履职事项", "二、配合履职事项清单(20项)",
 * "三、上级部门收回事项", "第三部分 收回事项"…), or undefined.
 */
export function partOfHeading(text: string): DutyPart | undefined {
  const n = normalise(text).replace(/^(第?[一二三四五六七八九十]+(部分)?[、.,:]?|\(?[一二三四五六七八九十\d]+\)[、.]?|\d+[、.])/, "");
  if (/^(基本履职|基本职责|基本事项)/.test(n)) return "basic";
  if (/^(配合履职|配合职责|配合事项)/.test(n)) return "assisting";
  if (/^(上级部门收回|上级收回|收回事项|收回履职|上级部门收回履职)/.test(n)) return "returned";
  return undefined;
}
