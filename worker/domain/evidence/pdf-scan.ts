/**
 * The PDF pre-scan (security M5): before any PDF library sees a file, walk its raw objects
 * and inflate every Flate stream with a streaming inflater, under a budget, so that a
 * compression bomb or a pathological structure is refused in bounded memory and time.
 * Object streams are inflated and their objects read and counted too. Each limit has its own
 * refusal, so the reporter is told which one the file exceeded.
 */
import { Unzlib } from "fflate";
import { EvidenceRejectedError, oneCharPerByte } from "./errors.ts";
import { Reader, Ref, filtersOf, nameOf, streamRange, type Dict, type Value } from "./pdf-syntax.ts";

export const PDF_LIMITS = {
  /** Everything the file's Flate streams decode to, together. */
  decodedBytes: 64 * 1024 * 1024,
  /** One stream's decoded size. */
  streamBytes: 40 * 1024 * 1024,
  /**
   * One object or cross-reference stream's decoded size: pdf-lib decodes and parses these
   * while loading (object streams are read here too), so they must stay far below the
   * isolate's 128 MB (producers write a few hundred KB each).
   */
  objectStreamBytes: 8 * 1024 * 1024,
  objects: 20_000,
  pages: 500,
} as const;

/** Input is fed to the inflater in slices this small, so that one push cannot decode much past a limit. */
const SLICE = 4096;

export interface PdfScan {
  objects: number;
  pages: number;
  decodedBytes: number;
}

/** Scans a plain (unencrypted or decrypted) file; `s` is the same bytes as a string, one char per byte. */
export function scanPdf(bytes: Uint8Array, s: string): PdfScan {
  const scan: PdfScan = { objects: 0, pages: 0, decodedBytes: 0 };
  const budget = { values: 0 };
  const header = /(\d+)\s+(\d+)\s+obj\b/g;
  for (let m = header.exec(s); m; m = header.exec(s)) {
    const reader = new Reader(s, m.index + m[0].length, budget);
    const value = reader.value();
    count(scan, value);
    reader.skipSpace();
    if (s.startsWith("stream", reader.pos)) header.lastIndex = streamEnd(scan, bytes, reader, value);
    else header.lastIndex = reader.pos;
  }
  if (scan.objects === 0) throw new EvidenceRejectedError("corrupt");
  return scan;
}

function count(scan: PdfScan, value: Value) {
  if (++scan.objects > PDF_LIMITS.objects) throw new EvidenceRejectedError("pdf_too_many_objects");
  if (value instanceof Map && nameOf(value.get("Type")) === "Page" && ++scan.pages > PDF_LIMITS.pages) {
    throw new EvidenceRejectedError("pdf_too_many_pages");
  }
}

/** Inflates the stream that starts at the reader (on `stream`) and returns where scanning resumes. */
function streamEnd(scan: PdfScan, bytes: Uint8Array, reader: Reader, value: Value): number {
  if (!(value instanceof Map)) throw new EvidenceRejectedError("corrupt");
  const { start, end } = streamRange(reader.s, reader.pos, value);
  // Filters given by reference could not be measured here; no real producer writes them so.
  if (value.get("Filter") instanceof Ref) throw new EvidenceRejectedError("corrupt");
  const filters = filtersOf(value).map((f) => (f === "Fl" ? "FlateDecode" : f));
  const flate = filters.indexOf("FlateDecode");
  if (flate > 0) throw new EvidenceRejectedError("corrupt"); // a Flate stage behind another filter: not measured, not accepted
  const type = nameOf(value.get("Type"));
  const objectStream = type === "ObjStm";
  // pdf-lib decodes object and cross-reference streams while loading: only Flate (measured
  // here, with the smaller limit) or no filter may reach it.
  const decodedOnLoad = objectStream || type === "XRef";
  if (decodedOnLoad && !(filters.length === 0 || (filters.length === 1 && flate === 0))) throw new EvidenceRejectedError("corrupt");
  if (flate === 0) {
    const decoded = inflateBounded(scan, bytes.subarray(start, end), { keep: objectStream, decodedOnLoad });
    if (objectStream) readObjectStream(scan, value, decoded, reader.budget);
  } else if (objectStream) readObjectStream(scan, value, bytes.subarray(start, end), reader.budget);
  return end;
}

/**
 * Inflates under the limits; keeps the output only when asked (object streams). A stream that
 * is not valid zlib data decodes no further for us and is left to the later stages.
 */
function inflateBounded(scan: PdfScan, data: Uint8Array, { keep, decodedOnLoad }: { keep: boolean; decodedOnLoad: boolean }): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Unzlib((chunk) => {
    size += chunk.length;
    scan.decodedBytes += chunk.length;
    if (decodedOnLoad && size > PDF_LIMITS.objectStreamBytes) throw new EvidenceRejectedError("pdf_object_stream_too_large");
    if (size > PDF_LIMITS.streamBytes) throw new EvidenceRejectedError("pdf_stream_too_large");
    if (scan.decodedBytes > PDF_LIMITS.decodedBytes) throw new EvidenceRejectedError("pdf_decoded_too_large");
    if (keep) chunks.push(chunk);
  });
  try {
    for (let i = 0; i < data.length; i += SLICE) inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
  } catch (err) {
    if (err instanceof EvidenceRejectedError) throw err;
    if (decodedOnLoad) throw new EvidenceRejectedError("corrupt");
  }
  if (!keep) return new Uint8Array(0);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** An object stream: `N` pairs of (number, offset), then the objects from `First` on. */
function readObjectStream(scan: PdfScan, dict: Dict, decoded: Uint8Array, budget: { values: number }) {
  const n = dict.get("N");
  const first = dict.get("First");
  if (typeof n !== "number" || typeof first !== "number" || n < 0 || first < 0 || first > decoded.length) throw new EvidenceRejectedError("corrupt");
  if (scan.objects + n > PDF_LIMITS.objects) throw new EvidenceRejectedError("pdf_too_many_objects");
  const reader = new Reader(oneCharPerByte(decoded), 0, budget);
  const offsets: number[] = [];
  for (let k = 0; k < n; k++) {
    reader.value(); // object number
    const offset = reader.value();
    if (typeof offset !== "number") throw new EvidenceRejectedError("corrupt");
    offsets.push(offset);
  }
  for (const offset of offsets) {
    reader.pos = first + offset;
    count(scan, reader.value());
  }
}
