/**
 * Tables that fit a phone (issue 14 item 4, UX 6, 37, 38). Every table with a header row gets
 * each body cell labelled with its column's heading (`data-label`), so that below 48em the
 * stylesheet shows each row as a card of label/value lines instead of squeezing seven columns
 * into 390 px; its scroll wrapper becomes a focusable region named by the caption, so keyboard
 * users can scroll what still overflows. One function for both sides: the Astro build runs it
 * on every page (site/middleware.ts), the worker on every page it renders (worker/ui/shell.ts).
 */
const TABLE = /<table\b([^>]*)>([\s\S]*?)<\/table>/g;
const CELL = /<(td|th)\b([^>]*)>/g;

const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/"/g, "&quot;");

const spanOf = (attrs: string) => Number(/\bcolspan="?(\d+)/.exec(attrs)?.[1] ?? 1);

/** Column headings of the table's first header row, one per column (a colspan heading repeats). */
function headings(inner: string): string[] {
  const head = /<thead\b[^>]*>([\s\S]*?)<\/thead>/.exec(inner)?.[1];
  const row = head && /<tr\b[^>]*>([\s\S]*?)<\/tr>/.exec(head)?.[1];
  if (!row) return [];
  const out: string[] = [];
  for (const m of row.matchAll(/<th\b([^>]*)>([\s\S]*?)<\/th>/g)) out.push(...Array(spanOf(m[1]!)).fill(textOf(m[2]!)));
  return out;
}

function labelRows(section: string, labels: string[]): string {
  return section.replace(/<tr\b([^>]*)>([\s\S]*?)<\/tr>/g, (_, trAttrs: string, row: string) => {
    let column = 0;
    const labelled = row.replace(CELL, (cell, tag: string, attrs: string) => {
      const label = labels[column];
      column += spanOf(attrs);
      // A cell spanning several columns is a note (such as «too few reports»), not one column's value.
      return label && !/\bdata-label=/.test(attrs) && spanOf(attrs) === 1 ? `<${tag}${attrs} data-label="${label}">` : cell;
    });
    return `<tr${trAttrs}>${labelled}</tr>`;
  });
}

export function labelTableCells(html: string): string {
  if (!html.includes("<table")) return html;
  const labelled = html.replace(TABLE, (whole, attrs: string, inner: string) => {
    const labels = headings(inner);
    if (labels.length < 2 || /\bdata-stack=/.test(attrs)) return whole;
    const body = inner.replace(
      /<(tbody|tfoot)\b([^>]*)>([\s\S]*?)<\/\1>/g,
      (_, tag: string, a: string, rows: string) => `<${tag}${a}>${labelRows(rows, labels)}</${tag}>`,
    );
    return `<table${attrs} data-stack>${body}</table>`;
  });
  // The scroll wrapper: reachable by keyboard and named by its table's caption.
  return labelled.replace(
    /<div class="table-scroll">(\s*<table\b[^>]*>\s*<caption\b[^>]*>([\s\S]*?)<\/caption>)/g,
    (_, rest: string, caption: string) => `<div class="table-scroll" tabindex="0" role="region" aria-label="${textOf(caption)}">${rest}`,
  );
}
