import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ReportInput } from "../../data/schema/report.ts";
import { REPORT_CATEGORIES, IMPOSER_LEVELS } from "../../data/schema/report-category.ts";
import { makeArea, postJson, solvedAltcha } from "./report-fixtures.ts";

/** Each field: a valid value, a plausible mistake, junk of any JSON type, or absent. */
const field = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>) => fc.option(fc.oneof(valid, invalid, fc.jsonValue()), { nil: undefined });

describe("POST /api/reports under arbitrary input", () => {
  it("never answers 5xx, and accepts exactly what the schema accepts", async () => {
    const area = await makeArea();
    const body = fc.record(
      {
        townshipCode: field(fc.constant(area.township), fc.string()),
        villageCode: field(fc.constant(area.village), fc.stringMatching(/^\d{12}$/)),
        imposerName: field(fc.constantFrom("县农业农村局", "市住建局"), fc.string({ maxLength: 120 })),
        imposerLevel: field(fc.constantFrom(...IMPOSER_LEVELS), fc.string()),
        category: field(fc.constantFrom(...REPORT_CATEGORIES), fc.string()),
        title: field(fc.constantFrom("每月重复填报种植面积表"), fc.string({ maxLength: 100 })),
        description: field(fc.constantFrom("同一组数据每月要向三个部门分别填报，格式各不相同，每次要花两天。"), fc.string({ maxLength: 300 })),
        sinceMonth: field(fc.constantFrom("2024-05", "2025-01"), fc.string()),
        hoursPerMonth: field(fc.integer({ min: 0, max: 744 }), fc.oneof(fc.double(), fc.integer())),
        listStatus: field(fc.constantFrom("unknown", "off_list", "on_list"), fc.string()),
        dutyItemRef: field(fc.constantFrom("basic:12", "returned:3"), fc.string()),
        publishConsent: field(fc.boolean(), fc.string()),
        evidence: field(fc.constant([]), fc.array(fc.string(), { maxLength: 7 })),
        extra: fc.option(fc.jsonValue(), { nil: undefined }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const candidate = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
        // A fresh challenge per run: a solved challenge is accepted once.
        const res = await postJson("/api/reports", { ...candidate, altcha: await solvedAltcha() }, { "accept-language": "en" });
        expect(res.status).toBeLessThan(500);
        const accepted = ReportInput.safeParse(candidate).success;
        if (res.status === 201) expect(accepted).toBe(true);
        // Accepted by the schema but refused: only the checks against D1 may do that.
        if (accepted && res.status !== 201) {
          expect(res.status).toBe(400);
          const json = (await res.json()) as { fields: { path: string }[] };
          expect(json.fields.every((f) => f.path === "villageCode" || f.path === "evidence" || f.path === "townshipCode")).toBe(true);
        }
      }),
      { numRuns: 120 },
    );
  });
});
