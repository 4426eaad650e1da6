/**
 * The audit entry of a change to an account (sign-in, sign-out, passkeys), in the log of the
 * account's kind: an oversight user's in their body's `audit_log`, an editor's in `editor_audit`
 * (with its hour precision). The account kind picks the log as it picks the tables (accounts.ts),
 * so the account services write one call for both kinds.
 */
import { auditStatement, type AuditAction } from "./audit.ts";
import { editorAuditStatement, type EditorAuditAction } from "./editor-audit.ts";
import type { AccountKind } from "./accounts.ts";

/** The actions both logs have for an account. */
export type AccountAuditAction = Extract<AuditAction, EditorAuditAction>;

/** An account as its audit entry needs it: an oversight user's body names the log it goes to; editors have none. */
export interface AccountRef {
  id: string;
  bodyId?: string;
}

/** The INSERT of one entry about `account` (to run alone or in a batch with the change it records). */
export function accountAuditStatement(
  db: D1Database,
  kind: AccountKind,
  account: AccountRef,
  action: AccountAuditAction,
  detail: string | null = null,
): D1PreparedStatement {
  if (kind.accounts === "editors") return editorAuditStatement(db, { editorId: account.id, action, detail });
  // Every oversight user belongs to a body; an entry without one would be a caller's mistake, not input.
  if (!account.bodyId) throw new Error("an oversight user's audit entry needs the body");
  return auditStatement(db, { bodyId: account.bodyId, userId: account.id, action, detail });
}

export const accountAudit = async (
  db: D1Database,
  kind: AccountKind,
  account: AccountRef,
  action: AccountAuditAction,
  detail: string | null = null,
): Promise<void> => {
  await accountAuditStatement(db, kind, account, action, detail).run();
};
