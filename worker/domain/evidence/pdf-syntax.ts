/**
 * Just enough PDF syntax for the pre-scan: a reader of one object's value (dictionaries,
 * arrays, names, numbers, strings, references) over the file as a Latin-1 string, with a
 * nesting limit. It keeps what the pre-scan needs (names, numbers, the shape); strings are
 * skipped, not decoded.
 */
import { EvidenceRejectedError } from "./errors.ts";

export type Value = number | boolean | null | Name | Ref | Str | Value[] | Dict | "keyword";
export class Name {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}
/** A string (its content is not needed, so not decoded). */
export class Str {}
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

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const corrupt = () => new EvidenceRejectedError("corrupt");

export class Reader {
  readonly s: string;
  pos: number;
  constructor(s: string, pos = 0) {
    this.s = s;
    this.pos = pos;
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
    const end = this.s.indexOf(">", this.pos);
    if (end < 0) throw corrupt();
    this.pos = end + 1;
    return new Str();
  }

  private literalString(): Str {
    const { s } = this;
    let open = 0;
    for (; this.pos < s.length; this.pos++) {
      const c = s[this.pos];
      if (c === "\\") this.pos++;
      else if (c === "(") open++;
      else if (c === ")" && --open === 0) {
        this.pos++;
        return new Str();
      }
    }
    throw corrupt();
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
