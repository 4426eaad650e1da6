import { describe, expect, it } from "vitest";
import { labelTableCells } from "../../site/lib/table-labels.ts";

const table = `<div class="table-scroll"><table><caption>按监督机构</caption>
<thead><tr><th scope="col">机构</th><th scope="col">收到</th><th scope="col">按时受理</th></tr></thead>
<tbody><tr><th scope="row">郴州市纪委监委</th><td>12</td><td>9 / 12</td></tr><tr><td colspan="3">不足 10 件，不计算比率</td></tr></tbody>
<tfoot><tr><th scope="row">合计</th><td colspan="2">12</td></tr></tfoot></table></div>`;

describe("tables labelled for narrow screens (issue 14 item 4)", () => {
  const out = labelTableCells(table);

  it("labels each body cell with its column heading", () => {
    expect(out).toContain('<th scope="row" data-label="机构">郴州市纪委监委</th><td data-label="收到">12</td><td data-label="按时受理">9 / 12</td>');
    expect(out).toContain("<table data-stack>");
  });

  it("leaves a cell spanning several columns unlabelled and counts colspans", () => {
    expect(out).toContain('<td colspan="3">不足 10 件');
    expect(out).toContain('<td colspan="2">12</td>');
    expect(labelTableCells(table.replace('<td colspan="2">12</td>', '<td colspan="1">12</td><td>3</td>'))).toContain(
      '<td colspan="1" data-label="收到">12</td><td data-label="按时受理">3</td>',
    );
  });

  it("makes the scroll wrapper a focusable region named by the caption", () => {
    expect(out).toContain('<div class="table-scroll" tabindex="0" role="region" aria-label="按监督机构">');
  });

  it("leaves header cells, and tables without a header row, alone", () => {
    expect(out).toContain('<th scope="col">机构</th>');
    const bare = "<table><tbody><tr><td>1</td></tr></tbody></table>";
    expect(labelTableCells(bare)).toBe(bare);
  });
});
