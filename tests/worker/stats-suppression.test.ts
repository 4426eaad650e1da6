import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIN_CELL, suppress, type PublishedTable } from "../../worker/domain/suppression.ts";

/**
 * An attacker knows the published total and every published cell. Subtraction recovers a
 * suppressed cell exactly when it is the only suppressed cell of its table. This returns every
 * cell the attacker can pin down.
 */
function recoverBySubtraction(table: PublishedTable): { key: string; count: number }[] {
  if (table.total === null) return [];
  const hidden = table.cells.filter((c) => c.count === null);
  const remainder = table.total - table.cells.reduce((s, c) => s + (c.count ?? 0), 0);
  if (hidden.length === 1) return [{ key: hidden[0]!.key, count: remainder }];
  // Several hidden cells that must all be 0 except one? Only if the remainder is below MIN_CELL
  // and all but one hidden cell are known to be positive… the attacker cannot know which.
  return [];
}

describe("small-cell suppression", () => {
  it.each([
    ["no small cells", [12, 7, 30], [12, 7, 30]],
    ["one small cell hides the next smallest too", [12, 3, 30], [null, null, 30]],
    ["two small cells protect each other", [12, 3, 2, 30], [12, null, null, 30]],
    ["zero is published", [12, 0, 30], [12, 0, 30]],
  ])("%s", (_name, counts, expected) => {
    const table = suppress(counts.map((count, i) => ({ key: String(i), count })));
    expect(table.cells.map((c) => c.count)).toEqual(expected);
  });

  it("suppresses a whole table whose total is under the minimum", () => {
    expect(
      suppress([
        { key: "a", count: 2 },
        { key: "b", count: 1 },
      ]),
    ).toEqual({
      total: null,
      cells: [
        { key: "a", count: null, suppressed: "primary" },
        { key: "b", count: null, suppressed: "primary" },
      ],
    });
  });

  it("lets no suppressed cell be recovered by subtraction, for any table", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 12 }), (counts) => {
        const table = suppress(counts.map((count, i) => ({ key: `k${i}`, count })));
        for (const cell of table.cells) if (cell.count !== null) expect(cell.count === 0 || cell.count >= MIN_CELL).toBe(true);
        expect(recoverBySubtraction(table)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it("would be broken without secondary suppression (the attack works on primary-only tables)", () => {
    const primaryOnly: PublishedTable = {
      total: 45,
      cells: [
        { key: "a", count: 12, suppressed: null },
        { key: "b", count: null, suppressed: "primary" },
        { key: "c", count: 30, suppressed: null },
      ],
    };
    expect(recoverBySubtraction(primaryOnly)).toEqual([{ key: "b", count: 3 }]);
  });
});
