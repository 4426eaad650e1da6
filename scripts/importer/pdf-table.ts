/**
 * Rebuilds table rows from positioned text (what a PDF holds instead of cells), page by page:
 *
 * 1. Lines: text pieces on one baseline, joined into runs where they touch (a cell's text is
 *    split into several pieces wherever the font changes).
 * 2. Blocks: a run and the runs right below it at one line's distance that overlap it
 *    horizontally, i.e. one cell's wrapped text.
 * 3. Rows: blocks whose heights overlap. Cells are centred vertically in printed tables, so a
 *    one-line cell sits between the lines of a wrapped neighbour; only the space between rows
 *    (cell padding and rule) separates one row from the next.
 * 4. Columns: x-positions that no block of a data row covers separate the columns of a
 *    section (the rows from one header row to the next header or part heading). Header rows do
 *    not take part, because a spanning heading (对应上级部门 above 部门名称 | 上级部门职责)
 *    covers the gap between its sub-columns; a block spanning several columns is repeated in
 *    each, as a merged cell is in .xlsx. Rows joined by a cell merged over two rows are split.
 *
 * A table continued on the next page repeats its header there (as printed tables do); the
 * parser reads a repeated header as the same columns again, so it is dropped, not imported.
 */
import { mapHeading, normalise, partOfHeading } from "./headings.ts";
import type { Row } from "./read.ts";

/** A piece of text on a page; y grows upwards (PDF user space), `size` is the font size. */
export interface TextPiece {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Box {
  text: string;
  left: number;
  right: number;
  /** Glyph extent: CJK glyphs reach about 0.88 em above the baseline and 0.12 below. */
  top: number;
  bottom: number;
  size: number;
}

const boxOf = (p: TextPiece): Box => ({ text: p.text, left: p.x, right: p.x + p.width, top: p.y + 0.88 * p.size, bottom: p.y - 0.12 * p.size, size: p.size });

/** Pieces on one baseline, left to right, joined where the gap is under 0.4 em. */
function lines(pieces: TextPiece[]): Box[][] {
  const sorted = pieces.filter((p) => p.text.trim()).sort((a, b) => b.y - a.y || a.x - b.x);
  const result: { y: number; size: number; pieces: TextPiece[] }[] = [];
  for (const piece of sorted) {
    const line = result.find((l) => Math.abs(l.y - piece.y) < 0.3 * Math.max(l.size, piece.size));
    if (line) line.pieces.push(piece);
    else result.push({ y: piece.y, size: piece.size, pieces: [piece] });
  }
  return result.map((line) => {
    const runs: Box[] = [];
    for (const piece of line.pieces.sort((a, b) => a.x - b.x)) {
      const last = runs.at(-1);
      if (last && piece.x - last.right < 0.4 * piece.size) {
        last.text += piece.text;
        last.right = Math.max(last.right, piece.x + piece.width);
        last.top = Math.max(last.top, piece.y + 0.88 * piece.size);
        last.bottom = Math.min(last.bottom, piece.y - 0.12 * piece.size);
      } else runs.push(boxOf(piece));
    }
    return runs;
  });
}

const overlapX = (a: { left: number; right: number }, b: { left: number; right: number }) => Math.min(a.right, b.right) - Math.max(a.left, b.left);

/**
 * Wrapped text of one cell: runs a line's distance apart (under 1.7 em) that overlap
 * horizontally. A block stays open across a line in between, which is a vertically centred
 * neighbour cell's.
 */
function blocks(byLine: Box[][]): Box[] {
  let open: Box[] = [];
  const done: Box[] = [];
  for (const runs of byLine) {
    const bottom = Math.min(...runs.map((r) => r.bottom));
    const size = Math.max(...runs.map((r) => r.size));
    done.push(...open.filter((b) => b.bottom - bottom >= 1.7 * size));
    open = open.filter((b) => b.bottom - bottom < 1.7 * size);
    for (const run of runs) {
      const above = open.find((b) => b.bottom > run.top - 0.5 * run.size && overlapX(b, run) > 0 && b.bottom - run.bottom < 1.7 * run.size);
      if (above) {
        above.text += run.text;
        above.left = Math.min(above.left, run.left);
        above.right = Math.max(above.right, run.right);
        above.bottom = run.bottom;
      } else open.push(run);
    }
  }
  return [...done, ...open];
}

/** Blocks whose heights overlap (allowing 0.15 em for the sub-rows of a two-row header) form a row. */
function rowsOf(all: Box[]): Box[][] {
  const rows: { top: number; bottom: number; boxes: Box[] }[] = [];
  for (const box of [...all].sort((a, b) => b.top - a.top)) {
    const row = rows.at(-1);
    if (row && box.top > row.bottom - 0.15 * box.size) {
      row.boxes.push(box);
      row.bottom = Math.min(row.bottom, box.bottom);
    } else rows.push({ top: box.top, bottom: box.bottom, boxes: [box] });
  }
  return rows.map((r) => r.boxes.sort((a, b) => a.left - b.left));
}

const isHeaderRow = (boxes: Box[]) => boxes.some((b) => normalise(b.text).length <= 20 && mapHeading(b.text) === "name");
const isPartHeading = (boxes: Box[]) => boxes.length === 1 && partOfHeading(boxes[0]!.text) !== undefined;
/** "- 3 -", "第 3 页", "3 / 12": a page number at the top or bottom of a page. */
const isPageNumber = (boxes: Box[]) => boxes.length === 1 && /^[-—–\s]*(第\s*)?\d+\s*(页)?\s*([/／]\s*\d+|共\s*\d+\s*页)?[-—–\s]*$/.test(boxes[0]!.text);

type Interval = { left: number; right: number };

/** Column intervals: the x-ranges covered by the given blocks, merged where they overlap. */
function columnsOf(covering: Box[]): Interval[] {
  const columns: Interval[] = [];
  for (const box of [...covering].sort((a, b) => a.left - b.left)) {
    const last = columns.at(-1);
    if (last && box.left < last.right) last.right = Math.max(last.right, box.right);
    else columns.push({ left: box.left, right: box.right });
  }
  return columns;
}

/** Widens each column to the middle of the gaps beside it, so a heading centred over two columns overlaps both. */
function widened(columns: Interval[]): Interval[] {
  return columns.map((c, i) => ({
    left: i === 0 ? -Infinity : (columns[i - 1]!.right + c.left) / 2,
    right: i === columns.length - 1 ? Infinity : (c.right + columns[i + 1]!.left) / 2,
  }));
}

/**
 * Cells of a row: each block goes into the column it overlaps most and into every other one
 * holding a fifth of it (a heading spanning two columns); text that only spills over a column's
 * edge stays in its own.
 */
function cellsOf(boxes: Box[], columns: Interval[]): string[] {
  if (!columns.length) return [boxes.map((b) => b.text).join(" ")];
  const cells = columns.map(() => "");
  for (const box of boxes) {
    const overlaps = columns.map((column) => overlapX(column, box));
    const most = Math.max(...overlaps);
    overlaps.forEach((overlap, i) => {
      if (overlap === most || overlap >= 0.2 * (box.right - box.left)) cells[i] = cells[i] ? `${cells[i]}\n${box.text}` : box.text;
    });
  }
  return cells;
}

/** The column a block overlaps most. */
const columnOf = (box: Box, grid: Interval[]) => {
  const overlaps = grid.map((c) => overlapX(c, box));
  return overlaps.indexOf(Math.max(...overlaps));
};

/**
 * A cell merged over two rows (rowspan) is printed centred on the rule between them, so those
 * rows were read as one. Such a row has separate blocks stacked in one column (wrapped text is
 * one block): it is split there, into bands from midpoint to midpoint, and a block reaching into
 * several bands goes into each, as a merged cell does in .xlsx.
 */
function splitMerged(boxes: Box[], grid: Interval[]): Box[][] {
  const stacks = grid.map((_, i) => boxes.filter((b) => columnOf(b, grid) === i));
  const anchor = stacks.reduce((most, stack) => (stack.length > most.length ? stack : most), [] as Box[]);
  if (anchor.length < 2) return [boxes];
  const sorted = [...anchor].sort((a, b) => b.top - a.top);
  const bands = sorted.map((b, i) => ({
    top: i === 0 ? Infinity : (sorted[i - 1]!.bottom + b.top) / 2,
    bottom: i === sorted.length - 1 ? -Infinity : (b.bottom + sorted[i + 1]!.top) / 2,
  }));
  return bands.map((band) => boxes.filter((b) => Math.min(b.top, band.top) - Math.max(b.bottom, band.bottom) > 0.2 * b.size));
}

/**
 * Rows of a document's pages as the importer's rows: `page` is the 1-based page, `number` the
 * row's position on it. The columns of a section are computed over all its rows, across pages.
 */
export function tableRows(pages: TextPiece[][]): Row[] {
  const placed: { page: number; boxes: Box[] }[] = [];
  pages.forEach((pieces, p) => {
    const rows = rowsOf(blocks(lines(pieces)));
    rows.forEach((boxes, i) => {
      if ((i === 0 || i === rows.length - 1) && isPageNumber(boxes)) return;
      placed.push({ page: p + 1, boxes });
    });
  });
  // Sections: a header row or a part heading starts one; titles above the first header form their own.
  const sections: (typeof placed)[] = [[]];
  for (const row of placed) {
    if (isHeaderRow(row.boxes) || isPartHeading(row.boxes)) sections.push([]);
    sections.at(-1)!.push(row);
  }
  const result: Row[] = [];
  const onPage = new Map<number, number>();
  for (const section of sections) {
    const data = section.filter((r) => r.boxes.length > 1 && !isHeaderRow(r.boxes));
    // Columns come from the data rows; a heading goes to the column it overlaps most, so the
    // heading of a column empty in every data row (备注) joins its neighbour's, losing nothing.
    const columns = columnsOf(data.length ? data.flatMap((r) => r.boxes) : section.flatMap((r) => r.boxes));
    const grid = widened(columns);
    for (const row of section) {
      const split = row.boxes.length > 1 && !isHeaderRow(row.boxes) ? splitMerged(row.boxes, grid) : [row.boxes];
      for (const boxes of split) {
        const number = (onPage.get(row.page) ?? 0) + 1;
        onPage.set(row.page, number);
        result.push({ page: row.page, number, cells: cellsOf(boxes, grid) });
      }
    }
  }
  return result;
}
