/** The daily digest's query (worker/delivery/digest.ts): per-body counts over active assignments. */

export interface DigestCounts {
  body_id: string;
  open: number;
  unacknowledged: number;
  overdue: number;
  due_soon: number;
}

import { DEADLINE_BEARING, sqlList, UNACKNOWLEDGED } from "../domain/lifecycle.ts";
import { READ_JOIN, UNSEEN_REOPENS_SQL, unreadMessagesSql, VISIBLE } from "./inbox.ts";

const OPEN = sqlList(DEADLINE_BEARING);
const UNACKED = sqlList(UNACKNOWLEDGED);

/** Per-body counts over active assignments (index report_assignments_body, reports by key). */
export async function digestCounts(db: D1Database, today: string, soon: string): Promise<DigestCounts[]> {
  const { results } = await db
    .prepare(
      `SELECT a.body_id,
              count(*) AS open,
              sum(a.status IN ${UNACKED}) AS unacknowledged,
              sum((a.status IN ${UNACKED} AND a.ack_due_on < ?1) OR a.conclude_due_on < ?1) AS overdue,
              sum(NOT ((a.status IN ${UNACKED} AND a.ack_due_on < ?1) OR a.conclude_due_on < ?1) AND ((a.status IN ${UNACKED} AND a.ack_due_on <= ?2) OR a.conclude_due_on <= ?2)) AS due_soon
         FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id
        WHERE a.active = 1 AND ${VISIBLE} AND a.status IN ${OPEN}
        GROUP BY a.body_id`,
    )
    .bind(today, soon)
    .all<DigestCounts>();
  return results;
}

export interface UnreadCounts {
  body_id: string;
  /** Reporter messages the body can see and has not seen. */
  messages: number;
  /** Reopen requests applied to the body's cases that it has not seen. */
  reopens: number;
}

/** Per-body counts of what is unread (issue 14 item 2), over every active assignment, open or closed; bodies with nothing unread are left out. */
export async function unreadCounts(db: D1Database, now: number): Promise<UnreadCounts[]> {
  const { results } = await db
    .prepare(
      `SELECT body_id, sum(messages) AS messages, sum(reopens) AS reopens FROM (
         SELECT a.body_id, ${unreadMessagesSql("?1")} AS messages, ${UNSEEN_REOPENS_SQL} AS reopens
           FROM report_assignments a ${READ_JOIN} WHERE a.active = 1 AND ${VISIBLE})
        GROUP BY body_id HAVING sum(messages) + sum(reopens) > 0`,
    )
    .bind(now)
    .all<UnreadCounts>();
  return results;
}
