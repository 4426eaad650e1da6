import { describe, expect, it } from "vitest";
import { DutyList, type DutyListInput } from "../../data/schema/index.ts";
import { diffLists } from "../../site/lib/list-diff.ts";

const list = (version: string, parts: DutyListInput["parts"]) =>
  DutyList.parse({ township: "431027100", issuer: "示例", version, adopted: "unknown", published: "unknown", status: "illustrative", note: "test", parts });

describe("diffLists", () => {
  it("reports items added, removed and moved between parts, ignoring renumbering", () => {
    const older = list("1", {
      basic: [
        { no: "1", name: "信访工作" },
        { no: "2", name: "动物检疫" },
      ],
      assisting: [{ no: "1", name: "消防安全", leadDepartment: "县消防救援大队" }],
    });
    const newer = list("2", {
      basic: [
        { no: "9", name: "信访工作" },
        { no: "10", name: "事项准入" },
      ],
      returned: [{ no: "1", name: "动物检疫", receivingDepartment: "县畜牧水产事务中心" }],
    });
    const changes = diffLists(older, newer).map((c) => [c.kind, c.name, c.from ?? null, c.to ?? null]);
    expect(changes).toEqual([
      ["added", "事项准入", null, "basic"],
      ["moved", "动物检疫", "basic", "returned"],
      ["removed", "消防安全", "assisting", null],
    ]);
  });

  it("treats a reworded item that changed part as moved, naming its old wording", () => {
    const older = list("1", { basic: [{ no: "1", name: "受理动物检疫申报并出具动物检疫证明" }] });
    const newer = list("2", { returned: [{ no: "1", name: "动物检疫及检疫证明出具", receivingDepartment: "县畜牧水产事务中心" }] });
    const [change, ...rest] = diffLists(older, newer);
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ kind: "moved", from: "basic", to: "returned", renamedFrom: "受理动物检疫申报并出具动物检疫证明" });
  });
});
