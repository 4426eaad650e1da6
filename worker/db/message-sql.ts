/**
 * A body's message to the reporter or public reply as SQL text and bindings, in plain TypeScript
 * without Workers types: worker/db/oversight.ts addMessage binds it, and the browser tests run it
 * as SQL text on their local D1 (tests/e2e/report-flow.test.ts), as worker/db/account-sql.ts does for accounts.
 */
import { inline } from "./sql-literal.ts";

export interface BodyMessage {
  reportId: string;
  onDay: string;
  bodyId: string | null;
  kind: "message" | "public_reply";
  text: string;
}

/** Appended with the report's next sequence number (one statement: no race). */
export const INSERT_BODY_MESSAGE =
  "INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text) VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE report_id = ?1), ?2, 'to_reporter', ?3, ?4, ?5)";

export const bodyMessageBindings = (m: BodyMessage) => [m.reportId, m.onDay, m.bodyId, m.kind, m.text] as const;

export const bodyMessageSql = (m: BodyMessage) => `${inline(INSERT_BODY_MESSAGE, bodyMessageBindings(m))};`;
