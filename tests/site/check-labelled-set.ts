/**
 * The labelled set for "is this my township's job?" (issue #4 item 4): task phrasings as a
 * cadre might type them, each with the part of 沤江镇's illustrative 2025 list it belongs to
 * (data/duty-lists/431027100/2025.yaml), or `none` for tasks that are not on the list.
 */
import type { MatchPart } from "../../site/lib/check-matcher.ts";

export const LABELLED_LIST = "data/duty-lists/431027100/2025.yaml";

export const LABELLED_SET: [phrase: string, expected: MatchPart | "none"][] = [
  // basic: the township's own duties
  ["低保申请初审", "basic"],
  ["调解邻里纠纷", "basic"],
  ["信访接待", "basic"],
  ["发展党员", "basic"],
  ["留守儿童关爱", "basic"],
  ["退役军人服务保障", "basic"],
  ["残疾人服务", "basic"],
  ["河长巡河", "basic"],
  ["村里垃圾和厕所整治", "basic"],
  ["防返贫监测帮扶", "basic"],
  ["网格员管理", "basic"],
  ["村务公开", "basic"],
  ["便民服务中心办证", "basic"],
  ["普法宣传", "basic"],
  ["优化营商环境", "basic"],
  ["壮大村集体经济", "basic"],
  ["粮食生产任务", "basic"],
  // assisting: a county department leads
  ["安全生产检查", "assisting"],
  ["消防安全巡查", "assisting"],
  ["汛期防汛值班", "assisting"],
  ["森林防火", "assisting"],
  ["农村集体聚餐报备", "assisting"],
  ["违法占地巡查", "assisting"],
  ["环境污染投诉处理", "assisting"],
  ["交通安全劝导", "assisting"],
  ["农村自建房排查", "assisting"],
  ["医保征缴", "assisting"],
  ["控辍保学劝返", "assisting"],
  ["征兵宣传", "assisting"],
  ["人口普查入户", "assisting"],
  ["生猪强制免疫", "assisting"],
  ["禁毒宣传", "assisting"],
  ["文物巡查", "assisting"],
  ["农村公路养护", "assisting"],
  ["农村饮水工程管护", "assisting"],
  // returned: a county department does it now
  ["动物检疫", "returned"],
  ["卫星图斑举证", "returned"],
  ["危化品检查", "returned"],
  ["非煤矿山检查", "returned"],
  ["电梯安全检查", "returned"],
  ["查处盗伐林木", "returned"],
  ["水污染执法", "returned"],
  ["检查药店", "returned"],
  ["职业病危害检查", "returned"],
  ["工地施工安全", "returned"],
  ["校车安全检查", "returned"],
  ["河道采砂执法", "returned"],
  ["网吧检查", "returned"],
  ["超载车辆检查", "returned"],
  ["燃气安全检查", "returned"],
  // none: not on the list (off-list tasks)
  ["创建文明城市迎检材料", "none"],
  ["每天在工作群打卡拍照", "none"],
  ["签订安全责任状", "none"],
  ["接待观摩调研", "none"],
  ["悬挂创建示范牌子", "none"],
  ["借调人员到县里", "none"],
  ["拍摄宣传视频", "none"],
  ["出具无犯罪记录证明", "none"],
];
