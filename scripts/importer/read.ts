/**
 * Reads an official list as rows of text: .xlsx through exceljs (every sheet; a merged cell's
 * text is repeated in each cell it covers, as a reader sees it), .csv through csv-parse, .docx
 * tables (read-docx.ts) and text-based .pdf (read-pdf.ts). Legacy binary .xls and .doc are
 * refused: the only .xls reader on the npm registry has open advisories.
 */
import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import ExcelJS from "exceljs";
import { parse as parseCsv } from "csv-parse/sync";

export interface Row {
  /** 1-based row number in the sheet or file, for error messages. */
  number: number;
  cells: string[];
  /** 1-based page of a PDF row (`number` then counts the rows on that page). */
  page?: number;
}
export interface Sheet {
  name: string;
  rows: Row[];
}

export class UnsupportedFileError extends Error {
  override readonly name = "UnsupportedFileError";
}

const clean = (text: string) => text.replace(/\r\n?/g, "\n").trim();

async function readXlsx(file: string): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets.map((worksheet) => {
    const rows: Row[] = [];
    const width = worksheet.columnCount;
    for (let r = 1; r <= worksheet.rowCount; r++) {
      const row = worksheet.getRow(r);
      const cells: string[] = [];
      // `text` of a merged cell is its master's text, so merged headings and titles fill their span.
      for (let c = 1; c <= width; c++) cells.push(clean(row.getCell(c).text ?? ""));
      rows.push({ number: r, cells });
    }
    return { name: worksheet.name, rows };
  });
}

function readCsv(file: string, name: string): Sheet[] {
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const records = parseCsv(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
  return [{ name, rows: records.map((cells, i) => ({ number: i + 1, cells: cells.map(clean) })) }];
}

export const SAVE_AS_NEW_FORMAT = "请另存为 .xlsx / .docx";

export async function readSheets(file: string): Promise<Sheet[]> {
  const ext = extname(file).toLowerCase();
  if (ext === ".xlsx") return readXlsx(file);
  if (ext === ".csv") return readCsv(file, "csv");
  if (ext === ".docx") return (await import("./read-docx.ts")).readDocx(file);
  if (ext === ".pdf") return (await import("./read-pdf.ts")).readPdf(file, basename(file));
  if (ext === ".xls" || ext === ".doc") throw new UnsupportedFileError(`${file}: ${SAVE_AS_NEW_FORMAT} (the old binary ${ext} format is not read)`);
  throw new UnsupportedFileError(`${file}: unsupported file type ${ext || "(none)"}; use .xlsx, .docx, .pdf or .csv`);
}
