/**
 * PNG rebuilt from its parts (security H3): the signature, IHDR, PLTE, tRNS, the IDAT data and
 * IEND, copied as they are (their CRCs stay valid). Text (tEXt, zTXt, iTXt), eXIf, ICC, times,
 * animation frames and any unknown chunk are dropped, and nothing after IEND survives.
 */
import { EvidenceRejectedError, MAX_IMAGE_PIXELS, concat } from "./errors.ts";

const KEEP = new Set(["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]);
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function rebuildPng(bytes: Uint8Array): Uint8Array {
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new EvidenceRejectedError("corrupt");
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sawData = false;
  for (let i = 8; ; ) {
    if (i + 12 > bytes.length) throw new EvidenceRejectedError("corrupt"); // no IEND
    const length = view.getUint32(i);
    const type = String.fromCharCode(...bytes.subarray(i + 4, i + 8));
    const end = i + 12 + length;
    if (end > bytes.length || !/^[A-Za-z]{4}$/.test(type)) throw new EvidenceRejectedError("corrupt");
    if (i === 8) checkHeader(type, view, i, length);
    if (KEEP.has(type)) parts.push(bytes.subarray(i, end));
    if (type === "IDAT") sawData = true;
    if (type === "IEND") break;
    i = end;
  }
  if (!sawData) throw new EvidenceRejectedError("corrupt");
  return concat(parts);
}

function checkHeader(type: string, view: DataView, at: number, length: number) {
  if (type !== "IHDR" || length !== 13) throw new EvidenceRejectedError("corrupt");
  const width = view.getUint32(at + 8);
  const height = view.getUint32(at + 12);
  if (width === 0 || height === 0) throw new EvidenceRejectedError("corrupt");
  if (width * height > MAX_IMAGE_PIXELS) throw new EvidenceRejectedError("too_many_pixels");
}
