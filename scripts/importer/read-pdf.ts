/**
 * Reads a text-based PDF as one sheet of rows through pdf.js (the Node "legacy" build): the
 * positioned text of every page goes to pdf-table.ts, which rebuilds rows and columns; each row
 * keeps its page for error messages. A PDF without any text (a scan: pages that are only images)
 * is refused, never imported as garbage.
 */
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextItem } from "pdfjs-dist/types/src/display/api.js";
import { tableRows, type TextPiece } from "./pdf-table.ts";
import { UnsupportedFileError, type Sheet } from "./read.ts";

export const SCANNED_PDF = "扫描件：需要人工录入";

/**
 * Fonts embedded by Chromium and Word often map CJK glyphs to radical code points (⼀ U+2F00
 * for 一, ⻔ U+2ED4 for 门). NFKC folds the Kangxi radicals; the simplified radicals of the
 * supplement block have no decomposition, so they are listed here.
 */
const RADICALS: Record<string, string> = {
  "⺠": "民",
  "⺟": "母",
  "⻅": "见",
  "⻆": "角",
  "⻉": "贝",
  "⻋": "车",
  "⻓": "长",
  "⻔": "门",
  "⻙": "韦",
  "⻚": "页",
  "⻛": "风",
  "⻜": "飞",
  "⻢": "马",
  "⻥": "鱼",
  "⻦": "鸟",
  "⻧": "卤",
  "⻨": "麦",
  "⻩": "黄",
  "⻪": "黾",
  "⻬": "齐",
  "⻮": "齿",
  "⻰": "龙",
  "⻳": "龟",
};

export function unradical(text: string): string {
  return text.replace(/[\u2E80-\u2EFF]/g, (c) => RADICALS[c] ?? c).replace(/[\u2F00-\u2FDF]/g, (c) => c.normalize("NFKC"));
}

export async function readPdf(file: string, name: string): Promise<Sheet[]> {
  const document = await getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: TextPiece[][] = [];
    for (let p = 1; p <= document.numPages; p++) {
      const content = await (await document.getPage(p)).getTextContent();
      pages.push(
        content.items
          .filter((item): item is TextItem => "str" in item && item.str.trim() !== "")
          .map((item) => ({
            text: unradical(item.str),
            x: item.transform[4],
            y: item.transform[5],
            width: item.width,
            size: Math.hypot(item.transform[2], item.transform[3]) || item.height,
          })),
      );
    }
    if (pages.every((pieces) => pieces.length === 0))
      throw new UnsupportedFileError(`${file}: ${SCANNED_PDF} (the PDF has no text layer: its pages are images)`);
    return [{ name, rows: tableRows(pages) }];
  } finally {
    await document.loadingTask.destroy();
  }
}
