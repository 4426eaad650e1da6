/**
 * Editors' passkeys (issue 12 item 2, "exactly as for oversight users"): the desk's account page
 * /editor/account lists, adds and removes them, and /editor/login signs in with one
 * (editor/index.tsx). The routes are the oversight users' (worker/routes/account/passkeys.tsx), built for the
 * editor tables (EDITOR_ACCOUNTS: editor_passkeys, editor_sessions), the editor session and
 * editor_audit: a passkey of an oversight user signs in to no desk, and an editor's to no inbox.
 */
import type { Context } from "hono";
import { requireEditor, type EditorEnv } from "../../auth/session.ts";
import { EDITOR_ACCOUNTS } from "../../db/accounts.ts";
import { passkeyAccountRoutes } from "../account/passkeys.tsx";
import { EditorNav, epath } from "./views.tsx";

export const editorPasskeyRoutes = passkeyAccountRoutes({
  kind: EDITOR_ACCOUNTS,
  require: requireEditor,
  path: epath,
  holder: (c: Context<EditorEnv>) => c.get("editor"),
  nav: (c: Context<EditorEnv>) => <EditorNav c={c} />,
});
