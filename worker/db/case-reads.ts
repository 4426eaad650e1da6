/**
 * The read marker of a body's case (issue 14 item 2, UX 34; migration 0045): per (report, body)
 * the reporter's messages and the report's events the body has seen, by sequence number. The
 * inbox's «新留言» / «申请重新办理» and the menu count read it (fragments in ./inbox.ts);
 * opening the report moves it (worker/services/case-reads.ts). Another body's marker is never read.
 */
import { READ_JOIN, UNSEEN_REOPENS_SQL, unreadMessagesSql, VISIBLE } from "./inbox.ts";

export interface ReadMarker {
  message_seq: number;
  event_seq: number;
}

/** What the body had seen of the report before (nothing: zeros). */
export const readMarker = async (db: D1Database, reportId: string, bodyId: string): Promise<ReadMarker> =>
  (await db.prepare("SELECT message_seq, event_seq FROM case_reads WHERE report_id = ?1 AND body_id = ?2").bind(reportId, bodyId).first<ReadMarker>()) ?? {
    message_seq: 0,
    event_seq: 0,
  };

/**
 * The body has now seen everything of the report it can see at `now` (ms). Messages: up to just
 * before the first reporter message still waiting for its batch (a later, visible one stays
 * unread rather than an earlier one being marked seen before it could be read); events: all of
 * them (a reopen becomes an event only in its batch). The marker never moves back.
 */
export const markReadStatement = (db: D1Database, reportId: string, bodyId: string, now: number) =>
  db
    .prepare(
      `INSERT INTO case_reads (report_id, body_id, message_seq, event_seq)
       SELECT ?1, ?2,
              COALESCE((SELECT min(seq) - 1 FROM messages WHERE report_id = ?1 AND direction = 'to_body' AND visible_from > ?3), (SELECT max(seq) FROM messages WHERE report_id = ?1), 0),
              COALESCE((SELECT max(seq) FROM report_events WHERE report_id = ?1), 0)
        WHERE 1
       ON CONFLICT (report_id, body_id) DO UPDATE SET message_seq = max(message_seq, excluded.message_seq), event_seq = max(event_seq, excluded.event_seq)`,
    )
    .bind(reportId, bodyId, now);

/** How many of the body's reports have something it has not seen (the menu's «收件箱（3）»). */
export async function unreadCaseCount(db: D1Database, bodyId: string, now: number): Promise<number> {
  const row = await db
    .prepare(
      `SELECT count(*) AS n FROM report_assignments a ${READ_JOIN}
        WHERE a.body_id = ?1 AND a.active = 1 AND ${VISIBLE} AND (${unreadMessagesSql("?2")} > 0 OR ${UNSEEN_REOPENS_SQL} > 0)`,
    )
    .bind(bodyId, now)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
