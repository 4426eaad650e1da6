import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { DutyList } from "../../data/schema/index.ts";
import { classifyTask, matchTask } from "../../site/lib/check-matcher.ts";
import { LABELLED_LIST, LABELLED_SET } from "./check-labelled-set.ts";

const list = DutyList.parse(parse(readFileSync(LABELLED_LIST, "utf8")));

describe("check matcher", () => {
  it("classifies at least 90 % of the labelled phrasings into the right part", () => {
    const wrong = LABELLED_SET.map(([phrase, expected]) => ({ phrase, expected, got: classifyTask(list, phrase) })).filter((r) => r.got !== r.expected);
    const accuracy = 1 - wrong.length / LABELLED_SET.length;
    expect(LABELLED_SET.length).toBeGreaterThanOrEqual(40);
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

  it("finds nothing for an empty task", () => {
    expect(matchTask(list, "  ，")).toEqual([]);
  });
});
