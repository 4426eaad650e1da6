/**
 * Reads that are recorded (issue 16): what an official opens or takes away (a report's content,
 * an evidence file, the audit log, an export) goes to the body's audit log (worker/db/audit.ts),
 * and what an editor opens (the queue, a contribution, its file, the audit) to editor_audit
 * (worker/db/editor-audit.ts). The route loads what it shows, then records it here: one call,
 * only reading actions, so no route records a change itself (a change is recorded by the
 * service that makes it, in the same batch). Opening a case is worker/services/case-reads.ts.
 */
import { audit, type ActingUser, type AUDIT_GROUPS } from "../db/audit.ts";
import { editorAudit, type EditorAuditAction } from "../db/editor-audit.ts";

/** What an official's reading is recorded as: the audit log's «查看» group. */
export type OversightRead = (typeof AUDIT_GROUPS.views)[number];

export const recordRead = (db: D1Database, user: ActingUser, action: OversightRead, about: { reportId?: string; detail?: string } = {}) =>
  audit(db, { bodyId: user.bodyId, userId: user.id, action, ...about });

/** What an editor's reading is recorded as. */
export type DeskRead = Extract<EditorAuditAction, "view_queue" | "view_contribution" | "download_file" | "view_audit">;

export const recordDeskRead = (db: D1Database, editorId: string, action: DeskRead, about: { contributionId?: string; detail?: string } = {}) =>
  editorAudit(db, { editorId, action, ...about });
