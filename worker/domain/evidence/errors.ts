/**
 * Why an evidence file was refused. Each reason has a message `report.e.evidence_<reason>` in
 * the report catalogue; the limits name themselves so the reporter knows what to change.
 */
export type EvidenceRejection =
  | "unsupported_type"
  | "type_mismatch"
  | "corrupt"
  | "encrypted"
  | "too_large"
  | "empty"
  | "too_many_pixels"
  | "pdf_decoded_too_large"
  | "pdf_stream_too_large"
  | "pdf_object_stream_too_large"
  | "pdf_too_deep"
  | "pdf_too_many_objects"
  | "pdf_too_many_values"
  | "pdf_too_many_pages";

export class EvidenceRejectedError extends Error {
  override readonly name = "EvidenceRejectedError";
  readonly reason: EvidenceRejection;
  constructor(reason: EvidenceRejection) {
    super(`evidence rejected: ${reason}`);
    this.reason = reason;
  }
}

/** Images whose header declares more pixels than this are refused (a 48 MP phone photo passes). */
export const MAX_IMAGE_PIXELS = 50_000_000;

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** The bytes as a string of the same length, char code = byte (TextDecoder's "latin1" is windows-1252, which is not). */
export function oneCharPerByte(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}
