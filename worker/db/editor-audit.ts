/**
 * The editors' append-only audit (migrations/0052): every sign-in (password, passkey, the
 * confirmation before adding a passkey), failed sign-in and lockout, passkey change, view and
 * action of the desk, and the operator's `disable-editor` / `reset-editor` (worker/db/account-sql.ts).
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
  "view_audit",
  "passkey_added",
  "passkey_removed",
  "disabled",
  "reset",
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

/** One line of the desk's audit page. */
export interface EditorAuditRow {
  id: number;
  at: number;
  email: string | null;
  action: EditorAuditAction;
  contributionId: string | null;
  detail: string | null;
}

/** The desk's audit, newest first, `limit` entries with an id below `before` (paging by id). */
export async function listEditorAudit(db: D1Database, limit: number, before = Number.MAX_SAFE_INTEGER): Promise<EditorAuditRow[]> {
  const { results } = await db
    .prepare(
      `SELECT a.id, a.at, e.email, a.action, a.contribution_id AS contributionId, a.detail
         FROM editor_audit a LEFT JOIN editors e ON e.id = a.editor_id
        WHERE a.id < ?1 ORDER BY a.id DESC LIMIT ?2`,
    )
    .bind(before, limit)
    .all<EditorAuditRow>();
  return results;
}
