/**
 * Turns the rows of one or more sheets into duty items: finds the header row below any title
 * rows (one or two rows deep), follows part heading rows (一、基本履职事项…), skips blank rows,
 * and validates each item, reporting problems with sheet and row numbers.
 */
import { DutyItem, REQUIRED_DEPARTMENT, type DutyPart } from "../../data/schema/duty-list.ts";
import { describeIssue, MESSAGES } from "../check-data.ts";
import { mapHeading, normalise, partOfHeading, type Column } from "./headings.ts";
import type { Sheet } from "./read.ts";

export interface ImportedItem {
  item: DutyItem;
  sheet: string;
  row: number;
  page?: number;
}
export interface RowProblem {
  sheet: string;
  row: number;
  /** The page of a PDF row: its `row` counts the rows on that page. */
  page?: number;
  message: string;
}
export interface ParseResult {
  parts: Record<DutyPart, ImportedItem[]>;
  problems: RowProblem[];
  /** Headings found in header rows that map to no column (their cells are not imported). */
  unmapped: string[];
  /** Things the user should know, e.g. a part inferred from the columns. */
  notices: string[];
}

const distinct = (cells: string[]) => [...new Set(cells.filter(Boolean))];

/** Columns of a header row (and the row below it when the header is two rows deep). */
function headerColumns(top: string[], below?: string[]): { columns: (Column | undefined)[]; unmapped: string[] } {
  const columns: (Column | undefined)[] = [];
  const unmapped: string[] = [];
  const used = new Set<Column>();
  top.forEach((upper, i) => {
    const lower = below?.[i] ?? "";
    // A vertically merged heading repeats itself in the second row; a spanning one has sub-headings.
    const candidates = !lower || lower === upper ? [upper] : [upper + lower, lower, upper];
    let column: Column | undefined;
    for (const text of candidates) {
      const mapped = mapHeading(text);
      if (mapped && !used.has(mapped)) {
        column = mapped;
        break;
      }
    }
    if (column) used.add(column);
    else if (upper || lower) unmapped.push(normalise(lower && lower !== upper ? `${upper}/${lower}` : upper));
    columns.push(column);
  });
  return { columns, unmapped };
}

/** Headings are short; item text that happens to contain "依据" or "部门职责" is not a heading. */
const headingOf = (cell: string) => (normalise(cell).length <= 20 ? mapHeading(cell) : undefined);

/** A header row names at least two different columns, one of them the item name. */
function isHeader(cells: string[]): boolean {
  const mapped = new Set(cells.map(headingOf).filter(Boolean));
  return mapped.has("name") && mapped.size >= 2;
}

/** A second header row: every cell that differs from the row above is a heading. */
function isSubHeader(cells: string[], top: string[]): boolean {
  const own = cells.filter((c, i) => c && c !== top[i]);
  return own.length > 0 && own.every((c) => headingOf(c));
}

/** Infers the part of a table without part headings from its columns. */
function partFromColumns(columns: (Column | undefined)[]): DutyPart {
  if (columns.includes("receivingDepartment") || columns.includes("workMode")) return "returned";
  if (columns.includes("leadDepartment") || columns.includes("townshipDuty") || columns.includes("departmentDuty")) return "assisting";
  return "basic";
}

/** Item numbers seen per part with their row, bad rows included, so that duplicates are always caught. */
type Seen = Record<DutyPart, Map<string, Where>>;

export function parseSheets(sheets: Sheet[], options: { part?: DutyPart } = {}): ParseResult {
  const result: ParseResult = { parts: { basic: [], assisting: [], returned: [] }, problems: [], unmapped: [], notices: [] };
  const seen: Seen = { basic: new Map(), assisting: new Map(), returned: new Map() };
  for (const sheet of sheets) parseSheet(sheet, options.part, result, seen);
  result.unmapped = [...new Set(result.unmapped)];
  result.notices = [...new Set(result.notices)];
  return result;
}

function parseSheet(sheet: Sheet, fixedPart: DutyPart | undefined, result: ParseResult, seen: Seen): void {
  let part: DutyPart | undefined = fixedPart ?? partOfHeading(sheet.name);
  let inferred = false;
  let columns: (Column | undefined)[] | undefined;
  let groupDomain: string | undefined;
  /** The domain before the last group heading row, while that row is the last one read. */
  let domainBefore: { domain: string | undefined } | undefined;
  let autoNumber = 0;
  const rows = sheet.rows;
  for (let r = 0; r < rows.length; r++) {
    const { cells, number, page } = rows[r]!;
    const values = distinct(cells);
    if (!values.length) continue;
    if (values.length === 1 && partOfHeading(values[0]!)) {
      if (!fixedPart) part = partOfHeading(values[0]!);
      inferred = false;
      groupDomain = undefined;
      autoNumber = 0;
      continue;
    }
    if (isHeader(cells)) {
      const below = rows[r + 1] && isSubHeader(rows[r + 1]!.cells, cells) ? rows[++r]!.cells : undefined;
      const header = headerColumns(cells, below);
      // A header repeated on the next page continues the table; other columns start a new table,
      // which without a part heading is inferred again from its columns.
      if (inferred && String(header.columns) !== String(columns)) part = undefined;
      columns = header.columns;
      // A fragment of a header printed apart from it (a spanning heading) is no group heading.
      if (domainBefore) groupDomain = domainBefore.domain;
      domainBefore = undefined;
      result.unmapped.push(...header.unmapped);
      continue;
    }
    const lastWasGroup = domainBefore;
    domainBefore = undefined;
    if (!columns) continue; // a title row above the header
    const nameAt = columns.indexOf("name");
    // A row with one text across it (or only in its first cell) is a group heading such as "(一)党的建设".
    if (values.length === 1 && (cells.filter(Boolean).length > 1 || !cells[nameAt])) {
      domainBefore = lastWasGroup ?? { domain: groupDomain };
      groupDomain = values[0]!.replace(/^[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*/, "") || undefined;
      continue;
    }
    if (!part) {
      part = partFromColumns(columns);
      inferred = true;
      result.notices.push(`sheet ${sheet.name}: no part heading and no --part; read as ${part} from its columns`);
    }
    addItem({ sheet: sheet.name, row: number, page }, cells, columns, part, groupDomain, () => ++autoNumber, result, seen);
  }
}

type Where = Pick<RowProblem, "sheet" | "row" | "page">;
/** "row 4", or "page 2 row 4" for a PDF. */
export const rowLabel = (where: Where) => (where.page ? `page ${where.page} row ${where.row}` : `row ${where.row}`);

function addItem(
  where: Where,
  cells: string[],
  columns: (Column | undefined)[],
  part: DutyPart,
  groupDomain: string | undefined,
  nextNumber: () => number,
  result: ParseResult,
  seen: Seen,
): void {
  const raw: Record<string, string> = {};
  columns.forEach((column, i) => {
    if (column && cells[i] && !(column in raw)) raw[column] = cells[i]!;
  });
  if (!raw.no) raw.no = columns.includes("no") ? "" : String(nextNumber());
  if (!raw.domain && groupDomain) raw.domain = groupDomain;
  const parsed = DutyItem.safeParse(raw);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      problems.push(issue.code === "too_small" || raw[field] === undefined ? `${field}: empty` : describeIssue(issue).message);
    }
  }
  const earlier = raw.no ? seen[part].get(raw.no.trim()) : undefined;
  if (earlier) problems.push(`no: ${MESSAGES["e.duplicate_item_number"]} (${raw.no}, also ${rowLabel(earlier)})`);
  else if (raw.no) seen[part].set(raw.no.trim(), where);
  const department = REQUIRED_DEPARTMENT[part];
  if (department && !raw[department]) problems.push(`${department}: ${MESSAGES[`e.missing_${department}`]}`);
  if (problems.length || !parsed.success) {
    for (const message of problems) result.problems.push({ ...where, message });
    return;
  }
  result.parts[part].push({ item: parsed.data, ...where });
}
