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
}
export interface RowProblem {
  sheet: string;
  row: number;
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
type Seen = Record<DutyPart, Map<string, number>>;

export function parseSheets(sheets: Sheet[], options: { part?: DutyPart } = {}): ParseResult {
  const result: ParseResult = { parts: { basic: [], assisting: [], returned: [] }, problems: [], unmapped: [], notices: [] };
  const seen: Seen = { basic: new Map(), assisting: new Map(), returned: new Map() };
  for (const sheet of sheets) parseSheet(sheet, options.part, result, seen);
  result.unmapped = [...new Set(result.unmapped)];
  return result;
}

function parseSheet(sheet: Sheet, fixedPart: DutyPart | undefined, result: ParseResult, seen: Seen): void {
  let part: DutyPart | undefined = fixedPart ?? partOfHeading(sheet.name);
  let inferred = false;
  let columns: (Column | undefined)[] | undefined;
  let groupDomain: string | undefined;
  let autoNumber = 0;
  const rows = sheet.rows;
  for (let r = 0; r < rows.length; r++) {
    const { cells, number } = rows[r]!;
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
      columns = header.columns;
      if (inferred) part = undefined; // a new table without a part heading: infer again from its columns
      result.unmapped.push(...header.unmapped);
      continue;
    }
    if (!columns) continue; // a title row above the header
    const nameAt = columns.indexOf("name");
    // A row with one text across it (or only in its first cell) is a group heading such as "(一)党的建设".
    if (values.length === 1 && (cells.filter(Boolean).length > 1 || !cells[nameAt])) {
      groupDomain = values[0]!.replace(/^[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*/, "") || undefined;
      continue;
    }
    if (!part) {
      part = partFromColumns(columns);
      inferred = true;
      result.notices.push(`sheet ${sheet.name}: no part heading and no --part; read as ${part} from its columns`);
    }
    addItem(sheet.name, number, cells, columns, part, groupDomain, () => ++autoNumber, result, seen);
  }
}

function addItem(
  sheet: string,
  row: number,
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
  if (earlier) problems.push(`no: ${MESSAGES["e.duplicate_item_number"]} (${raw.no}, also row ${earlier})`);
  else if (raw.no) seen[part].set(raw.no.trim(), row);
  const department = REQUIRED_DEPARTMENT[part];
  if (department && !raw[department]) problems.push(`${department}: ${MESSAGES[`e.missing_${department}`]}`);
  if (problems.length || !parsed.success) {
    for (const message of problems) result.problems.push({ sheet, row, message });
    return;
  }
  result.parts[part].push({ item: parsed.data, sheet, row });
}
