import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

/**
 * Anonymity by construction (issue #5 §4): the tables that hold what a reporter sends may only
 * have these columns. A new column (an IP address, a user agent, an exact time…) fails here
 * until it is reviewed against docs/threat-model.md and added on purpose.
 */
const ALLOWED: Record<string, string[]> = {
  reports: [
    "id",
    "receipt_hash",
    "received_on",
    "township_code",
    "village_code",
    "imposer_name",
    "imposer_level",
    "category",
    "title",
    "description",
    "since_month",
    "hours_per_month",
    "list_status",
    "duty_item_ref",
    "publish_consent",
    "status",
    "outcome",
    "duplicate_group",
    "merged_into",
    "reporter_count",
    "idempotency_hash",
    "first_delivered_on",
    "transfer_count",
    "closed_on",
    "content_purged_on",
    // Days (YYYY-MM-DD) set by triage (migrations/0030).
    "acknowledged_on",
    "concluded_on",
    // Consent to forwarding to a body that joins later, 0/1 (migrations/0011).
    "forward_consent",
  ],
  messages: ["report_id", "seq", "on_day", "direction", "body_id", "kind", "text", "visible_from"],
  reopen_requests: ["report_id", "reason", "batch_at"],
  evidence: ["id", "token_hash", "report_id", "r2_key", "staged_key", "moves_at", "media_type", "bytes", "uploaded_on", "deleted_on"],
  report_events: ["report_id", "seq", "on_day", "kind", "from_status", "to_status", "body_id", "actor", "public_text"],
  // Daily counts of no-proof-of-work reports per source bucket, county and body: no report id (migrations/0012).
  no_pow_daily: ["day", "scope", "used"],
  // The no-JS form's single-use tokens: a keyed hash, an expiry in whole hours, spent or not; no report id, no filing time (migrations/0013).
  form_tokens: ["token_hash", "expires_hour", "spent"],
  // Duplicate signatures: keyed hashes of the body's name and of the text's trigrams, a day; deleted with the content (migrations/0014).
  report_signatures: ["report_id", "township_code", "category", "body_key", "received_on", "grams"],
};

/** Names that would betray a reporter whatever table they appear in. */
const FORBIDDEN = /(^|_)(ip|ips|address|addr|user_agent|ua|cookie|session|fingerprint|device|created_at|timestamp|time|ts)($|_)/;

describe("columns of the tables holding reporters' content", () => {
  it.each(Object.keys(ALLOWED))("%s has only allow-listed columns", async (table) => {
    const { results } = await env.DB.prepare(`SELECT name FROM pragma_table_info(?1)`).bind(table).all<{ name: string }>();
    const columns = results.map((r) => r.name);
    expect(columns.length).toBeGreaterThan(0);
    expect(columns.filter((c) => !ALLOWED[table]!.includes(c))).toEqual([]);
    expect(columns.filter((c) => FORBIDDEN.test(c))).toEqual([]);
  });

  it("stores days, never times, in every date column of reports", async () => {
    const { results } = await env.DB.prepare("SELECT sql FROM sqlite_schema WHERE name = 'reports'").all<{ sql: string }>();
    for (const column of ["received_on", "first_delivered_on", "closed_on", "content_purged_on"]) expect(results[0]!.sql).toContain(column);
    expect(results[0]!.sql).not.toMatch(/DATETIME|TIMESTAMP/i);
  });
});
