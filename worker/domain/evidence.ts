/**
 * Evidence files without metadata (issue #5 §4). A photo's EXIF can name the camera, the
 * phone's owner and where it was taken; a PDF's info dictionary names its author. Files are
 * cleaned before they reach R2, by allow-list: only what decoding needs survives. A file whose
 * structure we cannot walk is refused (`EvidenceRejectedError`) rather than stored uncleaned.
 */
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream } from "pdf-lib";
import type { EvidenceMediaType } from "../../data/schema/report.ts";

export type EvidenceRejection = "unsupported_type" | "type_mismatch" | "corrupt" | "encrypted" | "too_large" | "empty";

export class EvidenceRejectedError extends Error {
  override readonly name = "EvidenceRejectedError";
  readonly reason: EvidenceRejection;
  constructor(reason: EvidenceRejection) {
    super(`evidence rejected: ${reason}`);
    this.reason = reason;
  }
}

/** The type a file really is, from its first bytes (the declared type is not trusted). */
export function sniffMediaType(bytes: Uint8Array): EvidenceMediaType | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return "image/png";
  if (new TextDecoder().decode(bytes.subarray(0, 5)) === "%PDF-") return "application/pdf";
  return null;
}

/**
 * JPEG: keeps SOI, APP0 (JFIF: pixel density only), APP14 (Adobe: colour transform needed to
 * decode CMYK/YCCK) and every non-APP, non-COM segment; drops APP1 (EXIF, XMP, GPS, embedded
 * thumbnail), APP2 (ICC profile, FlashPix), APP3–APP13, APP15 and COM. Entropy-coded data
 * from SOS to EOI is copied unchanged.
 */
export function stripJpeg(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new EvidenceRejectedError("corrupt");
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let i = 2;
  for (;;) {
    if (i + 4 > bytes.length || bytes[i] !== 0xff) throw new EvidenceRejectedError("corrupt");
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9) throw new EvidenceRejectedError("corrupt"); // EOI before any image data
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    const end = i + 2 + length;
    if (length < 2 || end > bytes.length) throw new EvidenceRejectedError("corrupt");
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const keep = (!isApp && marker !== 0xfe) || marker === 0xe0 || marker === 0xee;
    if (marker === 0xda) {
      // Start of scan: the rest is image data (and further scans of a progressive JPEG).
      parts.push(bytes.subarray(i));
      break;
    }
    if (keep) parts.push(bytes.subarray(i, end));
    i = end;
  }
  return concat(parts);
}

/** PNG chunks that decoding and correct display need; everything else is dropped. */
const PNG_KEEP = new Set(["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "bKGD", "pHYs"]);

/** PNG: drops text (tEXt/zTXt/iTXt), eXIf, iCCP, tIME and any unknown chunk. */
export function stripPng(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 8;
  let sawEnd = false;
  while (i < bytes.length) {
    if (i + 12 > bytes.length) throw new EvidenceRejectedError("corrupt");
    const length = view.getUint32(i);
    const type = String.fromCharCode(...bytes.subarray(i + 4, i + 8));
    const end = i + 12 + length;
    if (end > bytes.length || !/^[A-Za-z]{4}$/.test(type)) throw new EvidenceRejectedError("corrupt");
    if (PNG_KEEP.has(type)) parts.push(bytes.subarray(i, end));
    i = end;
    if (type === "IEND") {
      sawEnd = true;
      break;
    }
  }
  if (!sawEnd) throw new EvidenceRejectedError("corrupt");
  return concat(parts);
}

/**
 * PDF: removes the document information dictionary (author, creator, producer, dates) and
 * every XMP `/Metadata` stream and `/PieceInfo` (application private data) on any object.
 * Encrypted files are refused: their content cannot be inspected.
 */
export async function stripPdf(bytes: Uint8Array): Promise<Uint8Array> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (err) {
    throw new EvidenceRejectedError(err instanceof Error && /encrypt/i.test(err.message) ? "encrypted" : "corrupt");
  }
  if (doc.isEncrypted) throw new EvidenceRejectedError("encrypted");
  const { context } = doc;
  context.trailerInfo.Info = undefined;
  const metadata = PDFName.of("Metadata");
  const pieceInfo = PDFName.of("PieceInfo");
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
    if (!dict) continue;
    if (dict.get(PDFName.of("Type")) === metadata || dict.get(PDFName.of("Subtype")) === PDFName.of("XML")) {
      if (object instanceof PDFRawStream || object instanceof PDFStream) context.delete(ref);
      continue;
    }
    dict.delete(metadata);
    dict.delete(pieceInfo);
  }
  doc.catalog.delete(metadata);
  return doc.save({ updateFieldAppearances: false });
}

/** Cleans a file of a supported type; refuses anything else. */
export async function stripMetadata(bytes: Uint8Array, declared?: string | null): Promise<{ bytes: Uint8Array; mediaType: EvidenceMediaType }> {
  if (bytes.length === 0) throw new EvidenceRejectedError("empty");
  const mediaType = sniffMediaType(bytes);
  if (!mediaType) throw new EvidenceRejectedError("unsupported_type");
  const declaredType = declared?.split(";")[0]?.trim().toLowerCase();
  if (declaredType && declaredType !== "application/octet-stream" && declaredType !== mediaType && !(declaredType === "image/jpg" && mediaType === "image/jpeg")) {
    throw new EvidenceRejectedError("type_mismatch");
  }
  try {
    const cleaned = mediaType === "image/jpeg" ? stripJpeg(bytes) : mediaType === "image/png" ? stripPng(bytes) : await stripPdf(bytes);
    return { bytes: cleaned, mediaType };
  } catch (err) {
    // Whatever a parser trips over, the file is refused rather than stored uncleaned.
    if (err instanceof EvidenceRejectedError) throw err;
    throw new EvidenceRejectedError("corrupt");
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
