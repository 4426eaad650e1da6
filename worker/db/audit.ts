/**
 * The append-only audit log (migrations/0030): D1 triggers refuse UPDATE and DELETE.
 * Entries name the acting user and the exact time (users are officials, not reporters).
 */
export const AUDIT_ACTIONS = [
  "login",
  "login_failed",
  "logout",
  "view_report",
  "view_evidence",
  "transition",
  "transfer",
  "note",
  "message",
  "export",
  "invite",
  "password_reset",
  "bulk",
  "view_audit",
  "summary_draft",
  "summary_approve",
  "summary_withdraw",
  "passkey_added",
  "passkey_removed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The body user acting (officials, not reporters). */
export interface ActingUser {
  id: string;
  bodyId: string;
}

/** The audit log's filters (UX 36): who looked at what, what was done to reports, changes to accounts. */
export const AUDIT_GROUPS = {
  views: ["view_report", "view_evidence", "view_audit", "export"],
  actions: ["transition", "transfer", "note", "message", "bulk", "summary_draft", "summary_approve", "summary_withdraw"],
  accounts: ["login", "login_failed", "logout", "invite", "password_reset", "passkey_added", "passkey_removed"],
} as const satisfies Record<string, readonly AuditAction[]>;
export type AuditGroup = keyof typeof AUDIT_GROUPS;
export const isAuditGroup = (g: string | undefined): g is AuditGroup => g !== undefined && Object.hasOwn(AUDIT_GROUPS, g);

export interface AuditEntry {
  bodyId: string;
  userId: string | null;
  action: AuditAction;
  reportId?: string | null;
  detail?: string | null;
}

/** The INSERT for one entry (to add to a batch with the change it records). */
export const auditStatement = (db: D1Database, e: AuditEntry, at = Date.now()): D1PreparedStatement =>
  db
    .prepare("INSERT INTO audit_log (body_id, user_id, at, action, report_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
    .bind(e.bodyId, e.userId, at, e.action, e.reportId ?? null, e.detail ?? null);

export const audit = async (db: D1Database, e: AuditEntry): Promise<void> => {
  await auditStatement(db, e).run();
};

export interface AuditRow {
  id: number;
  at: number;
  user_id: string | null;
  display_name: string | null;
  action: AuditAction;
  report_id: string | null;
  detail: string | null;
}

/** A body's audit log, newest first (`before` pages by id), optionally one group of actions. */
export async function listAudit(db: D1Database, bodyId: string, limit = 200, before = Number.MAX_SAFE_INTEGER, group?: AuditGroup): Promise<AuditRow[]> {
  const actions: readonly string[] = group ? AUDIT_GROUPS[group] : [];
  const only = actions.length ? `AND a.action IN (${actions.map((_, i) => `?${i + 4}`).join(", ")})` : "";
  const { results } = await db
    .prepare(
      `SELECT a.id, a.at, a.user_id, u.display_name, a.action, a.report_id, a.detail
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
        WHERE a.body_id = ?1 AND a.id < ?2 ${only} ORDER BY a.id DESC LIMIT ?3`,
    )
    .bind(bodyId, before, limit, ...actions)
    .all<AuditRow>();
  return results;
}
