/**
 * The report's size limits and evidence types, shared by the intake schema (./report.ts), the
 * worker and the report island. No zod here: the island imports it into its first chunk.
 */
export const REPORT_LIMITS = {
  imposerName: { min: 2, max: 100 },
  title: { min: 4, max: 80 },
  description: { min: 20, max: 5000 },
  hoursPerMonth: { min: 0, max: 744 },
  /** Evidence files per report, bytes per file (after upload, before cleaning). */
  evidenceFiles: 5,
  evidenceBytes: 5 * 1024 * 1024,
  /** Largest JSON body of `POST /api/reports`. */
  jsonBytes: 64 * 1024,
} as const;

export const EVIDENCE_MEDIA_TYPES = ["image/jpeg", "image/png", "application/pdf"] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];
