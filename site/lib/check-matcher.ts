/**
 * "Is this my township's job?" (issue #4 item 4): matches a task as a cadre phrases it
 * against the items of a duty list. Pure TypeScript, shared by the Solid island and the
 * worker's no-JS route (worker/routes/check/index.ts), so both answer the same.
 *
 * Chinese has no spaces, and lists word things differently from the people who receive the
 * tasks ("查危化品" vs "危险化学品安全监督检查"), so matching is on character bigrams, after
 * expanding common abbreviations and synonyms to the wording lists use. An item scores by the
 * share of the task's bigrams it contains (its name counts most); generic words such as 工作
 * or 检查 weigh less, so "安全生产检查" finds 安全生产监督管理 rather than every inspection.
 *
 * Cadres often describe the form a task takes rather than the task ("每周填报动物检疫统计表"):
 * the phrase is also matched with those burden words cut out (its core, "动物检疫"), and
 * `burdenIn` names the burden form itself (填报、留痕、打卡、App …), since that is a burden
 * category of the report form and never a duty on a list.
 */
import type { ReportCategory } from "../../data/schema/report-category.ts";
import type { DutyItem, DutyPart } from "../../data/schema/duty-list.ts";
// The zod-free module: this file is in the report island's chunk (data/schema/duty-parts.ts).
import { DUTY_PARTS } from "../../data/schema/duty-parts.ts";

/** The fields of a duty item the matcher reads. */
export type MatchItem = Pick<DutyItem, "no" | "name" | "domain" | "leadDepartment" | "departmentDuty" | "townshipDuty" | "receivingDepartment" | "workMode">;
export type MatchList = { parts: Record<DutyPart, MatchItem[]> };

export interface Match {
  part: DutyPart;
  item: MatchItem;
  score: number;
}

/** Abbreviations and everyday wording → the wording duty lists use. */
const SYNONYMS: [RegExp, string][] = [
  [/危化品|危化/g, "危险化学品"],
  [/安监|安全检查/g, "安全生产检查"],
  [/查违|违建|违章建筑|乱占耕地|乱占地/g, "违法占地"],
  [/图斑|卫片|遥感/g, "卫星图斑举证"],
  [/检疫证|检疫证明/g, "检疫证明"],
  [/打疫苗|免疫|防疫/g, "强制免疫疫病防控"],
  [/低保/g, "最低生活保障"],
  [/五保|特困/g, "特困人员供养"],
  [/医保/g, "医疗保险参保征缴"],
  [/社保/g, "社会保险"],
  [/辍学|劝返|控辍/g, "控辍保学"],
  [/征兵|参军|兵役/g, "征兵工作"],
  [/普查|统计报表|统计调查/g, "统计调查普查"],
  [/防火|火灾/g, "防火消防"],
  [/森林防火|山火|森林火/g, "森林防灭火"],
  [/抗洪|防洪|防汛|汛期/g, "防汛抗旱"],
  [/滑坡|塌方|泥石流/g, "地质灾害"],
  [/食安|餐饮|聚餐/g, "食品安全"],
  [/环保|污染/g, "生态环境保护污染"],
  [/排污|污水/g, "水污染防治"],
  [/毒品/g, "禁毒"],
  [/交通安全|交警|酒驾/g, "道路交通安全"],
  [/危房|自建房/g, "农村自建房安全"],
  [/锅炉|电梯|压力容器/g, "特种设备"],
  [/矿山|采石/g, "非煤矿山"],
  [/采砂|挖沙/g, "河道采砂"],
  [/校车/g, "校车安全"],
  [/燃气|煤气|液化气/g, "燃气安全"],
  [/超载|超限/g, "货运超限超载"],
  [/工地|施工/g, "建筑施工"],
  [/药店|药品|医疗器械/g, "药品和医疗器械"],
  [/职业病|粉尘/g, "职业病危害"],
  [/砍树|盗伐|毁林|乱砍|滥伐/g, "涉林违法案件"],
  [/网吧|娱乐场所|演出/g, "文化市场"],
  [/上访|信访/g, "信访"],
  [/纠纷|调解/g, "矛盾纠纷"],
  [/网格员|网格/g, "网格化"],
  [/河长|巡河/g, "河长制巡河"],
  [/林长|护林/g, "林长制巡林"],
  [/扶贫|返贫/g, "防止返贫"],
  [/种粮|粮食|农田/g, "粮食生产高标准农田"],
  [/厕所|垃圾|村容/g, "人居环境整治"],
  [/老人|养老|留守/g, "养老留守关爱"],
  [/残疾/g, "残疾人"],
  [/退伍|退役|老兵/g, "退役军人"],
  [/就业|招工/g, "就业创业"],
  [/普法|法律援助/g, "法治宣传公共法律服务"],
  [/村委|村务|换届/g, "村民委员会村务"],
  [/党员|发展党员/g, "党员"],
  [/招商|企业服务|营商/g, "营商环境企业"],
  [/集体经济|村集体/g, "村级集体经济"],
  [/办证|政务服务|便民/g, "便民服务政务服务"],
  [/文物|古建筑/g, "文物保护"],
  [/公路|道路养护|修路/g, "农村公路养护"],
  [/饮水|自来水|供水/g, "农村供水"],
  [/清单外|摊派|下派任务/g, "清单外事项下派"],
];

/**
 * Words that name the form a task takes, not the task: each with the burden category of the
 * report form (data/schema/report-category.ts) it belongs to. Matched on the normalised
 * phrase (lower case, no spaces or punctuation). Order matters only for overlaps.
 */
const BURDEN_FORMS: [RegExp, ReportCategory][] = [
  [/填报|报表|统计表|表格|报送数据|重复报送/, "forms"],
  [/台账/, "ledgers"],
  [/留痕|拍照|照片|截图|签到|过程材料/, "traces"],
  [/打卡|app|小程序|工作群|刷活跃|积分排名|点赞转发/, "apps"],
  [/开会|会议|陪会/, "meetings"],
  [/发文|汇报材料|写材料|总结材料/, "documents"],
  [/迎检|督查考核|检查考核/, "inspections"],
  [/挂牌|牌子|上墙|标牌/, "signage"],
  [/责任状|承诺书|一票否决/, "pledges_veto"],
  [/借调|抽调/, "secondment"],
  [/观摩|接待调研|调研接待|陪同调研/, "visits"],
  [/创建|评比|达标/, "campaigns"],
];

/** Wrapper words cut out for a phrase's core: burden forms plus how often and where. */
const WRAPPERS = new RegExp(
  [
    ...BURDEN_FORMS.map(([re]) => re.source),
    "每天|每日|每周|每月|每季度|每年|按周|按月|定期|反复|重复|上报|报送|填写|录入|上传|材料|日志|记录|系统里|群里|在",
  ].join("|"),
  "g",
);

export interface Burden {
  /** The words as they appear in the phrase, e.g. "填报". */
  word: string;
  category: ReportCategory;
}

/** The burden form a phrase names first (by position), if any. */
export function burdenIn(query: string): Burden | undefined {
  const typed = normalise(query);
  let best: (Burden & { at: number }) | undefined;
  for (const [pattern, category] of BURDEN_FORMS) {
    const m = pattern.exec(typed);
    if (m && (!best || m.index < best.at)) best = { word: m[0], category, at: m.index };
  }
  if (!best) return undefined;
  // Show the words as typed ("App", not "app").
  const shown = query.normalize("NFKC").match(new RegExp(best.word, "i"))?.[0] ?? best.word;
  return { word: shown, category: best.category };
}

/** Characters and words that carry little meaning in a task phrase. */
const GENERIC = new Set([
  "工作",
  "开展",
  "组织",
  "负责",
  "做好",
  "落实",
  "加强",
  "管理",
  "监督",
  "检查",
  "服务",
  "建设",
  "要求",
  "乡镇",
  "我们",
  "村里",
  "上级",
  "县里",
  "让我",
  "帮忙",
  "配合",
]);

const normalise = (s: string) =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, "");

/**
 * The phrase as typed, plus the list wording of every synonym it contains (each alone, at a
 * small discount, since it stands for the whole task), plus the phrase with them substituted.
 */
function variants(query: string): { grams: Set<string>; factor: number }[] {
  const typed = normalise(query);
  const out = [{ grams: bigrams(typed), factor: 1 }];
  const core = coreGrams(typed);
  if (core) out.push({ grams: core, factor: 1 });
  let substituted = typed;
  for (const [pattern, canonical] of SYNONYMS) {
    pattern.lastIndex = 0;
    if (!pattern.test(typed)) continue;
    out.push({ grams: bigrams(canonical), factor: 0.9 });
    substituted = substituted.replace(pattern, canonical);
  }
  if (substituted !== typed) {
    out.push({ grams: bigrams(substituted), factor: 0.95 });
    const substitutedCore = coreGrams(substituted);
    if (substitutedCore) out.push({ grams: substitutedCore, factor: 0.95 });
  }
  return out;
}

/**
 * Bigrams of the phrase with its wrapper words cut out, each remaining piece on its own (no
 * bigram across a cut), or undefined when nothing was cut or fewer than two characters are left.
 */
function coreGrams(phrase: string): Set<string> | undefined {
  WRAPPERS.lastIndex = 0;
  const pieces = phrase.split(WRAPPERS).filter((p) => [...p].length >= 2);
  if (pieces.join("") === phrase || pieces.length === 0) return undefined;
  const out = new Set<string>();
  for (const p of pieces) for (const g of bigrams(p)) out.add(g);
  return out;
}

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  const chars = [...s];
  if (chars.length === 1) out.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

const weight = (gram: string) => (GENERIC.has(gram) ? 0.3 : 1);

/** Share (0–1) of the query's weighted bigrams found in `text`. */
function coverage(query: Set<string>, text: string): number {
  let total = 0;
  let hit = 0;
  for (const g of query) {
    const w = weight(g);
    total += w;
    if (text.includes(g)) hit += w;
  }
  return total === 0 ? 0 : hit / total;
}

/** Score of one item: its name counts fully, the other columns at a discount. */
export function scoreItem(query: string, item: MatchItem): number {
  const name = normalise(item.name);
  const rest = normalise([item.domain, item.townshipDuty, item.departmentDuty, item.workMode].filter(Boolean).join(""));
  let best = 0;
  for (const { grams, factor } of variants(query)) {
    best = Math.max(best, coverage(grams, name) * factor, coverage(grams, rest) * factor * 0.6);
  }
  return best;
}

/** Below this score an item is not a match: the task is then treated as not on the list. */
export const MATCH_THRESHOLD = 0.45;

/** Matching items of the whole list, best first. */
export function matchTask(list: MatchList, query: string, limit = 5): Match[] {
  if (normalise(query).length === 0) return [];
  const matches: Match[] = [];
  for (const part of DUTY_PARTS) {
    for (const item of list.parts[part]) {
      const score = scoreItem(query, item);
      if (score >= MATCH_THRESHOLD) matches.push({ part, item, score });
    }
  }
  return matches.sort((a, b) => b.score - a.score).slice(0, limit);
}

/** The part a task belongs to, or `none` when it is not on the list (an off-list task). */
export function classifyTask(list: MatchList, query: string): DutyPart | "none" {
  return matchTask(list, query, 1)[0]?.part ?? "none";
}
