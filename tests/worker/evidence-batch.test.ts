/**
 * Evidence written in the delivery batch (security M1, L10): R2 keeps each object's upload time,
 * so intake stores a file under a random staging key and the report's batch writes it to its
 * final key. Nothing at the final key dates the filing; no failure loses a file.
 */
import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { handleScheduled } from "../../worker/scheduled.ts";
import { describe, expect, it, vi } from "vitest";
import { PNG } from "pngjs";
import { formFields, makeArea, postForm, postJson, solvedAltcha, validReport } from "./report-fixtures.ts";
import { evidenceObject, moveStagedEvidence } from "../../worker/services/evidence-batch.ts";
import { purgeExpiredContent } from "../../worker/services/retention.ts";
import { beijingToday, shiftDays } from "../../worker/domain/working-days.ts";

const HOUR = 3_600_000;
const tinyPng = () => new Uint8Array(PNG.sync.write(new PNG({ width: 2, height: 2 })));

type Row = { id: string; reportId: string | null; finalKey: string; stagedKey: string | null; movesAt: number | null };
const rowsOf = async (township: string) =>
  (
    await env.DB.prepare(
      "SELECT e.id, e.report_id AS reportId, e.r2_key AS finalKey, e.staged_key AS stagedKey, e.moves_at AS movesAt FROM evidence e JOIN reports r ON r.id = e.report_id WHERE r.township_code = ?1 ORDER BY e.id",
    )
      .bind(township)
      .all<Row>()
  ).results;

/** Files a report with one file through the JSON API (uploaded first) and one through the no-JS form. */
async function fileWithEvidence() {
  const viaApi = await makeArea();
  const upload = await exports.default.fetch("http://localhost/api/evidence", { method: "POST", headers: { "content-type": "image/png" }, body: tinyPng() });
  const { token } = (await upload.json()) as { token: string };
  expect((await postJson("/api/reports", { altcha: await solvedAltcha(), ...validReport(viaApi, { evidence: [token] }) })).status).toBe(201);
  const viaForm = await makeArea();
  expect((await postForm("/report", formFields(validReport(viaForm)), [{ name: "evidence", type: "image/png", bytes: tinyPng() }])).status).toBe(201);
  return [...(await rowsOf(viaApi.township)), ...(await rowsOf(viaForm.township))];
}

/** Pretends the files' batch is the current hour (a batch runs at its whole hour, the copy after it). */
async function batchIsNow(rows: Row[]): Promise<number> {
  const batchAt = Math.floor(Date.now() / HOUR) * HOUR;
  for (const r of rows) await env.DB.prepare("UPDATE evidence SET moves_at = ?2 WHERE id = ?1").bind(r.id, batchAt).run();
  return batchAt;
}

describe("security L10: evidence is written to its final key only in the report's delivery batch", () => {
  it("after filing only the staged object exists, under a key unrelated to the report; after the batch only the final one, uploaded no earlier than the batch", async () => {
    const rows = await fileWithEvidence();
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.stagedKey).toMatch(/^staged\/[0-9a-f-]{36}$/);
      expect(r.stagedKey).not.toContain(r.reportId!);
      expect(r.stagedKey).not.toContain(r.finalKey.split("/")[1]!);
      // The batch the report waits for, a whole hour (security M2: nothing finer is stored).
      expect(r.movesAt! % HOUR).toBe(0);
      expect(r.movesAt!).toBeGreaterThan(Date.now());
      expect(await env.EVIDENCE.head(r.finalKey)).toBeNull();
      expect(await env.EVIDENCE.head(r.stagedKey!)).not.toBeNull();
    }

    // Before the batch nothing moves.
    expect((await moveStagedEvidence(env, rows[0]!.movesAt! - HOUR)).moved).toBe(0);
    expect(await env.EVIDENCE.head(rows[0]!.finalKey)).toBeNull();

    const batchAt = await batchIsNow(rows);
    const before = await Promise.all(rows.map(async (r) => new Uint8Array(await (await env.EVIDENCE.get(r.stagedKey!))!.arrayBuffer())));
    expect((await moveStagedEvidence(env, batchAt)).moved).toBeGreaterThanOrEqual(2);
    for (const [i, r] of rows.entries()) {
      const final = await env.EVIDENCE.get(r.finalKey);
      expect(final).not.toBeNull();
      expect(final!.uploaded.getTime()).toBeGreaterThanOrEqual(batchAt);
      expect(final!.httpMetadata?.contentType).toBe("image/png");
      expect(new Uint8Array(await final!.arrayBuffer())).toEqual(before[i]);
      expect(await env.EVIDENCE.head(r.stagedKey!)).toBeNull();
    }
    expect(
      (await rowsOf((await env.DB.prepare("SELECT township_code AS t FROM reports WHERE id = ?1").bind(rows[0]!.reportId).first<{ t: string }>())!.t))[0]!
        .stagedKey,
    ).toBeNull();
    // A second run changes nothing.
    expect((await moveStagedEvidence(env, batchAt)).failed).toBe(0);
    expect(await env.EVIDENCE.head(rows[0]!.finalKey)).not.toBeNull();
  });

  it("the hourly cron moves the files of the batch it runs", async () => {
    const rows = await fileWithEvidence();
    const batchAt = await batchIsNow(rows);
    await handleScheduled({ cron: "0 * * * *", scheduledTime: batchAt, noRetry() {} } as ScheduledController, env as unknown as Env, createExecutionContext());
    for (const r of rows) {
      expect(await env.EVIDENCE.head(r.finalKey)).not.toBeNull();
      expect(await env.EVIDENCE.head(r.stagedKey!)).toBeNull();
    }
  });

  it("keeps the staged object when the copy fails, and the next run moves it", async () => {
    const rows = await fileWithEvidence();
    const batchAt = await batchIsNow(rows);
    const failing = new Proxy(env.EVIDENCE, {
      get: (bucket, prop) => (prop === "put" ? () => Promise.reject(new Error("R2 unavailable")) : Reflect.get(bucket, prop).bind(bucket)),
    }) as R2Bucket;
    const result = await moveStagedEvidence({ DB: env.DB, EVIDENCE: failing }, batchAt);
    expect(result.failed).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(await env.EVIDENCE.head(r.stagedKey!)).not.toBeNull();
      expect(await env.EVIDENCE.head(r.finalKey)).toBeNull();
      // Oversight still reads the file, from its staging key.
      expect(await evidenceObject(env.EVIDENCE, { r2_key: r.finalKey, staged_key: r.stagedKey })).not.toBeNull();
      expect((await env.DB.prepare("SELECT staged_key AS s FROM evidence WHERE id = ?1").bind(r.id).first<{ s: string }>())!.s).toBe(r.stagedKey);
    }
    await moveStagedEvidence(env, batchAt);
    for (const r of rows) {
      expect(await env.EVIDENCE.head(r.finalKey)).not.toBeNull();
      expect(await env.EVIDENCE.head(r.stagedKey!)).toBeNull();
      expect(await evidenceObject(env.EVIDENCE, { r2_key: r.finalKey, staged_key: null })).not.toBeNull();
    }
  });

  it("counts a file at neither key as lost, logs only the count, and does not retry it; the others still move", async () => {
    const rows = await fileWithEvidence();
    const batchAt = await batchIsNow(rows);
    const [gone, kept] = rows as [Row, Row];
    await env.EVIDENCE.delete(gone.stagedKey!);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const first = await moveStagedEvidence(env, batchAt);
      expect(first.lost).toBe(1);
      expect(first.failed).toBe(0);
      expect(await env.EVIDENCE.head(kept.finalKey)).not.toBeNull();
      const lines = logged.mock.calls.map((c) => c.join(" "));
      expect(lines).toContainEqual(expect.stringContaining("1 staged files at neither key"));
      for (const line of lines) for (const secret of [gone.id, gone.reportId!, gone.stagedKey!, gone.finalKey]) expect(line).not.toContain(secret);
      // The lost row leaves the retry set: later runs neither count nor try it.
      expect(await moveStagedEvidence(env, batchAt + HOUR)).toEqual({ moved: 0, failed: 0, lost: 0 });
    } finally {
      logged.mockRestore();
    }
    // The row stays for retention (its keys kept), and oversight finds no object rather than an error.
    const row = await env.DB.prepare("SELECT staged_key AS s, deleted_on AS d FROM evidence WHERE id = ?1")
      .bind(gone.id)
      .first<{ s: string | null; d: string | null }>();
    expect(row).toEqual({ s: gone.stagedKey, d: null });
    expect(await evidenceObject(env.EVIDENCE, { r2_key: gone.finalKey, staged_key: gone.stagedKey })).toBeNull();
  });

  it("retention deletes the staged object of a report and of an upload never attached", async () => {
    const rows = await fileWithEvidence();
    for (const r of rows) await env.DB.prepare("UPDATE reports SET status = 'closed', closed_on = '2024-01-10' WHERE id = ?1").bind(r.reportId).run();
    const upload = await exports.default.fetch("http://localhost/api/evidence", { method: "POST", headers: { "content-type": "image/png" }, body: tinyPng() });
    expect(upload.status).toBe(201);
    const orphans = (await env.DB.prepare("SELECT staged_key AS s FROM evidence WHERE report_id IS NULL AND deleted_on IS NULL").all<{ s: string }>()).results;
    expect(orphans.length).toBeGreaterThan(0);
    for (const o of orphans) expect(await env.EVIDENCE.head(o.s)).not.toBeNull();
    await purgeExpiredContent(env, shiftDays(beijingToday(), 3), 365);
    for (const r of rows) expect(await env.EVIDENCE.head(r.stagedKey!)).toBeNull();
    for (const o of orphans) expect(await env.EVIDENCE.head(o.s)).toBeNull();
  });
});
