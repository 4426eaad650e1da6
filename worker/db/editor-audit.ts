/**
 * The editors' append-only audit (migrations/0052): every sign-in, view and action of the desk.
 * Triggers refuse UPDATE and DELETE. The time is kept to the hour: contributions carry days
 * only, and an editor's view must not date a hand-in more precisely than that.
 */
export const EDITOR_AUDIT_ACTIONS = [
  "login",
  "login_failed",
  "logout",
  "view_queue",
  "view_contribution",
  "download_file",
  "mark_duplicate",
  "record_metadata",
  "import_ready",
  "start_review",
  "outcome",
] as const;
export type EditorAuditAction = (typeof EDITOR_AUDIT_ACTIONS)[number];

export interface EditorAuditEntry {
  editorId: string | null;
  action: EditorAuditAction;
  contributionId?: string | null;
  detail?: string | null;
}

const HOUR_MS = 3_600_000;

/** The INSERT for one entry (to add to a batch with the change it records). */
export const editorAuditStatement = (db: D1Database, e: EditorAuditEntry, now = Date.now()): D1PreparedStatement =>
  db
    .prepare("INSERT INTO editor_audit (editor_id, at, action, contribution_id, detail) VALUES (?1, ?2, ?3, ?4, ?5)")
    .bind(e.editorId, Math.floor(now / HOUR_MS) * HOUR_MS, e.action, e.contributionId ?? null, e.detail ?? null);

export const editorAudit = async (db: D1Database, e: EditorAuditEntry): Promise<void> => {
  await editorAuditStatement(db, e).run();
};
