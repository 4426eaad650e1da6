/**
 * Just enough PDF syntax for the pre-scan: a reader of one object's value (dictionaries,
 * arrays, names, numbers, strings, references) over the file as a Latin-1 string, with a
 * nesting limit. It keeps what the pre-scan and decryption need: names, numbers, the shape,
 * and each string's bytes and place in the file.
 */
import { EvidenceRejectedError } from "./errors.ts";

export type Value = number | boolean | null | Name | Ref | Str | Value[] | Dict | "keyword";
export class Name {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}
/** A string: its bytes (one char per byte) and where its token starts and ends in the file. */
export class Str {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  constructor(value: string, start: number, end: number) {
    this.value = value;
    this.start = start;
    this.end = end;
  }
}
export class Ref {
  readonly num: number;
  readonly gen: number;
  constructor(num: number, gen: number) {
    this.num = num;
    this.gen = gen;
  }
}
export type Dict = Map<string, Value>;

/** Deeper nesting than this is refused (a real file nests a few levels). */
export const MAX_NESTING = 64;
/**
 * More values than this in one file (object streams included) are refused: a PDF library
 * builds an object per value, so a few megabytes of `[0 0 0 …]` would not fit in the isolate.
 * Real documents hold about 200 per page (500 pages: ~100,000).
 */
export const MAX_VALUES = 250_000;

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const corrupt = () => new EvidenceRejectedError("corrupt");

export class Reader {
  readonly s: string;
  pos: number;
  /** Every string read, in order (decryption rewrites them). */
  readonly strings: Str[] = [];
  /** Values read so far, shared by every reader of one file. */
  readonly budget: { values: number };
  constructor(s: string, pos = 0, budget = { values: 0 }) {
    this.s = s;
    this.pos = pos;
    this.budget = budget;
  }

  skipSpace(): void {
    const { s } = this;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (WHITE.has(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < s.length && s[this.pos] !== "\n" && s[this.pos] !== "\r") this.pos++;
      } else return;
    }
  }

  value(depth = 0): Value {
    if (depth > MAX_NESTING) throw new EvidenceRejectedError("pdf_too_deep");
    if (++this.budget.values > MAX_VALUES) throw new EvidenceRejectedError("pdf_too_many_values");
    this.skipSpace();
    const { s } = this;
    const c = s[this.pos];
    if (c === undefined) throw corrupt();
    if (c === "<" && s[this.pos + 1] === "<") return this.dict(depth);
    if (c === "<") return this.hexString();
    if (c === "[") return this.array(depth);
    if (c === "(") return this.literalString();
    if (c === "/") return new Name(this.token(1));
    const token = this.token(0);
    if (token === "") throw corrupt();
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) return this.maybeRef(Number(token), token);
    if (token === "true" || token === "false") return token === "true";
    if (token === "null") return null;
    return "keyword";
  }

  private maybeRef(n: number, token: string): Value {
    if (!/^\d+$/.test(token)) return n;
    const m = /^\s+(\d+)\s+R(?![^\s()<>[\]{}/%])/.exec(this.s.slice(this.pos, this.pos + 24));
    if (!m) return n;
    this.pos += m[0].length;
    return new Ref(n, Number(m[1]));
  }

  private token(skip: number): string {
    const start = (this.pos += skip);
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (WHITE.has(c) || DELIM.has(c)) break;
      this.pos++;
    }
    return this.s.slice(start, this.pos);
  }

  private dict(depth: number): Dict {
    this.pos += 2;
    const dict: Dict = new Map();
    for (;;) {
      this.skipSpace();
      if (this.s.startsWith(">>", this.pos)) {
        this.pos += 2;
        return dict;
      }
      const key = this.value(depth + 1);
      if (!(key instanceof Name)) throw corrupt();
      dict.set(key.name, this.value(depth + 1));
    }
  }

  private array(depth: number): Value[] {
    this.pos++;
    const items: Value[] = [];
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === "]") {
        this.pos++;
        return items;
      }
      items.push(this.value(depth + 1));
    }
  }

  private hexString(): Str {
    const start = this.pos;
    const end = this.s.indexOf(">", start);
    if (end < 0) throw corrupt();
    const hex = this.s.slice(start + 1, end).replace(/[\s\0]/g, "");
    if (/[^0-9A-Fa-f]/.test(hex)) throw corrupt();
    const padded = hex.length % 2 ? `${hex}0` : hex;
    let value = "";
    for (let k = 0; k < padded.length; k += 2) value += String.fromCharCode(parseInt(padded.slice(k, k + 2), 16));
    this.pos = end + 1;
    return this.keep(new Str(value, start, this.pos));
  }

  private keep(str: Str): Str {
    this.strings.push(str);
    return str;
  }

  private literalString(): Str {
    const { s } = this;
    const start = this.pos;
    let open = 0;
    let value = "";
    for (; this.pos < s.length; this.pos++) {
      const c = s[this.pos]!;
      if (c === "\\") value += this.escape();
      else if (c === "(" && open++ === 0) continue;
      else if (c === ")" && --open === 0) {
        this.pos++;
        return this.keep(new Str(value, start, this.pos));
      } else value += c;
    }
    throw corrupt();
  }

  /** The character an escape stands for; leaves `pos` on the escape's last character. */
  private escape(): string {
    const c = this.s[++this.pos] ?? "";
    const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", "(": "(", ")": ")", "\\": "\\" };
    if (c in simple) return simple[c]!;
    if (c === "\r" || c === "\n") {
      if (c === "\r" && this.s[this.pos + 1] === "\n") this.pos++;
      return ""; // a line continuation
    }
    const octal = /^[0-7]{1,3}/.exec(this.s.slice(this.pos, this.pos + 3));
    if (octal) {
      this.pos += octal[0].length - 1;
      return String.fromCharCode(parseInt(octal[0], 8) & 0xff);
    }
    return c;
  }
}

export const nameOf = (v: Value | undefined): string | undefined => (v instanceof Name ? v.name : undefined);

/** A stream's filters as names (`/F` or `[/A /B]`). */
export function filtersOf(dict: Dict): string[] {
  const f = dict.get("Filter");
  if (f instanceof Name) return [f.name];
  if (Array.isArray(f)) return f.map((x) => nameOf(x as Value) ?? "?");
  return [];
}

/** Where a stream's data starts and ends (its `/Length` when that leads to `endstream`, else the keyword). */
export function streamRange(s: string, keyword: number, dict: Dict): { start: number; end: number } {
  let start = keyword + "stream".length;
  if (s[start] === "\r") start++;
  if (s[start] === "\n") start++;
  const length = dict.get("Length");
  if (typeof length === "number" && /^\s*endstream/.test(s.slice(start + length, start + length + 32))) return { start, end: start + length };
  const end = s.indexOf("endstream", start);
  if (end < 0) throw new EvidenceRejectedError("corrupt");
  // the end-of-line before `endstream` belongs to the keyword, not the data
  return { start, end: s[end - 1] === "\n" ? (s[end - 2] === "\r" ? end - 2 : end - 1) : s[end - 1] === "\r" ? end - 1 : end };
}
