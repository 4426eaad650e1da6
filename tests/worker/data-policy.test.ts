/** The privacy notice's numbers (worker/domain/data-policy.ts) are the ones the worker applies (issue 14 item 5). */
import { describe, expect, it } from "vitest";
import { privacyFacts } from "../../worker/domain/data-policy.ts";
import { DEFAULT_MAX_AGE_DAYS, DEFAULT_RETENTION_DAYS, ORPHAN_UPLOAD_DAYS, retentionDays } from "../../worker/services/retention.ts";
import { MIN_CELL } from "../../worker/domain/suppression.ts";
import { MIN_RATED } from "../../worker/domain/stats.ts";
import { REPORT_LIMITS } from "../../data/schema/report.ts";

describe("the privacy notice's facts", () => {
  it("are the retention, publication thresholds and evidence limits of the worker", () => {
    expect(privacyFacts()).toEqual({
      retentionDays: DEFAULT_RETENTION_DAYS,
      maxAgeDays: DEFAULT_MAX_AGE_DAYS,
      orphanUploadDays: ORPHAN_UPLOAD_DAYS,
      minCell: MIN_CELL,
      minRated: MIN_RATED,
      evidenceFiles: REPORT_LIMITS.evidenceFiles,
      evidenceMegabytes: REPORT_LIMITS.evidenceBytes / 1024 / 1024,
    });
  });

  it("follow RETENTION_DAYS as the purge does", () => {
    expect(privacyFacts({ RETENTION_DAYS: "90" }).retentionDays).toBe(retentionDays({ RETENTION_DAYS: "90" }));
    expect(retentionDays({ RETENTION_DAYS: "90" })).toBe(90);
  });
});
