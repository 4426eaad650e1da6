import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { DutyList } from "../../data/schema/index.ts";
import { burdenIn, classifyTask, matchTask } from "../../site/lib/check-matcher.ts";
import { LABELLED_LIST, LABELLED_SET } from "./check-labelled-set.ts";

const list = DutyList.parse(parse(readFileSync(LABELLED_LIST, "utf8")));

describe("check matcher", () => {
  it("classifies at least 90 % of the labelled phrasings into the right part", () => {
    const wrong = LABELLED_SET.map(([phrase, expected]) => ({ phrase, expected, got: classifyTask(list, phrase) })).filter((r) => r.got !== r.expected);
    const accuracy = 1 - wrong.length / LABELLED_SET.length;
    expect(LABELLED_SET.length).toBeGreaterThanOrEqual(80);
    expect(accuracy, JSON.stringify(wrong, null, 1)).toBeGreaterThanOrEqual(0.9);
  });

  it("tolerates phrasing: an abbreviation finds the item worded in full", () => {
    const [best] = matchTask(list, "危化品");
    expect(best?.item.name).toBe("危险化学品安全监督检查");
    expect(best?.part).toBe("returned");
  });

  it("names the leading department for an assisting task", () => {
    const [best] = matchTask(list, "安全生产检查");
    expect(best?.part).toBe("assisting");
    expect(best?.item.leadDepartment).toBe("县应急管理局");
  });

  it("finds the item inside a longer phrasing (UX 12): «每周填报动物检疫统计表» → 动物检疫", () => {
    const [best] = matchTask(list, "每周填报动物检疫统计表");
    expect(best?.item.name).toBe("动物检疫及检疫证明出具");
    expect(best?.part).toBe("returned");
  });

  // A phrase that names the form a burden takes, with the report category it belongs to.
  const BURDENS: [phrase: string, word: string | undefined, category: string | undefined][] = [
    ["每周填报动物检疫统计表", "填报", "forms"],
    ["拍照留痕", "拍照", "traces"],
    ["上级要求每天在政务App打卡", "App", "apps"],
    ["每天在工作群打卡拍照", "工作群", "apps"],
    ["每月报送安全生产台账", "台账", "ledgers"],
    ["签订安全责任状", "责任状", "pledges_veto"],
    ["借调人员到县里", "借调", "secondment"],
    ["陪同上级调研观摩", "观摩", "visits"],
    ["每个村都要挂牌子", "挂牌", "signage"],
    ["开各种会议", "会议", "meetings"],
    ["动物检疫", undefined, undefined],
    ["安全生产检查", undefined, undefined],
    ["低保审核", undefined, undefined],
  ];
  it.each(BURDENS)("names the burden form in «%s»", (phrase, word, category) => {
    const burden = burdenIn(phrase);
    expect(burden?.word).toBe(word);
    expect(burden?.category).toBe(category);
  });

  it("finds nothing for an empty task", () => {
    expect(matchTask(list, "  ，")).toEqual([]);
  });
});
