/**
 * Reads the tables of a Word .docx (a zip holding word/document.xml) as sheets: one sheet per
 * top-level table, named 表1, 表2…, preceded by the paragraphs written above it (title, part
 * headings such as 二、配合履职事项), so a document with one table per part splits like a
 * workbook with one sheet per part. Merged cells are filled as a reader sees them, like exceljs
 * does for .xlsx: a horizontally merged cell (w:gridSpan) repeats its text in every grid column it
 * covers, a vertically merged one (w:vMerge) repeats the text of the cell where the merge starts.
 */
import { readFileSync } from "node:fs";
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import type { Row, Sheet } from "./read.ts";

interface Cell {
  text: string;
  span: number;
  /** "restart" opens a vertical merge, "continue" takes the text of the cell above. */
  vMerge?: "restart" | "continue";
}

export async function readDocx(file: string): Promise<Sheet[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const xml = await zip.file("word/document.xml")?.async("string");
  if (xml === undefined) throw new Error(`${file}: not a Word document (no word/document.xml)`);
  return sheetsOfDocument(xml);
}

/** Walks document.xml once: paragraphs outside tables become one-cell rows, tables become sheets. */
export function sheetsOfDocument(xml: string): Sheet[] {
  const sheets: Sheet[] = [];
  let paragraphs: string[] = [];
  let tableDepth = 0;
  let rows: Cell[][] = [];
  let row: Cell[] | undefined;
  let cell: Cell | undefined;
  let paragraph: string | undefined;
  let inText = false;

  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    const name = tag.name;
    const val = typeof tag.attributes["w:val"] === "string" ? (tag.attributes["w:val"] as string) : undefined;
    if (name === "w:tbl") {
      tableDepth++;
      if (tableDepth === 1) rows = [];
    } else if (tableDepth === 1 && name === "w:tr") row = [];
    else if (tableDepth === 1 && name === "w:tc") cell = { text: "", span: 1 };
    else if (tableDepth === 1 && name === "w:gridSpan" && cell) cell.span = Math.max(1, Number(val) || 1);
    else if (tableDepth === 1 && name === "w:vMerge" && cell) cell.vMerge = val === "restart" ? "restart" : "continue";
    // A nested table's rows and cells are not the list's: its paragraphs join the outer cell.
    else if (name === "w:p") paragraph = "";
    else if (name === "w:t") inText = true;
    else if ((name === "w:tab" || name === "w:br") && paragraph !== undefined) paragraph += " ";
  });
  parser.on("text", (text) => {
    if (inText && paragraph !== undefined) paragraph += text;
  });
  parser.on("closetag", (tag) => {
    const name = tag.name;
    if (name === "w:t") inText = false;
    else if (name === "w:tbl") {
      tableDepth--;
      if (tableDepth === 0) {
        sheets.push(tableSheet(`表${sheets.length + 1}`, paragraphs, rows));
        paragraphs = [];
      }
    } else if (name === "w:p" && paragraph !== undefined) {
      if (cell) cell.text = cell.text ? `${cell.text}\n${paragraph}` : paragraph;
      else if (tableDepth === 0 && paragraph.trim()) paragraphs.push(paragraph.trim());
      paragraph = undefined;
    } else if (tableDepth === 1 && name === "w:tc" && cell && row) {
      row.push(cell);
      cell = undefined;
    } else if (tableDepth === 1 && name === "w:tr" && row) {
      rows.push(row);
      row = undefined;
    }
  });
  parser.write(xml).close();
  return sheets;
}

/** Lays the cells out on the grid, filling merged cells, and numbers the table's rows from 1. */
function tableSheet(name: string, paragraphs: string[], table: Cell[][]): Sheet {
  const grid: string[][] = [];
  for (const cells of table) {
    const line: string[] = [];
    for (const cell of cells) {
      const text = cell.vMerge === "continue" ? (grid.at(-1)?.[line.length] ?? "") : cell.text.trim();
      for (let i = 0; i < cell.span; i++) line.push(text);
    }
    grid.push(line);
  }
  // Paragraphs above the table carry row number 0: they are titles and part headings, never items.
  const above: Row[] = paragraphs.map((text) => ({ number: 0, cells: [text] }));
  return { name, rows: [...above, ...grid.map((cells, i) => ({ number: i + 1, cells }))] };
}
