/**
 * JPEG rebuilt from its parts (security H3): a new file holding the first frame only, i.e. its
 * tables (DQT, DHT, DAC, DRI), its SOF, every scan (SOS + entropy-coded data; a progressive
 * JPEG has several, with tables between them) up to that frame's EOI. Written fresh in front: a
 * minimal JFIF APP0 (no thumbnail), an EXIF holding only Orientation when the photo is rotated,
 * and an Adobe APP14 holding only its colour transform when the original had one (CMYK/YCCK
 * decoding needs it). Every other APPn (EXIF, XMP, GPS, ICC, MPF, gain maps), every COM and every
 * byte after the first EOI (multi-picture, motion-photo trailers, appended images) is dropped.
 * No pixel is decoded.
 */
import { EvidenceRejectedError, MAX_IMAGE_PIXELS, concat } from "./errors.ts";

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP1 = 0xe1;
const APP14 = 0xee;
/** Tables kept wherever they occur before or between scans. */
const TABLES = new Set([0xdb /* DQT */, 0xc4 /* DHT */, 0xcc /* DAC */, 0xdd /* DRI */, 0xdc /* DNL */]);
/** Baseline, extended, progressive and lossless frames, Huffman or arithmetic (not hierarchical). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

const JFIF_APP0 = Uint8Array.of(0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00);

export interface JpegOptions {
  /** Keep a rotated photo's Orientation (a stand-alone JPEG). Inside a PDF it means nothing. */
  orientation?: boolean;
}

export function rebuildJpeg(bytes: Uint8Array, options: JpegOptions = {}): Uint8Array {
  if (bytes[0] !== 0xff || bytes[1] !== SOI) throw new EvidenceRejectedError("corrupt");
  const tables: Uint8Array[] = [];
  let orientation = 1;
  let adobeTransform: number | null = null;
  let sawFrame = false;
  let i = 2;
  for (;;) {
    const { marker, at } = nextMarker(bytes, i);
    if (marker === EOI) {
      if (!sawFrame) throw new EvidenceRejectedError("corrupt");
      break;
    }
    const end = segmentEnd(bytes, at);
    const segment = bytes.subarray(at, end);
    if (SOF.has(marker)) {
      if (sawFrame) throw new EvidenceRejectedError("corrupt"); // a second frame in one image
      checkFrameSize(segment);
      sawFrame = true;
      tables.push(segment);
    } else if (TABLES.has(marker)) {
      tables.push(segment);
    } else if (marker === SOS) {
      if (!sawFrame) throw new EvidenceRejectedError("corrupt");
      const dataEnd = entropyEnd(bytes, end);
      tables.push(bytes.subarray(at, dataEnd));
      i = dataEnd;
      continue;
    } else if (marker === APP1 && !sawFrame) {
      orientation = exifOrientation(segment.subarray(4)) ?? orientation;
    } else if (marker === APP14 && !sawFrame && segment.length >= 16 && ascii(segment, 4, 5) === "Adobe") {
      adobeTransform = segment[15]!;
    } else if ((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe) {
      // other APPn and COM: dropped
    } else {
      throw new EvidenceRejectedError("corrupt"); // hierarchical (DHP/EXP), JPG extensions, stray markers
    }
    i = end;
  }
  const head: Uint8Array[] = [Uint8Array.of(0xff, SOI), JFIF_APP0];
  if (options.orientation && orientation >= 2 && orientation <= 8) head.push(orientationExif(orientation));
  if (adobeTransform !== null) head.push(adobeApp14(adobeTransform));
  return concat([...head, ...tables, Uint8Array.of(0xff, EOI)]);
}

/** The marker at `i` (fill bytes skipped); anything but a marker there means a broken file. */
function nextMarker(bytes: Uint8Array, i: number): { marker: number; at: number } {
  if (bytes[i] !== 0xff) throw new EvidenceRejectedError("corrupt");
  while (bytes[i + 1] === 0xff) i++;
  if (i + 1 >= bytes.length) throw new EvidenceRejectedError("corrupt");
  return { marker: bytes[i + 1]!, at: i };
}

function segmentEnd(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) throw new EvidenceRejectedError("corrupt");
  const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
  const end = at + 2 + length;
  if (length < 2 || end > bytes.length) throw new EvidenceRejectedError("corrupt");
  return end;
}

/** The end of a scan's entropy-coded data: the first marker that is neither a stuffed 0xFF00 nor a restart. */
function entropyEnd(bytes: Uint8Array, from: number): number {
  let i = from;
  for (;;) {
    i = bytes.indexOf(0xff, i);
    if (i < 0 || i + 1 >= bytes.length) throw new EvidenceRejectedError("corrupt"); // no EOI
    const next = bytes[i + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i += 2;
    else if (next === 0xff) i += 1;
    else return i;
  }
}

/** SOF: precision(1) height(2) width(2) components(1)…; an undeclared height (DNL) is refused too. */
function checkFrameSize(segment: Uint8Array) {
  if (segment.length < 10) throw new EvidenceRejectedError("corrupt");
  const height = (segment[5]! << 8) | segment[6]!;
  const width = (segment[7]! << 8) | segment[8]!;
  if (height === 0 || width === 0) throw new EvidenceRejectedError("corrupt");
  if (height * width > MAX_IMAGE_PIXELS) throw new EvidenceRejectedError("too_many_pixels");
}

/** Orientation (tag 0x0112) from an APP1 EXIF payload's first IFD; null if absent or unreadable. */
function exifOrientation(payload: Uint8Array): number | null {
  try {
    return readOrientation(payload);
  } catch {
    return null; // a broken EXIF costs the photo its rotation, not its acceptance
  }
}

function readOrientation(payload: Uint8Array): number | null {
  if (payload.length < 14 || ascii(payload, 0, 4) !== "Exif") return null;
  const tiff = payload.subarray(6);
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return null;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return null;
  const count = view.getUint16(ifd, little);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + 12 * k;
    if (entry + 12 > tiff.length) return null;
    if (view.getUint16(entry, little) === 0x0112 && view.getUint16(entry + 2, little) === 3) return view.getUint16(entry + 8, little);
  }
  return null;
}

/** APP1 "Exif\0\0", big-endian TIFF, one IFD with one entry: Orientation. */
function orientationExif(value: number): Uint8Array {
  return Uint8Array.of(
    0xff,
    APP1,
    0x00,
    0x22,
    0x45,
    0x78,
    0x69,
    0x66,
    0x00,
    0x00,
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0x00,
    0x00,
    0x00,
    0x08,
    0x00,
    0x01,
    0x01,
    0x12,
    0x00,
    0x03,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    value,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
  );
}

/** APP14 "Adobe": version 100, no flags, the original's colour transform only. */
function adobeApp14(transform: number): Uint8Array {
  return Uint8Array.of(0xff, APP14, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, transform);
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}
