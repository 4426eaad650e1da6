import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { t } from "../../site/i18n/index.ts";
import { count, makeArea, postJson, solvedAltcha, validReport, type Area } from "./report-fixtures.ts";

interface Envelope {
  code: string;
  message: string;
  requestId: string;
  fields?: { path: string; code: string; message: string }[];
}

async function submit(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return postJson("/api/reports", { altcha: await solvedAltcha(), ...body }, headers);
}

const tinyPng = () => new Uint8Array(PNG.sync.write(new PNG({ width: 2, height: 2 })));

describe("POST /api/reports", () => {
  describe("validation, field by field", () => {
    // [field, value, expected code]: each row breaks exactly one rule of data/schema/report.ts.
    const cases: [string, unknown, string][] = [
      ["townshipCode", undefined, "report.e.township_required"],
      ["townshipCode", "43102110", "report.e.township_code"],
      ["townshipCode", "999999999", "report.e.township_unknown"],
      ["villageCode", "12345", "report.e.village_code"],
      ["villageCode", "431021100999", "report.e.village_outside"],
      ["imposerName", "局", "report.e.imposer_short"],
      ["imposerName", "局".repeat(101), "report.e.imposer_long"],
      ["imposerName", "   ", "report.e.required"],
      ["imposerLevel", "city", "report.e.choose"],
      ["category", "noise", "report.e.choose"],
      ["category", undefined, "report.e.required"],
      ["title", "短标题", "report.e.title_short"],
      ["title", "标".repeat(81), "report.e.title_long"],
      ["description", "太短", "report.e.description_short"],
      ["description", "字".repeat(5001), "report.e.description_long"],
      ["sinceMonth", "2025-13", "report.e.month_format"],
      ["sinceMonth", "1989-12", "report.e.month_range"],
      ["sinceMonth", "2999-01", "report.e.month_range"],
      ["hoursPerMonth", 745, "report.e.hours"],
      ["hoursPerMonth", 1.5, "report.e.hours"],
      ["hoursPerMonth", "10", "report.e.hours"],
      ["listStatus", "maybe", "report.e.choose"],
      ["dutyItemRef", "item 12", "report.e.duty_item"],
      ["evidence.0", ["not-a-token"], "report.e.evidence_token"],
      ["evidence", Array.from({ length: 6 }, () => "A".repeat(43)), "report.e.evidence_count"],
      ["publishConsent", "yes", "report.e.invalid"],
      ["forwardConsent", "yes", "report.e.invalid"],
      ["idempotencyKey", "short", "report.e.idempotency_key"],
      ["colour", "blue", "report.e.unknown_field"],
    ];
    it.each(cases)("rejects %s = %j with 400 and code %s", async (field, value, code) => {
      const area = await makeArea();
      const name = field.split(".")[0]!;
      const body = validReport(area, { [name]: value });
      if (value === undefined) delete body[name];
      if (field === "villageCode" && value === "431021100999") body.villageCode = `${area.county}999999999`.slice(0, 12);
      const res = await submit(body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as Envelope;
      expect(json.code).toBe("validation_failed");
      expect(json.fields).toContainEqual(expect.objectContaining({ path: field, code }));
    });

    it("requires the duty item when the task is on the list, and refuses one when it is not", async () => {
      const area = await makeArea();
      const missing = (await (await submit(validReport(area, { listStatus: "on_list" }))).json()) as Envelope;
      expect(missing.fields).toContainEqual(expect.objectContaining({ path: "dutyItemRef", code: "report.e.duty_item_required" }));
      const unexpected = (await (await submit(validReport(area, { listStatus: "off_list", dutyItemRef: "basic:3" }))).json()) as Envelope;
      expect(unexpected.fields).toContainEqual(expect.objectContaining({ path: "dutyItemRef", code: "report.e.duty_item_unexpected" }));
    });

    it("gives field messages in English when the client prefers English", async () => {
      const area = await makeArea();
      const json = (await (await submit(validReport(area, { title: "x" }), { "accept-language": "en" })).json()) as Envelope;
      expect(json.message).toBe(t("en", "error.validation_failed"));
      expect(json.fields?.[0]?.message).toBe("The title needs at least 4 characters.");
    });
  });

  describe("transport errors", () => {
    it("answers 415 for a body that is not JSON", async () => {
      const res = await exports.default.fetch("http://localhost/api/reports", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
      expect(res.status).toBe(415);
      expect(((await res.json()) as Envelope).code).toBe("unsupported_media_type");
    });

    it("answers 413 for a body over 64 KiB", async () => {
      const res = await postJson("/api/reports", JSON.stringify({ description: "x".repeat(70_000) }));
      expect(res.status).toBe(413);
      expect(((await res.json()) as Envelope).code).toBe("payload_too_large");
    });

    it("answers 400 for malformed JSON", async () => {
      const res = await postJson("/api/reports", "{not json");
      expect(res.status).toBe(400);
      expect(((await res.json()) as Envelope).fields?.[0]?.code).toBe("report.e.json");
    });
  });

  describe("proof of work", () => {
    it("refuses a report without a solved ALTCHA challenge", async () => {
      const area = await makeArea();
      const res = await postJson("/api/reports", validReport(area));
      expect(res.status).toBe(400);
      expect(((await res.json()) as Envelope).fields).toContainEqual(expect.objectContaining({ path: "altcha", code: "report.e.altcha" }));
    });

    it("accepts a solved challenge once only", async () => {
      const area = await makeArea();
      const altcha = await solvedAltcha();
      expect((await postJson("/api/reports", { ...validReport(area), altcha })).status).toBe(201);
      const again = await postJson("/api/reports", { ...validReport(area, { title: "另一份反映的标题" }), altcha });
      expect(again.status).toBe(400);
      expect(((await again.json()) as Envelope).fields).toContainEqual(expect.objectContaining({ path: "altcha", code: "report.e.altcha" }));
    });

    it("answers a retry with the same idempotency key and spent challenge with the first receipt", async () => {
      const area = await makeArea();
      const body = { ...validReport(area, { idempotencyKey: crypto.randomUUID().replace(/-/g, "") }), altcha: await solvedAltcha() };
      const first = (await (await postJson("/api/reports", body)).json()) as { receiptCode: string };
      const retry = await postJson("/api/reports", body);
      expect(retry.status).toBe(200);
      expect(((await retry.json()) as { receiptCode: string }).receiptCode).toBe(first.receiptCode);
    });

    it("hands out challenges that are not cached", async () => {
      const res = await exports.default.fetch("http://localhost/api/reports/challenge");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toMatchObject({ algorithm: "SHA-256", challenge: expect.any(String), signature: expect.any(String) });
    });
  });

  describe("a valid report", () => {
    it("is stored with its first event and answered with a receipt code of 100 bits", async () => {
      const area = await makeArea();
      const res = await submit(
        validReport(area, { villageCode: area.village, sinceMonth: "2025-03", hoursPerMonth: 16, publishConsent: true, forwardConsent: true }),
      );
      expect(res.status).toBe(201);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const json = (await res.json()) as { receiptCode: string; replayed: boolean };
      expect(json.receiptCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
      expect(json.replayed).toBe(false);
      const row = await env.DB.prepare(
        "SELECT id, village_code AS v, hours_per_month AS h, publish_consent AS p, forward_consent AS f FROM reports WHERE township_code = ?1",
      )
        .bind(area.township)
        .first<{ id: string; v: string; h: number; p: number; f: number }>();
      expect(row).toMatchObject({ v: area.village, h: 16, p: 1, f: 1 });
      expect(await count("SELECT count(*) AS n FROM report_events WHERE report_id = ?1 AND to_status = 'received'", row!.id)).toBe(1);
    });

    it("is one report when submitted twice with the same idempotency key and solution, and the retry gets the same code", async () => {
      const area = await makeArea();
      const body = { ...validReport(area, { idempotencyKey: "k".repeat(10) + crypto.randomUUID().replace(/-/g, "") }), altcha: await solvedAltcha() };
      const first = (await (await submit(body)).json()) as { receiptCode: string };
      const again = await submit(body);
      expect(again.status).toBe(200);
      const second = (await again.json()) as { receiptCode: string; replayed: boolean };
      expect(second).toMatchObject({ receiptCode: first.receiptCode, replayed: true });
      expect(await count("SELECT count(*) AS n FROM reports WHERE township_code = ?1", area.township)).toBe(1);
    });

    it("links evidence uploaded first through /api/evidence, and a token cannot be used twice", async () => {
      const area = await makeArea();
      const upload = await exports.default.fetch("http://localhost/api/evidence", {
        method: "POST",
        headers: { "content-type": "image/png" },
        body: tinyPng(),
      });
      expect(upload.status).toBe(201);
      expect(upload.headers.get("cache-control")).toBe("no-store");
      const { token } = (await upload.json()) as { token: string };
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await submit(validReport(area, { evidence: [token] }))).status).toBe(201);
      const linked = await env.DB.prepare("SELECT e.media_type AS t FROM evidence e JOIN reports r ON r.id = e.report_id WHERE r.township_code = ?1")
        .bind(area.township)
        .first<{ t: string }>();
      expect(linked?.t).toBe("image/png");
      const reuse = (await (await submit(validReport(area, { evidence: [token] }))).json()) as Envelope;
      expect(reuse.fields).toContainEqual(expect.objectContaining({ path: "evidence", code: "report.e.evidence_token" }));
    });
  });
});

describe("POST /api/evidence", () => {
  it.each([
    ["text/plain", new TextEncoder().encode("hello"), 415, "unsupported_media_type"],
    ["image/png", new TextEncoder().encode("%PDF-1.4 not a png"), 400, "validation_failed"],
    ["image/jpeg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00]), 400, "validation_failed"],
  ])("refuses %s content that cannot be cleaned (%#) with %i", async (type, bytes, status, code) => {
    const res = await exports.default.fetch("http://localhost/api/evidence", {
      method: "POST",
      headers: { "content-type": type as string },
      body: bytes as Uint8Array,
    });
    expect(res.status).toBe(status);
    expect(((await res.json()) as Envelope).code).toBe(code);
  });

  it("answers 413 for a file over 5 MiB", async () => {
    const res = await exports.default.fetch("http://localhost/api/evidence", {
      method: "POST",
      headers: { "content-type": "image/png" },
      body: new Uint8Array(5 * 1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
  });
});

describe("when D1 fails during intake", () => {
  afterEach(async () => {
    await env.DB.exec("DROP TRIGGER IF EXISTS fail_report_events");
    if ((await count("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'official_channels_away'")) === 1)
      await env.DB.exec("ALTER TABLE official_channels_away RENAME TO official_channels");
  });

  it("answers 503 when intake's reads fail (the delivery plan's among them) and stores nothing", async () => {
    const area: Area = await makeArea();
    await env.DB.exec("ALTER TABLE official_channels RENAME TO official_channels_away");
    const res = await submit(validReport(area));
    expect(res.status).toBe(503);
    expect(((await res.json()) as Envelope).code).toBe("unavailable");
    expect(await count("SELECT count(*) AS n FROM reports WHERE township_code = ?1", area.township)).toBe(0);
  });

  it("answers 503 with a clear message, stores nothing and shows no receipt", async () => {
    const area: Area = await makeArea();
    await env.DB.exec("CREATE TRIGGER fail_report_events BEFORE INSERT ON report_events BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
    const res = await submit(validReport(area));
    expect(res.status).toBe(503);
    const json = (await res.json()) as Envelope & { receiptCode?: string };
    expect(json.code).toBe("unavailable");
    expect(json.message).toContain("未保存任何内容");
    expect(json.receiptCode).toBeUndefined();
    expect(await count("SELECT count(*) AS n FROM reports WHERE township_code = ?1", area.township)).toBe(0);
  });

  it("re-renders the no-JS form with the values and says nothing was saved", async () => {
    const { postForm, formFields } = await import("./report-fixtures.ts");
    const area = await makeArea();
    await env.DB.exec("CREATE TRIGGER fail_report_events BEFORE INSERT ON report_events BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
    const res = await postForm("/report", formFields(validReport(area)));
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain("这份反映没有保存");
    expect(html).not.toContain("receipt-code");
    expect(html).toMatch(/name="imposerName"[^>]*value="县农业农村局"/);
  });
});
