/**
 * Evidence files without metadata (issue #5 §4, issue #15 §1). A photo's EXIF can name the
 * camera, the phone's owner and where it was taken; a PDF's information dictionary, comments
 * and attachments name their author. Files are not cleaned in place but rebuilt from their
 * parts, by allow-list, within the isolate's memory and without decoding pixels:
 * `evidence/jpeg.ts`, `evidence/png.ts`, and for PDFs a bounded pre-scan (`evidence/pdf-scan.ts`)
 * before a new document is built (`evidence/pdf-rebuild.ts`); one with an empty user password is
 * decrypted first (`evidence/pdf-decrypt.ts`). A file whose structure cannot be
 * walked is refused (`EvidenceRejectedError`) rather than stored uncleaned. Pure: no I/O.
 */
import type { EvidenceMediaType } from "../../data/schema/report.ts";
import { EvidenceRejectedError, oneCharPerByte } from "./evidence/errors.ts";
import { rebuildJpeg } from "./evidence/jpeg.ts";
import { rebuildPng } from "./evidence/png.ts";
import { scanPdf } from "./evidence/pdf-scan.ts";
import { decryptPdf, isEncrypted } from "./evidence/pdf-decrypt.ts";
import { rebuildPdf } from "./evidence/pdf-rebuild.ts";

export { EvidenceRejectedError } from "./evidence/errors.ts";

/** The type a file really is, from its first bytes (the declared type is not trusted). */
export function sniffMediaType(bytes: Uint8Array): EvidenceMediaType | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return "image/png";
  if (new TextDecoder().decode(bytes.subarray(0, 5)) === "%PDF-") return "application/pdf";
  return null;
}

/** Rebuilds a file of a supported type without its metadata; refuses anything else. */
export async function cleanEvidence(bytes: Uint8Array, declared?: string | null): Promise<{ bytes: Uint8Array; mediaType: EvidenceMediaType }> {
  if (bytes.length === 0) throw new EvidenceRejectedError("empty");
  const mediaType = sniffMediaType(bytes);
  if (!mediaType) throw new EvidenceRejectedError("unsupported_type");
  const declaredType = declared?.split(";")[0]?.trim().toLowerCase();
  if (
    declaredType &&
    declaredType !== "application/octet-stream" &&
    declaredType !== mediaType &&
    !(declaredType === "image/jpg" && mediaType === "image/jpeg")
  ) {
    throw new EvidenceRejectedError("type_mismatch");
  }
  try {
    if (mediaType === "image/jpeg") return { bytes: rebuildJpeg(bytes, { orientation: true }), mediaType };
    if (mediaType === "image/png") return { bytes: rebuildPng(bytes), mediaType };
    return { bytes: await cleanPdf(bytes), mediaType };
  } catch (err) {
    // Whatever a parser trips over, the file is refused rather than stored uncleaned.
    if (err instanceof EvidenceRejectedError) throw err;
    throw new EvidenceRejectedError("corrupt");
  }
}

/** Decrypt (empty user password only), pre-scan, then rebuild: no PDF library sees an unscanned file. */
async function cleanPdf(bytes: Uint8Array): Promise<Uint8Array> {
  const text = oneCharPerByte(bytes);
  const encrypted = isEncrypted(text);
  const plain = encrypted ? decryptPdf(bytes, text) : bytes;
  scanPdf(plain, encrypted ? oneCharPerByte(plain) : text);
  return rebuildPdf(plain, { decrypted: encrypted });
}
