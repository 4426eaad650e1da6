/**
 * What the service keeps, for how long, and what it publishes: the numbers the privacy notice
 * (/about/#privacy, site/components/PrivacyNotice.astro) states. The worker's retention and
 * publication rules import them from here, so the notice cannot drift from what the code does
 * (tests/site/privacy-notice.test.ts compares the page with these values). Pure: no I/O.
 */
import { REPORT_LIMITS } from "../../data/schema/report.ts";

/** Days after a report is closed before its text, messages and evidence are deleted, unless `RETENTION_DAYS` is set. */
export const DEFAULT_RETENTION_DAYS = 365;
/** Days after receipt before the content of a report that was never closed is deleted, unless `RETENTION_MAX_AGE_DAYS` is set. */
export const DEFAULT_MAX_AGE_DAYS = 730;
/** Evidence uploaded through the API but never referenced by a report. */
export const ORPHAN_UPLOAD_DAYS = 2;
/** A published count below this is withheld (small-cell suppression). */
export const MIN_CELL = 5;
/** No body or area gets rates (or could be compared) on fewer reports than this. */
export const MIN_RATED = 10;
/** Evidence: files per report and bytes per file. */
export const EVIDENCE_LIMITS = { files: REPORT_LIMITS.evidenceFiles, bytes: REPORT_LIMITS.evidenceBytes } as const;

const daysVar = (env: object, name: string, fallback: number) => {
  const value = (env as Record<string, unknown>)[name];
  const raw = value === undefined || value === "" ? Number.NaN : Number(value);
  return Number.isInteger(raw) && raw >= 0 ? raw : fallback;
};

/** The retention the worker applies: `RETENTION_DAYS` when it is a whole number of days, else the default. */
export const retentionDays = (env: object): number => daysVar(env, "RETENTION_DAYS", DEFAULT_RETENTION_DAYS);
/** The longest a report's content is kept, closed or not: `RETENTION_MAX_AGE_DAYS`, else the default. */
export const maxAgeDays = (env: object): number => daysVar(env, "RETENTION_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS);

/** The facts as the privacy notice prints them; the build passes its environment, as the worker passes its bindings. */
export function privacyFacts(env: object = {}) {
  return {
    retentionDays: retentionDays(env),
    maxAgeDays: maxAgeDays(env),
    orphanUploadDays: ORPHAN_UPLOAD_DAYS,
    minCell: MIN_CELL,
    minRated: MIN_RATED,
    evidenceFiles: EVIDENCE_LIMITS.files,
    evidenceMegabytes: EVIDENCE_LIMITS.bytes / (1024 * 1024),
  };
}
